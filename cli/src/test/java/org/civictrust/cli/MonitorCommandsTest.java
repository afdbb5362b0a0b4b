package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.civictrust.witness.WitnessClient;
import org.civictrust.witness.WitnessException;
import org.civictrust.tiles.LogMirror;
import org.civictrust.tiles.TileServer;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.VerifierKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code civictrust monitor --url}, {@code witness} and {@code incidents} together: a monitor that
 * followed a log is shown a fork after a restart and writes a signed critical incident, which
 * {@code incidents --verify} proves and a tampered copy fails; a witness cosigns the log and refuses
 * the fork.
 */
class MonitorCommandsTest {
  static final String ORIGIN = "log.civictrust.example/0";

  @TempDir
  Path dir;

  final SignerKey logKey = SignerKey.generate(ORIGIN, new SecureRandom());
  final List<AutoCloseable> closing = new ArrayList<>();
  final ExecutorService commands = Executors.newCachedThreadPool();

  @AfterEach
  void close() throws Exception {
    commands.shutdownNow();
    for (AutoCloseable closeable : closing) {
      closeable.close();
    }
  }

  /** A log's entries, tiles and signed checkpoint. */
  final class Log {
    final List<byte[]> entries = new ArrayList<>();
    final CompactRange range = CompactRange.empty(0);
    final MemoryTiles tiles = new MemoryTiles();

    Log append(int count, String history) {
      for (int i = 0; i < count; i++) {
        byte[] entry = (history + " " + range.end()).getBytes(StandardCharsets.UTF_8);
        entries.add(entry);
        range.append(Rfc9162.leafHash(entry), tiles);
      }
      return this;
    }

    Log fork(int size, int more, String history) {
      Log fork = new Log();
      entries.subList(0, size).forEach(e -> {
        fork.entries.add(e);
        fork.range.append(Rfc9162.leafHash(e), fork.tiles);
      });
      return fork.append(more, history);
    }

    byte[] checkpoint() {
      return Notes.sign(Checkpoint.of(ORIGIN, range.end(), range.rootHash()).format(), logKey);
    }

    /** Serves this log over HTTP as the tile server does (at /ORIGIN/); returns the server's URL. */
    String serve() throws Exception {
      LogMirror mirror = new LogMirror(ORIGIN, logKey.verifierKey());
      for (int i = 0; i < entries.size(); i++) {
        mirror.appendEntry(i, entries.get(i));
      }
      mirror.offerCheckpoint(checkpoint());
      TileServer server = TileServer.start(new InetSocketAddress("127.0.0.1", 0));
      server.serve(mirror);
      closing.add(server);
      return "http://127.0.0.1:" + server.port() + "/";
    }
  }

  String logArgument() {
    return ORIGIN + "=" + logKey.verifierKey().format();
  }

  String monitorKey() throws IOException {
    CliRunner.Result generated = CliRunner.run("keys", "generate", "--name", "monitor.example/m1", "--out",
        dir.resolve("keys").toString());
    assertEquals(0, generated.exitCode(), generated.err());
    return generated.out().strip();
  }

  @Test
  void aMonitorShownAForkAfterARestartWritesAnIncidentThatVerifiesOffline() throws Exception {
    String monitorVkey = monitorKey();
    String key = dir.resolve("keys/monitor.example_m1.key").toString();
    Path state = dir.resolve("monitor");
    Log log = new Log().append(40, "main");
    CliRunner.Result first = CliRunner.run("monitor", "--url", log.serve(), "--key", key, "--log", logArgument(),
        "--state", state.toString(), "--interval", "PT0.2S", "--for", "PT1.5S");
    assertEquals(0, first.exitCode(), first.err());
    assertEquals(1, Files.readAllLines(state.resolve("observations")).size(), "one checkpoint observed");
    Log fork = log.fork(30, 15, "fork");
    CliRunner.Result second = CliRunner.run("monitor", "--url", fork.serve(), "--key", key, "--log", logArgument(),
        "--state", state.toString(), "--interval", "PT0.2S", "--for", "PT1.5S");
    assertEquals(0, second.exitCode(), second.err());
    List<Path> incidents;
    try (Stream<Path> files = Files.list(state.resolve("incidents"))) {
      incidents = files.sorted().toList();
    }
    assertEquals(1, incidents.size(), second.out());
    JsonNode printed = Json.MAPPER.readTree(second.out().lines().skip(1).findFirst().orElseThrow());
    assertEquals("INCONSISTENT_CHECKPOINTS", printed.get("reason").asText());

    CliRunner.Result verified = CliRunner.run("incidents", "--verify", "--monitor-key", monitorVkey, "--log",
        logArgument(), incidents.get(0).toString());
    assertEquals(0, verified.exitCode(), verified.out() + verified.err());
    JsonNode verdict = Json.MAPPER.readTree(verified.out());
    assertEquals("PROVEN", verdict.get("verdict").asText());
    assertEquals("critical", verdict.get("severity").asText());

    byte[] tampered = Files.readAllBytes(incidents.get(0));
    tampered[tampered.length - 20] = (byte) (tampered[tampered.length - 20] == 'A' ? 'B' : 'A');
    Path copy = Files.write(dir.resolve("tampered.incident"), tampered);
    CliRunner.Result failed = CliRunner.run("incidents", "--verify", "--monitor-key", monitorVkey, "--log",
        logArgument(), copy.toString());
    assertEquals(1, failed.exitCode(), failed.out());
    assertEquals("FAILED", Json.MAPPER.readTree(failed.out()).get("verdict").asText());
    String otherMonitor = SignerKey.generate("monitor.example/m1", new SecureRandom()).verifierKey().format();
    CliRunner.Result unknown = CliRunner.run("incidents", "--verify", "--monitor-key", otherMonitor, "--log",
        logArgument(), incidents.get(0).toString());
    assertEquals("UNKNOWN_MONITOR", Json.MAPPER.readTree(unknown.out()).get("problem").asText());
  }

  @Test
  void theWitnessCommandCosignsTheLogAndRefusesItsFork() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream printer = new PrintStream(out, true, StandardCharsets.UTF_8);
    Future<Integer> witness = commands.submit(() -> Main.run(new Main.Terminal(new ByteArrayInputStream(new byte[0]),
        printer, printer), "witness", "--key", dir.resolve("witness.key").toString(), "--name", "witness.example/w1",
        "--log", logArgument(), "--state", dir.resolve("witness").toString(), "--for", "PT20S"));
    JsonNode started = awaitFirstLine(out);
    WitnessClient client = WitnessClient.create(URI.create(started.get("url").asText()),
        VerifierKey.parse(started.get("vkey").asText()), Duration.ofSeconds(5));
    Log log = new Log().append(20, "main");
    assertEquals(1, client.addCheckpoint(0, List.of(), log.checkpoint()).size());
    Log fork = log.fork(10, 15, "fork");
    WitnessException refused = org.junit.jupiter.api.Assertions.assertThrows(WitnessException.class,
        () -> client.addCheckpoint(20, ConsistencyProofs.prove(20, 25, new TileHashReader(25, fork.tiles)),
            fork.checkpoint()));
    assertEquals(WitnessException.Kind.INCONSISTENT, refused.kind());
    assertTrue(Files.exists(dir.resolve("witness.key.vkey")));
    witness.cancel(true);
  }

  @Test
  void usageErrorsExitTwo() {
    TlogCommandTest.assertBadInput(CliRunner.run("monitor", "--key", dir.resolve("none.key").toString(), "--url",
        "http://127.0.0.1:9/"));
    TlogCommandTest.assertBadInput(CliRunner.run("incidents", "--verify", dir.resolve("none").toString()));
    TlogCommandTest.assertBadInput(CliRunner.run("witness", "--key", dir.resolve("w.key").toString(), "--log",
        logArgument()));
  }

  static JsonNode awaitFirstLine(ByteArrayOutputStream out) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      String text = out.toString(StandardCharsets.UTF_8);
      int newline = text.indexOf('\n');
      if (newline > 0) {
        return Json.MAPPER.readTree(text.substring(0, newline));
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the command printed nothing: " + CompletableFuture.completedFuture(out));
  }
}
