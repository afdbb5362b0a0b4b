package org.civictrust.tiles;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.civictrust.tlog.Tile;

/**
 * Serves logs over HTTP in C2SP tlog-tiles layout, each under its origin as prefix:
 * {@code /<origin>/checkpoint}, {@code /<origin>/tile/<L>/<N>[.p/<W>]} and
 * {@code /<origin>/tile/entries/<N>[.p/<W>]}. The checkpoint is mutable and not cached; full tiles and
 * bundles are immutable and cached for a year. Only GET and HEAD; anything else is 405, unknown paths
 * 404 and non-canonical tile paths 400.
 */
public final class TileServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, LogMirror> logs = new ConcurrentHashMap<>();

  private TileServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving on {@code address} (port 0 picks a free port).
   *
   * <p>Turns on TCP_NODELAY for the JDK's HTTP server ({@code sun.net.httpserver.nodelay}, read once
   * when the server classes load) unless already configured: without it every small response waits
   * out a delayed ACK, about 40 ms a tile.
   */
  public static TileServer start(InetSocketAddress address) throws IOException {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer server = HttpServer.create(address, 64);
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread thread = new Thread(r, "civictrust-tile-server");
      thread.setDaemon(true);
      return thread;
    });
    TileServer tiles = new TileServer(server, executor);
    server.createContext("/", tiles::handle);
    server.setExecutor(executor);
    server.start();
    return tiles;
  }

  /** Serves {@code mirror} under its origin. */
  public void serve(LogMirror mirror) {
    logs.put(mirror.origin(), mirror);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        send(exchange, 405, "text/plain; charset=utf-8", "no-store", "only GET and HEAD\n".getBytes());
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      LogMirror log = logs.values().stream()
          .filter(l -> path.startsWith("/" + l.origin() + "/"))
          .max(Comparator.comparingInt(l -> l.origin().length())).orElse(null);
      if (log == null) {
        send(exchange, 404, "text/plain; charset=utf-8", "no-store", "no such log\n".getBytes());
        return;
      }
      String resource = path.substring(log.origin().length() + 2);
      if (resource.equals("checkpoint")) {
        byte[] checkpoint = log.checkpoint();
        if (checkpoint == null) {
          send(exchange, 404, "text/plain; charset=utf-8", "no-store", "no checkpoint yet\n".getBytes());
        } else {
          send(exchange, 200, "text/plain; charset=utf-8", "no-cache", checkpoint);
        }
        return;
      }
      boolean bundle = resource.startsWith("tile/entries/");
      Tile tile;
      try {
        tile = bundle ? Tile.parseEntriesPath(resource) : Tile.parsePath(resource);
      } catch (IllegalArgumentException e) {
        send(exchange, resource.startsWith("tile/") ? 400 : 404, "text/plain; charset=utf-8", "no-store",
            (e.getMessage() + "\n").getBytes());
        return;
      }
      byte[] content = bundle ? log.entryBundle(tile) : log.tile(tile);
      if (content == null) {
        send(exchange, 404, "text/plain; charset=utf-8", "no-store", "not in the published tree\n".getBytes());
        return;
      }
      send(exchange, 200, "application/octet-stream",
          tile.isPartial() ? "public, max-age=10" : "public, max-age=31536000, immutable", content);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String cache, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().put("Content-Type", List.of(type));
    exchange.getResponseHeaders().put("Cache-Control", List.of(cache));
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
