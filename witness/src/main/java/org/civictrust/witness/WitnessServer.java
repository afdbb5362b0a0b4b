package org.civictrust.witness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.civictrust.witness.internal.WitnessRequest;

/**
 * Serves a {@link Witness} over HTTP (C2SP tlog-witness): {@code POST <prefix>/add-checkpoint} and,
 * for monitors, {@code GET <prefix>/<hex SHA-256 of the origin>/checkpoint} (the latest cosigned
 * checkpoint, 404 if none). The submission and monitoring prefixes are the same. Other methods are 405,
 * other paths 404, bodies above the request limit 400.
 */
public final class WitnessServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final String prefix;

  private WitnessServer(HttpServer server, ExecutorService executor, String prefix) {
    this.server = server;
    this.executor = executor;
    this.prefix = prefix;
  }

  /**
   * Starts serving {@code witness} on {@code address} (port 0 picks a free one) under {@code prefix}
   * ({@code ""} or a path starting with {@code /} and not ending with one).
   */
  public static WitnessServer start(Witness witness, InetSocketAddress address, String prefix) throws IOException {
    Objects.requireNonNull(witness, "witness");
    if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
      throw new IllegalArgumentException("a prefix is empty or /path without a trailing slash");
    }
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer server = HttpServer.create(address, 64);
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread thread = new Thread(r, "civictrust-witness");
      thread.setDaemon(true);
      return thread;
    });
    server.createContext(prefix.isEmpty() ? "/" : prefix + "/", exchange -> handle(witness, prefix, exchange));
    server.setExecutor(executor);
    server.start();
    return new WitnessServer(server, executor, prefix);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The submission (and monitoring) prefix as a URL on the loopback address. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port() + prefix);
  }

  private static void handle(Witness witness, String prefix, HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath().substring(prefix.length());
      String method = exchange.getRequestMethod();
      if (path.equals("/add-checkpoint")) {
        if (!method.equals("POST")) {
          send(exchange, Witness.Response.text(405, "add-checkpoint takes POST"));
          return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readNBytes(WitnessRequest.MAX_BODY_SIZE + 1);
        }
        if (body.length > WitnessRequest.MAX_BODY_SIZE) {
          send(exchange, Witness.Response.text(400, "request body too large"));
          return;
        }
        send(exchange, witness.addCheckpoint(body));
        return;
      }
      String[] parts = path.split("/", -1);
      if (parts.length == 3 && parts[0].isEmpty() && parts[2].equals("checkpoint") && parts[1].matches("[0-9a-f]{64}")) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
          send(exchange, Witness.Response.text(405, "checkpoint takes GET"));
          return;
        }
        var note = witness.latestCosignedByOriginHash(parts[1]);
        send(exchange, note.isPresent() ? new Witness.Response(200, Witness.TEXT_CONTENT_TYPE, note.get())
            : Witness.Response.text(404, "no checkpoint cosigned for this log"));
        return;
      }
      send(exchange, Witness.Response.text(404, "not found"));
    }
  }

  private static void send(HttpExchange exchange, Witness.Response response) throws IOException {
    exchange.getResponseHeaders().put("Content-Type", List.of(response.contentType()));
    exchange.getResponseHeaders().put("Cache-Control", List.of("no-store"));
    byte[] body = response.body();
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(response.status(), head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
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

  @Override
  public String toString() {
    return "WitnessServer[" + url() + "]";
  }
}
