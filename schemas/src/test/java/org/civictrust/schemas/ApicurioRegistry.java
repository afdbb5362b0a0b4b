package org.civictrust.schemas;

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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Apicurio Registry 2.6.x, a real Confluent-compatible schema registry, run as a child JVM for
 * integration tests: the distribution unpacked by the build into {@code apicurio.home}, in-memory
 * (H2) storage, loopback only, a free port, output appended to {@code apicurio.log}. Ready when
 * {@code /health/ready} and the Confluent API under {@value #CCOMPAT_PATH} answer 200. {@link #close}
 * stops it and its descendants; a shutdown hook does so if the test JVM exits first.
 *
 * <p>{@link #start(Path)} keeps the registry's H2 database in a directory instead, so that an outage
 * can be staged: {@link #stop()} stops the process, {@link #restart()} starts it again on the same port
 * with the same schemas and ids. Its port is picked below the kernel's ephemeral range, where no
 * client connection takes it while the registry is down. Shared with
 * other modules' integration tests through this module's test jar; each module unpacks the
 * distribution itself (see schemas/pom.xml and platform/pom.xml).
 */
public final class ApicurioRegistry implements AutoCloseable {
  /** Where Apicurio 2.6 serves the Confluent Schema Registry API (v6 answers too, deprecated). */
  public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);
  private static final int ATTEMPTS = 3;

  private final Path runner;
  private final Path log;
  private final String jdbcUrl;
  private final int port;
  private final Duration startup;
  private final Thread shutdownHook;
  private volatile Process process;

  private ApicurioRegistry(Path runner, Path log, String jdbcUrl, Process process, int port, Duration startup) {
    this.runner = runner;
    this.log = log;
    this.jdbcUrl = jdbcUrl;
    this.process = process;
    this.port = port;
    this.startup = startup;
    this.shutdownHook = new Thread(this::stop, "stop-apicurio");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts Apicurio with in-memory storage and waits until it is ready; retries on a fresh port if it dies while starting. */
  public static ApicurioRegistry start() throws IOException, InterruptedException {
    return start("jdbc:h2:mem:registry_db", false);
  }

  /**
   * Starts Apicurio with its database in {@code storage} (created if needed; a database left there by an
   * earlier registry is kept) and waits until it is ready. {@link #stop()} and {@link #restart()} stage an
   * outage.
   */
  public static ApicurioRegistry start(Path storage) throws IOException, InterruptedException {
    Files.createDirectories(storage);
    return start("jdbc:h2:file:" + storage.toAbsolutePath().resolve("registry_db"), true);
  }

  private static ApicurioRegistry start(String jdbcUrl, boolean restartable) throws IOException, InterruptedException {
    String homeProperty = System.getProperty("apicurio.home");
    if (homeProperty == null) {
      throw new IllegalStateException("system property apicurio.home is not set: run the ITs with mvn verify");
    }
    Path home = Path.of(homeProperty);
    Path log = Path.of(System.getProperty("apicurio.log", home.resolveSibling("apicurio-it.log").toString()));
    Files.deleteIfExists(log);
    Path runner;
    try (Stream<Path> files = Files.list(home)) {
      runner = files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + home));
    }
    for (int attempt = 1; ; attempt++) {
      int port = restartable ? freePortBelowEphemeralRange() : freePort();
      long begin = System.nanoTime();
      Process process = launch(runner, port, log, jdbcUrl);
      if (awaitReady(process, port)) {
        return new ApicurioRegistry(runner, log, jdbcUrl, process, port, Duration.ofNanos(System.nanoTime() - begin));
      }
      boolean died = !process.isAlive();
      destroy(process);
      if (!died || attempt == ATTEMPTS) {
        throw new IllegalStateException("Apicurio was not ready " + (died ? "(it exited)" : "within " + READY_WITHIN)
            + "; its output is in " + log + ":\n" + tail(log));
      }
    }
  }

  private static Process launch(Path runner, int port, Path log, String jdbcUrl) throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
        "-Dquarkus.datasource.jdbc.url=" + jdbcUrl, "-jar", runner.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(runner.getParent().toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // Settings Apicurio would read from the environment (storage, port, auth) must not leak in.
    builder.environment().keySet().removeIf(name -> name.startsWith("REGISTRY_") || name.startsWith("QUARKUS_")
        || name.startsWith("KEYCLOAK_") || name.equals("HTTP_PORT"));
    return builder.start();
  }

  private static boolean awaitReady(Process process, int port) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    List<String> paths = List.of("/health/ready", CCOMPAT_PATH + "/subjects");
    int ready = 0;
    while (ready < paths.size() && process.isAlive() && System.nanoTime() < deadline) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + paths.get(ready)))
          .timeout(Duration.ofSeconds(2)).build();
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          ready++;
          continue;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    return ready == paths.size();
  }

  /** The registry's root, e.g. {@code http://127.0.0.1:41234}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The base URL of its Confluent-compatible API. */
  public URI ccompatUrl() {
    return URI.create(url() + CCOMPAT_PATH);
  }

  /** From launch to ready. */
  public Duration startup() {
    return startup;
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the registry process is running. */
  public boolean isRunning() {
    return process.isAlive();
  }

  /**
   * Stops the registry process (SIGTERM, as an operator would; its descendants too) and waits until it
   * has exited: from then on, calls to {@link #url()} are refused. Nothing happens if it is stopped.
   */
  public void stop() {
    destroy(process);
  }

  /**
   * Starts the registry again after {@link #stop()}, on the same port and with the same storage (the same
   * schemas and ids with {@link #start(Path)}), and waits until it is ready.
   *
   * @throws IllegalStateException if it is still running, or does not get ready
   */
  public synchronized void restart() throws IOException, InterruptedException {
    if (process.isAlive()) {
      throw new IllegalStateException("the registry is running");
    }
    Process again = launch(runner, port, log, jdbcUrl);
    process = again;
    if (!awaitReady(again, port)) {
      destroy(again);
      throw new IllegalStateException("Apicurio was not ready again on port " + port + "; its output is in " + log
          + ":\n" + tail(log));
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    stop();
  }

  private static void destroy(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * A free port in [20000, the start of the kernel's ephemeral range): the kernel gives no outgoing
   * connection a port there, so it is still free when a stopped registry starts again.
   */
  private static int freePortBelowEphemeralRange() throws IOException {
    int end = 32_768;
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (Files.isReadable(range)) {
      end = Integer.parseInt(Files.readString(range).strip().split("\\s+")[0]);
    }
    if (end <= 20_000) {
      return freePort();
    }
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, end);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port in [20000, " + end + ")");
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
