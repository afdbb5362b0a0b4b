package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.civictrust.kv.server.LocalKvCluster;
import org.civictrust.verifier.RevocationSnapshot;
import org.civictrust.tlog.SignerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code civictrust kv up} runs three peers in this JVM on a thread (stopped by interrupting it, as
 * Ctrl-C would); the other issuance-store commands find them through {@code --data}, print JSON with
 * {@code --json} and tables otherwise, and exit 1 when the store refuses.
 */
class KvCommandsIT {
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  static final String ISSUER = "registry.example/civil";
  static final String DOCUMENT = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

  @TempDir
  Path dir;

  @Test
  void manageIssuersKeysAndDocumentsInTheStore() throws Exception {
    Path data = dir.resolve("data");
    AtomicReference<CliRunner.Result> upResult = new AtomicReference<>();
    Thread up = new Thread(() -> upResult.set(CliRunner.run("kv", "up", "--data", data.toString())), "kv-up-under-test");
    up.start();
    try {
      Path peersFile = data.resolve("kv").resolve(LocalKvCluster.PEERS_FILE);
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!Files.exists(peersFile)) {
        assertTrue(up.isAlive(), () -> "kv up ended early: " + upResult.get());
        assertTrue(System.nanoTime() < deadline, "kv up did not start in time");
        Thread.sleep(100);
      }
      String d = data.toString();

      CliRunner.Result added = CliRunner.run("issuers", "add", "--data", d, "--id", ISSUER, "--types",
          "birth-certificate,diploma", "--max-validity", "P3650D", "--json", "--request-id", "add-1");
      assertEquals(0, added.exitCode(), added.err());
      JsonNode addedJson = Json.MAPPER.readTree(added.out());
      assertEquals("OK", addedJson.get("result").asText());
      assertEquals(1, addedJson.get("version").asLong());
      CliRunner.Result retried = CliRunner.run("issuers", "add", "--data", d, "--id", ISSUER, "--types",
          "birth-certificate,diploma", "--max-validity", "P3650D", "--json", "--request-id", "add-1");
      assertEquals(added.out(), retried.out(), "a retry with the same request id returns the original result");
      CliRunner.Result twice = CliRunner.run("issuers", "add", "--data", d, "--id", ISSUER, "--types", "diploma",
          "--max-validity", "P1D");
      assertEquals(1, twice.exitCode());
      assertTrue(twice.out().startsWith("EXISTS "), twice.out());

      String vkey = CliRunner.run("keys", "generate", "--name", ISSUER, "--out", dir.resolve("k1").toString()).out().trim();
      CliRunner.run("keys", "generate", "--name", ISSUER, "--out", dir.resolve("k2").toString());
      assertEquals(0, CliRunner.run("keys", "rotate", "--data", d, "--issuer", ISSUER, "--vkey", vkey).exitCode());
      CliRunner.Result rotated = CliRunner.run("keys", "rotate", "--data", d, "--issuer", ISSUER, "--key",
          dir.resolve("k2").resolve("registry.example_civil.key").toString(), "--overlap", "PT2H");
      assertEquals(0, rotated.exitCode(), rotated.out() + rotated.err());
      String oldKeyId = vkey.split("\\+")[1];

      JsonNode shown = Json.MAPPER.readTree(CliRunner.run("issuers", "show", "--data", d, "--id", ISSUER, "--json").out());
      assertEquals(2, shown.get("keys").size());
      for (JsonNode key : shown.get("keys")) {
        assertEquals(key.get("keyId").asText().equals(oldKeyId) ? "retiring" : "active", key.get("state").asText());
      }
      CliRunner.Result table = CliRunner.run("issuers", "list", "--data", d);
      assertTrue(table.out().startsWith("ISSUER"), table.out());
      assertTrue(table.out().contains("1 active, 1 retiring"), table.out());

      assertEquals(0, CliRunner.run("keys", "revoke", "--data", d, "--issuer", ISSUER, "--key-id", oldKeyId,
          "--cutoff", "2026-01-01T00:00:00Z", "--reason", "lost laptop").exitCode());
      CliRunner.Result revived = CliRunner.run("keys", "rotate", "--data", d, "--issuer", ISSUER, "--vkey", vkey, "--json");
      assertEquals(1, revived.exitCode());
      assertEquals("KEY_REVOKED", Json.MAPPER.readTree(revived.out()).get("result").asText());

      assertEquals(1, CliRunner.run("documents", "status", "--data", d, "--hash", DOCUMENT).exitCode());
      assertEquals(0, CliRunner.run("documents", "revoke", "--data", d, "--hash", DOCUMENT, "--issuer", ISSUER,
          "--reason", "fraud").exitCode());
      JsonNode status = Json.MAPPER.readTree(CliRunner.run("documents", "status", "--data", d, "--hash", DOCUMENT,
          "--json").out());
      assertEquals("revoked", status.get("status").asText());
      assertEquals("fraud", status.get("reason").asText());
      CliRunner.Result unknownIssuer = CliRunner.run("documents", "revoke", "--data", d, "--hash", DOCUMENT, "--issuer",
          "nobody.example/x", "--reason", "x", "--json");
      assertEquals("UNKNOWN_ISSUER", Json.MAPPER.readTree(unknownIssuer.out()).get("result").asText());

      CliRunner.run("keys", "generate", "--name", "civictrust.example/revocations", "--out", dir.resolve("r").toString());
      Path note = dir.resolve("revocations.note");
      CliRunner.Result exported = CliRunner.run("kv", "export-revocations", "--data", d, "--key",
          dir.resolve("r").resolve("civictrust.example_revocations.key").toString(), "--out", note.toString());
      assertEquals(0, exported.exitCode(), exported.err());
      SignerKey signer = SignerKeyFiles.read(dir.resolve("r").resolve("civictrust.example_revocations.key"));
      RevocationSnapshot snapshot = RevocationSnapshot.open(Files.readAllBytes(note), List.of(signer.verifierKey()));
      assertEquals(1767225600000L, snapshot.keyCutoff(ISSUER, oldKeyId).orElseThrow());
      assertEquals(1, snapshot.documents().size());
      assertTrue(Files.readString(note, StandardCharsets.UTF_8).startsWith(RevocationSnapshot.HEADER + "\n"));

      TlogCommandTest.assertBadInput(CliRunner.run("issuers", "add", "--data", d, "--id", "bad id", "--types", "x",
          "--max-validity", "P1D"));
      TlogCommandTest.assertBadInput(CliRunner.run("documents", "status", "--data", d, "--hash", "not-a-hash"));
      TlogCommandTest.assertBadInput(CliRunner.run("issuers", "list", "--data", dir.resolve("nothing").toString()));
    } finally {
      up.interrupt();
      up.join(START_TIMEOUT.toMillis());
    }
    assertFalse(up.isAlive(), "kv up stopped");
    CliRunner.Result result = upResult.get();
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("PEER"), result.out());
    assertTrue(result.out().contains("stopped"), result.out());
  }
}
