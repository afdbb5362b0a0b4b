package org.civictrust.schemas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny Confluent-compatible schema registry for unit tests, on 127.0.0.1 and a free port, serving
 * the two calls of the API under a path prefix: ids follow content, unknown ids are 404 with error
 * code 40403. Tests can script the next answers (status, body, delay), plant raw id answers, and
 * count the requests it received.
 */
final class FakeRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
  private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(-?[0-9]+)");

  private record Answer(int status, String body, Duration delay) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final String prefix;
  private final Map<String, Integer> idsByText = new HashMap<>();
  private final Map<Integer, String> answersById = new HashMap<>();
  private int nextId;
  private final Queue<Answer> scripted = new ConcurrentLinkedQueue<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile String lastContentType;

  private FakeRegistry(String prefix, int firstId) throws IOException {
    this.prefix = prefix;
    this.nextId = firstId;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** A registry serving under {@code prefix} (e.g. "" or "/apis/ccompat/v7"), giving ids from {@code firstId}. */
  static FakeRegistry start(String prefix, int firstId) throws IOException {
    return new FakeRegistry(prefix, firstId);
  }

  /** The base URL a client needs, prefix included. */
  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
  }

  /** The next request gets this answer instead of the registry's. */
  void answerNext(int status, String body) {
    answerNext(status, body, Duration.ZERO);
  }

  /** The next request gets this answer, after {@code delay}. */
  void answerNext(int status, String body, Duration delay) {
    scripted.add(new Answer(status, body, delay));
  }

  /** Makes {@code GET /schemas/ids/{id}} answer {@code json} with status 200. */
  synchronized void plant(int id, String json) {
    answersById.put(id, json);
  }

  /** Every request received so far, as "METHOD /path". */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /** The Content-Type of the last request. */
  String lastContentType() {
    return lastContentType;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      requests.add(exchange.getRequestMethod() + " " + path);
      lastContentType = exchange.getRequestHeaders().getFirst("Content-Type");
      Answer answer = scripted.poll();
      if (answer == null) {
        answer = serve(exchange.getRequestMethod(), path, body);
      }
      if (!answer.delay().isZero()) {
        // A slow registry, as the test scripted it: what a client's timeout is tested against.
        try {
          Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private synchronized Answer serve(String method, String path, byte[] body) throws IOException {
    String rest = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
    Matcher register = REGISTER.matcher(rest);
    Matcher byId = BY_ID.matcher(rest);
    if ("POST".equals(method) && register.matches()) {
      String text = JSON.readTree(body).get("schema").textValue();
      Integer id = idsByText.get(text);
      if (id == null) {
        id = nextId++;
        idsByText.put(text, id);
        answersById.put(id, JSON.createObjectNode().put("schema", text).toString());
      }
      return new Answer(200, "{\"id\":" + id + "}", Duration.ZERO);
    }
    if ("GET".equals(method) && byId.matches()) {
      String known = answersById.get(Integer.valueOf(byId.group(1)));
      return known != null ? new Answer(200, known, Duration.ZERO)
          : new Answer(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}", Duration.ZERO);
    }
    return new Answer(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}", Duration.ZERO);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
