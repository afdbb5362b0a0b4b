package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.civictrust.connect.ArchiveLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code civictrust archive verify} and {@code restore} on a log written in tlog-tiles layout by
 * {@code civictrust tlog tiles}: the archive sink writes the same layout.
 */
class ArchiveCommandTest {
  @TempDir
  Path dir;
  Path entries;
  Path archive;
  String vkey;

  @BeforeEach
  void writeALog() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 1_000; i++) {
      lines.append(Base64.getEncoder().encodeToString(("archived entry " + i).getBytes(StandardCharsets.UTF_8)))
          .append('\n');
    }
    entries = Files.writeString(dir.resolve("entries.txt"), lines);
    CliRunner.Result key = CliRunner.run("keys", "generate", "--name", "archive.example/log", "--out",
        dir.resolve("keys").toString());
    assertEquals(0, key.exitCode(), key.err());
    vkey = key.out().trim();
    archive = dir.resolve("archive");
    Path log = archive.resolve(ArchiveLayout.logPrefix("archive.example/log"));
    CliRunner.Result tiles = CliRunner.run("tlog", "tiles", "--entries", entries.toString(), "--out", log.toString(),
        "--key", dir.resolve("keys/archive.example_log.key").toString(), "--origin", "archive.example/log");
    assertEquals(0, tiles.exitCode(), tiles.err());
  }

  static JsonNode json(String line) throws Exception {
    return Json.MAPPER.readTree(line);
  }

  @Test
  void verifiesAnArchiveFromItsRootOrItsLogPrefix() throws Exception {
    for (String location : List.of(archive.toString(), archive.resolve("archive.example/log").toString())) {
      CliRunner.Result result = CliRunner.run("archive", "verify", "--vkey", vkey, location);
      assertEquals(0, result.exitCode(), result.out() + result.err());
      JsonNode report = json(result.out());
      assertEquals("VERIFIED", report.get("verdict").asText());
      assertEquals("archive.example/log", report.get("origin").asText());
      assertEquals(1_000, report.get("treeSize").asLong());
      assertEquals(4, report.get("entryBundles").asLong());
    }
  }

  @Test
  void namesTheTileWithOneCorruptByteAndExitsOne() throws Exception {
    Path tile = archive.resolve("archive.example/log/tile/0/002");
    byte[] content = Files.readAllBytes(tile);
    content[1_000] ^= 0x04;
    Files.write(tile, content);
    CliRunner.Result result = CliRunner.run("archive", "verify", "--vkey", vkey, archive.toString());
    assertEquals(Main.FAILED, result.exitCode(), result.err());
    JsonNode report = json(result.out());
    assertEquals("FAILED", report.get("verdict").asText());
    assertEquals("TILE_MISMATCH", report.get("reason").asText());
    assertEquals("tile/0/002", report.get("path").asText());
  }

  @Test
  void aTrustStoreNamesTheLogsToLookFor() throws Exception {
    Path trust = Files.writeString(dir.resolve("trust.json"), "{\"logs\":[{\"origin\":\"archive.example/log\",\"vkey\":\""
        + vkey + "\"}],\"issuers\":[]}");
    CliRunner.Result result = CliRunner.run("archive", "verify", "--trust", trust.toString(), archive.toString());
    assertEquals(0, result.exitCode(), result.out() + result.err());
    assertEquals("VERIFIED", json(result.out()).get("verdict").asText());
    String otherKey = CliRunner.run("keys", "generate", "--name", "archive.example/log", "--out",
        dir.resolve("other").toString()).out().trim();
    CliRunner.Result forged = CliRunner.run("archive", "verify", "--vkey", otherKey, archive.toString());
    assertEquals(Main.FAILED, forged.exitCode());
    assertEquals("CHECKPOINT_INVALID", json(forged.out()).get("reason").asText());
    assertEquals("UNKNOWN_KEY", json(forged.out()).get("check").asText());
  }

  @Test
  void restoresTheLogsStateAndEntries() throws Exception {
    Path restored = dir.resolve("restored.txt");
    CliRunner.Result result = CliRunner.run("archive", "restore", "--vkey", vkey, "--entries-out", restored.toString(),
        "--checkpoint-out", dir.resolve("checkpoint").toString(), archive.toString());
    assertEquals(0, result.exitCode(), result.out() + result.err());
    JsonNode state = json(result.out());
    JsonNode root = json(CliRunner.run("tlog", "root", "--entries", entries.toString()).out());
    assertEquals(root.get("treeSize").asLong(), state.get("treeSize").asLong());
    assertEquals(root.get("rootHash").asText(), state.get("rootHash").asText());
    assertEquals(Files.readString(entries), Files.readString(restored), "the entries, byte for byte");
    assertEquals(Files.readString(archive.resolve("archive.example/log/checkpoint")), state.get("checkpoint").asText());
    assertEquals(Files.readString(archive.resolve("archive.example/log/checkpoint")),
        Files.readString(dir.resolve("checkpoint")));
    JsonNode nodes = state.get("compactRange").get("nodes");
    assertEquals(Set.of(512L, 256L, 128L, 64L, 32L, 8L), sizes(nodes), "1,000 = 512 + 256 + 128 + 64 + 32 + 8");
    assertEquals(List.of(1_000L, 3L), List.of(state.get("tileHashCounts").get(0).asLong(),
        state.get("tileHashCounts").get(1).asLong()));
  }

  @Test
  void aDamagedArchiveIsNotRestored() throws Exception {
    Files.delete(archive.resolve("archive.example/log/tile/entries/001"));
    CliRunner.Result result = CliRunner.run("archive", "restore", "--vkey", vkey, archive.toString());
    assertEquals(Main.FAILED, result.exitCode());
    assertEquals("BUNDLE_MISSING", json(result.out()).get("reason").asText());
    assertEquals("tile/entries/001", json(result.out()).get("path").asText());
  }

  @Test
  void badUsageExitsTwo() {
    TlogCommandTest.assertBadInput(CliRunner.run("archive", "verify", archive.toString()));
    TlogCommandTest.assertBadInput(CliRunner.run("archive", "verify", "--vkey", "nonsense", archive.toString()));
    TlogCommandTest.assertBadInput(CliRunner.run("archive", "verify", "--vkey", vkey, dir.resolve("absent").toString()));
  }

  static Set<Long> sizes(JsonNode nodes) {
    Set<Long> sizes = new java.util.HashSet<>();
    nodes.forEach(node -> sizes.add(1L << node.get("level").asInt()));
    return sizes;
  }
}
