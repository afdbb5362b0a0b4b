package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.civictrust.connect.ArchiveLayout;
import org.civictrust.platform.DemoRequests;
import org.civictrust.schemas.Documents;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.TlogProof;
import org.civictrust.verifier.Receipt;
import org.civictrust.verifier.TrustStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline commands end to end on a real in-process KRaft broker, through {@link CliRunner}:
 * {@code up} runs on a thread (stopped by interrupting it, as Ctrl-C would through its shutdown hook),
 * {@code issue --demo} publishes requests, {@code receipts --wait} exports every receipt, {@code verify}
 * finds each VERIFIED against the trust store {@code up} wrote, {@code replay} rebuilds both logs and
 * every checkpoint matches, the issuance store {@code up} runs holds the issuers and reads a document
 * anchored; then {@code up} again on the same data continues the same logs.
 */
class PipelineCommandsIT {
  static final int REQUESTS = 300;
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  @Test
  void upIssueReceiptsVerifyAndReplayAgreeAndARestartContinuesTheSameLogs() throws Exception {
    Path data = dir.resolve("data");
    long issued = DemoRequests.mix(REQUESTS, DemoMix.BAD_EVERY, 0, 0).stream()
        .filter(r -> r.expected().equals("ISSUED")).count();

    Up up = Up.start(data);
    String bootstrap = up.awaitBootstrap();
    assertExit(0, CliRunner.run("issue", "--demo", Integer.toString(REQUESTS), "--bootstrap", bootstrap));
    Path receipts = dir.resolve("receipts");
    assertExit(0, CliRunner.run("receipts", "--data", data.toString(), "--out", receipts.toString(),
        "--wait", Long.toString(issued), "--timeout", "PT90S"));
    List<String> files = list(receipts);
    assertEquals(issued, files.size());

    // The three-peer issuance store up started: seeded with the demo issuers, found through --data.
    CliRunner.Result issuers = CliRunner.run("issuers", "list", "--data", data.toString(), "--json");
    assertExit(0, issuers);
    assertTrue(issuers.out().contains(DemoRequests.CIVIL_REGISTRY), issuers.out());
    // A document anchored through the pipeline reads anchored there, through its log's watermark.
    Receipt receipt = Receipt.parse(Files.readAllBytes(Path.of(files.get(0))));
    TlogProof proof = TlogProof.parse(receipt.tlogProof());
    String origin = new String(proof.signedCheckpoint(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    String documentHash = Hash.of(Documents.sha256(receipt.document())).toBase64();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    CliRunner.Result status;
    do {
      status = CliRunner.run("documents", "status", "--data", data.toString(), "--json", "--hash", documentHash,
          "--log", origin, "--leaf", Long.toString(proof.index()));
    } while (status.exitCode() != 0 && System.nanoTime() < deadline);
    assertExit(0, status);
    assertEquals("anchored", Json.MAPPER.readTree(status.out()).get("state").asText(), status.out());

    List<String> verify = new ArrayList<>(List.of("verify", "--json", "--trust", data.resolve("trust.json").toString()));
    verify.addAll(files);
    CliRunner.Result verdicts = CliRunner.run(verify.toArray(String[]::new));
    assertExit(0, verdicts);
    List<String> lines = verdicts.out().lines().toList();
    assertEquals(issued, lines.size());
    for (String line : lines) {
      assertEquals("VERIFIED", Json.MAPPER.readTree(line).get("status").asText(), line);
    }

    // Revoke the first document in the store; the snapshot up's revocation key signs (trust.json lists
    // the key) makes its receipt REVOKED offline, and only its.
    String issuer = Documents.parseDocument(receipt.document()).getIssuerId();
    assertExit(0, CliRunner.run("documents", "revoke", "--data", data.toString(), "--hash", documentHash,
        "--issuer", issuer, "--reason", "issued in error"));
    Path revocations = dir.resolve("revocations.note");
    assertExit(0, CliRunner.run("kv", "export-revocations", "--data", data.toString(), "--out", revocations.toString()));
    List<String> withRevocations = new ArrayList<>(List.of("verify", "--json", "--trust",
        data.resolve("trust.json").toString(), "--revocations", revocations.toString()));
    withRevocations.addAll(files);
    CliRunner.Result revokedVerdicts = CliRunner.run(withRevocations.toArray(String[]::new));
    assertExit(1, revokedVerdicts);
    List<String> revokedLines = revokedVerdicts.out().lines().toList();
    for (int i = 0; i < revokedLines.size(); i++) {
      assertEquals(i == 0 ? "REVOKED" : "VERIFIED", Json.MAPPER.readTree(revokedLines.get(i)).get("status").asText(),
          revokedLines.get(i));
    }

    Path replay = dir.resolve("replay");
    assertExit(0, CliRunner.run("replay", "--data", data.toString(), "--out", replay.toString()));
    TrustStore trust = TrustStore.parse(Files.readAllBytes(data.resolve("trust.json")));
    assertEquals(2, trust.logs().size());
    for (TrustStore.Log log : trust.logs()) {
      Path checkpoint = replay.resolve(ArchiveLayout.logPrefix(log.origin())).resolve(ArchiveLayout.CHECKPOINT);
      assertExit(0, CliRunner.run("note", "verify", "--vkey", log.vkey().format(), checkpoint.toString()));
    }
    assertExit(2, CliRunner.run("replay", "--data", data.toString(), "--out", replay.toString()));

    CliRunner.Result stopped = up.stop();
    assertExit(0, stopped);
    assertFalse(Files.exists(data.resolve(ClusterOptions.BOOTSTRAP_FILE)), "up removes its bootstrap file");
    // The libraries logged to the log file its summary names, not to the terminal.
    Path logFile = data.resolve(LibraryLog.FILE);
    assertTrue(stopped.out().contains("  log file     " + logFile + " "), stopped.out());
    assertTrue(Files.readString(logFile, StandardCharsets.UTF_8).startsWith("---- civictrust up started "));
    assertTrue(stopped.err().lines().noneMatch(ReadmeIT::isLogOrStackTrace), stopped.err());

    // Again on the same data: the same log keys and issuers, the same log.
    Up again = Up.start(data);
    again.awaitBootstrap();
    TrustStore trustAgain = TrustStore.parse(Files.readAllBytes(data.resolve("trust.json")));
    assertEquals(trust, trustAgain);
    Path replayAgain = dir.resolve("replay-again");
    assertExit(0, CliRunner.run("replay", "--data", data.toString(), "--out", replayAgain.toString()));
    for (TrustStore.Log log : trust.logs()) {
      Path before = replay.resolve(ArchiveLayout.logPrefix(log.origin())).resolve(ArchiveLayout.CHECKPOINT);
      Path after = replayAgain.resolve(ArchiveLayout.logPrefix(log.origin())).resolve(ArchiveLayout.CHECKPOINT);
      assertEquals(Files.readString(before), Files.readString(after), "the latest checkpoint of " + log.origin());
    }
    assertExit(0, again.stop());
  }

  static void assertExit(int expected, CliRunner.Result result) {
    assertEquals(expected, result.exitCode(), result.out() + result.err());
  }

  static List<String> list(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(Path::toString).filter(f -> f.endsWith(".json")).sorted().toList();
    }
  }

  /** {@code civictrust up} running on a thread of its own. */
  record Up(Path data, Thread thread, AtomicReference<CliRunner.Result> result) {
    static Up start(Path data) {
      AtomicReference<CliRunner.Result> result = new AtomicReference<>();
      Thread thread = new Thread(() -> result.set(CliRunner.run("up", "--data", data.toString(), "--logs", "2",
          "--checkpoint-entries", "100", "--tiles-port", "-1")), "civictrust-up-under-test");
      thread.start();
      return new Up(data, thread, result);
    }

    /** Waits until {@code up} has written the bootstrap file and returns the address in it. */
    String awaitBootstrap() throws Exception {
      Path file = data.resolve(ClusterOptions.BOOTSTRAP_FILE);
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!Files.exists(file)) {
        assertTrue(thread.isAlive(), () -> "up ended early: " + result.get());
        assertTrue(System.nanoTime() < deadline, "up did not start in time");
        Thread.sleep(100);
      }
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    /** Interrupts {@code up}, waits until it has stopped and returns its result. */
    CliRunner.Result stop() throws Exception {
      thread.interrupt();
      thread.join(START_TIMEOUT.toMillis());
      assertFalse(thread.isAlive(), "up stopped in time");
      return result.get();
    }
  }
}
