package org.civictrust.connect;

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
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3proxy 3.1 (Maven Central, org.gaul:s3proxy, its self-contained jar copied by the build), a real
 * S3-compatible server, run as a child JVM so that its Jetty never meets Kafka Connect's: AWS v2/v4
 * signatures required, objects kept in a directory (so that a server started again on it finds them),
 * loopback only. {@link #stop()} stops it and {@link #start()} starts it again on the same port and
 * directory: an outage, as the archive sink sees one.
 */
public final class S3Proxy implements AutoCloseable {
  public static final String IDENTITY = "civictrust-it";
  public static final String CREDENTIAL = "civictrust-it-secret";
  private static final Duration READY_WITHIN = Duration.ofSeconds(90);

  private final Path jar;
  private final Path home;
  private final int port;
  private Process process;

  private S3Proxy(Path jar, Path home, int port) {
    this.jar = jar;
    this.home = home;
    this.port = port;
  }

  /** Starts s3proxy with its data below {@code home}; waits until it answers HTTP. */
  public static S3Proxy start(Path home) throws Exception {
    String jar = System.getProperty("s3proxy.jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException("system property s3proxy.jar does not name the s3proxy jar: run with mvn verify");
    }
    S3Proxy proxy = new S3Proxy(Path.of(jar), home, freePort());
    proxy.start();
    return proxy;
  }

  /** Starts the server (again). */
  void start() throws Exception {
    Files.createDirectories(home.resolve("data"));
    Properties props = new Properties();
    props.put("s3proxy.endpoint", endpoint().toString());
    props.put("s3proxy.authorization", "aws-v2-or-v4");
    props.put("s3proxy.identity", IDENTITY);
    props.put("s3proxy.credential", CREDENTIAL);
    props.put("jclouds.provider", "filesystem-nio2");
    props.put("jclouds.filesystem.basedir", home.resolve("data").toAbsolutePath().toString());
    props.put("jclouds.identity", IDENTITY);
    props.put("jclouds.credential", CREDENTIAL);
    Path config = home.resolve("s3proxy.properties");
    try (var out = Files.newBufferedWriter(config)) {
      props.store(out, "s3proxy for the CivicTrust archive tests");
    }
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path log = home.resolve("s3proxy.log");
    process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
        "--properties", config.toString())).directory(home.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("s3proxy exited; its output:\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      try {
        http.send(HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    stop();
    throw new IllegalStateException("s3proxy did not answer within " + READY_WITHIN);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Settings for the archive's S3 store: this endpoint, path-style, static credentials. */
  public S3Settings settings() {
    return S3Settings.defaults().withEndpoint(endpoint()).withCredentials(IDENTITY, CREDENTIAL);
  }

  /** A plain S3 client of this server, for what the tests do behind the archive's back. */
  public S3Client client() {
    return S3Client.builder().endpointOverride(endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
        // s3proxy refuses the SDK's default trailing checksums (aws-chunked uploads), as S3Store knows.
        .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** Stops the server and waits until it has. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Stops the server; an interrupt while waiting kills it and stays in the thread's interrupt status. */
  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
