package org.civictrust.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Kafka Connect worker (distributed mode, {@code ConnectDistributed}) in a JVM of its own, as an
 * operator runs one: its classpath holds Kafka Connect and its dependencies but none of CivicTrust's
 * classes, nor the AWS SDK, Avro or Bouncy Castle, so the archive sink can only come from the plugin
 * directory the build packaged ({@code plugin.path}, {@code plugin.discovery=service_load}). Its
 * connectors, offsets and statuses live in Kafka, so a worker started again on the same broker and
 * group continues them. {@link #kill()} is a SIGKILL: a crash, not a shutdown.
 */
final class ConnectWorker implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY_WITHIN = Duration.ofSeconds(120);

  private final Process process;
  private final URI rest;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ConnectWorker(Process process, URI rest, Path log) {
    this.process = process;
    this.rest = rest;
    this.log = log;
  }

  /**
   * Starts a worker of the group {@code group} on {@code bootstrap}, with the plugins of
   * {@code pluginPath}, and waits until its REST API lists the archive sink among its plugins.
   */
  static ConnectWorker start(String bootstrap, String group, Path pluginPath, Path workDir) throws Exception {
    Files.createDirectories(workDir);
    int port = freePort();
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("group.id", group);
    props.put("config.storage.topic", group + "-configs");
    props.put("offset.storage.topic", group + "-offsets");
    props.put("status.storage.topic", group + "-status");
    props.put("config.storage.replication.factor", "1");
    props.put("offset.storage.replication.factor", "1");
    props.put("offset.storage.partitions", "1");
    props.put("status.storage.replication.factor", "1");
    props.put("status.storage.partitions", "1");
    props.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    props.put("plugin.path", pluginPath.toAbsolutePath().toString());
    props.put("plugin.discovery", "service_load");
    props.put("listeners", "http://127.0.0.1:" + port);
    props.put("rest.advertised.host.name", "127.0.0.1");
    props.put("offset.flush.interval.ms", "2000");
    // A crashed worker's tasks move to the next worker at once, and its group members expire in 6 s.
    props.put("scheduled.rebalance.max.delay.ms", "0");
    props.put("session.timeout.ms", "6000");
    props.put("heartbeat.interval.ms", "2000");
    props.put("consumer.session.timeout.ms", "6000");
    props.put("consumer.heartbeat.interval.ms", "2000");
    Path config = workDir.resolve("worker-" + port + ".properties");
    try (var out = Files.newBufferedWriter(config)) {
      props.store(out, "CivicTrust archive sink integration test worker");
    }
    Path log = workDir.resolve("worker-" + port + ".log");
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java, "-Xmx384m",
        "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn",
        "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common=warn",
        "-cp", workerClasspath(), "org.apache.kafka.connect.cli.ConnectDistributed", config.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    ConnectWorker worker = new ConnectWorker(process, URI.create("http://127.0.0.1:" + port), log);
    try {
      worker.awaitReady();
    } catch (Exception | AssertionError e) {
      worker.close();
      throw e;
    }
    return worker;
  }

  /**
   * The test JVM's classpath without CivicTrust's classes and without the libraries only the plugin
   * needs, so that a plugin directory lacking one of them fails here as it would on a real worker.
   */
  static String workerClasspath() {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> kept = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      String path = entry.replace(File.separatorChar, '/');
      boolean ours = path.contains("/org/civictrust/") || path.endsWith("/target/classes")
          || path.endsWith("/target/test-classes") || path.contains("/target/classes/") || path.contains("/connectors-");
      boolean pluginOnly = path.contains("/software/amazon/") || path.contains("/org/apache/avro/")
          || path.contains("/org/bouncycastle/") || path.contains("/org/apache/httpcomponents/");
      if (!ours && !pluginOnly && !entry.isBlank()) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the Connect worker exited with " + process.exitValue() + "; its log:\n" + tail());
      }
      try {
        HttpResponse<String> plugins = get("/connector-plugins?connectorsOnly=true");
        if (plugins.statusCode() == 200 && plugins.body().contains(ArchiveSinkConnector.class.getName())) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the Connect worker was not ready in " + READY_WITHIN + "; its log:\n" + tail());
  }

  /** Creates or updates the connector {@code name}. */
  void putConnector(String name, Map<String, String> config) throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(rest.resolve("/connectors/" + name + "/config"))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))));
    if (response.statusCode() / 100 != 2) {
      throw new AssertionError("PUT connector " + name + ": " + response.statusCode() + " " + response.body());
    }
  }

  /** The connector's status: {@code {"connector":{"state":…},"tasks":[{"id":0,"state":…,"trace":…}]}}. */
  JsonNode status(String name) throws Exception {
    HttpResponse<String> response = get("/connectors/" + name + "/status");
    if (response.statusCode() != 200) {
      return JSON.createObjectNode();
    }
    return JSON.readTree(response.body());
  }

  /** Restarts task {@code task} of {@code name}. */
  void restartTask(String name, int task) throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(
        rest.resolve("/connectors/" + name + "/tasks/" + task + "/restart")).POST(HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() / 100 != 2) {
      throw new AssertionError("restart task " + task + ": " + response.statusCode() + " " + response.body());
    }
  }

  /** Waits until some task of {@code name} matches {@code test}; returns that task's status. */
  JsonNode awaitTask(String name, Predicate<JsonNode> test, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    JsonNode status = null;
    while (System.nanoTime() < deadline) {
      status = status(name);
      for (JsonNode task : status.path("tasks")) {
        if (test.test(task)) {
          return task;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no task of " + name + " got there within " + within + "; status " + status);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(rest.resolve(path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The worker's log so far. */
  String logText() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** SIGKILL: the worker dies on the spot, its tasks neither flushed nor committed. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * A graceful stop (SIGTERM: Connect's shutdown hook stops the tasks, committing their offsets). An
   * interrupt while waiting kills the worker and stays in the thread's interrupt status.
   */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
