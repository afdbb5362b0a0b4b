package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.Tile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlogCommandTest {
  @TempDir
  static Path dir;

  static Path entries;

  @BeforeAll
  static void writeEntries() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lines.add(Base64.getEncoder().encodeToString(("entry-" + i).getBytes(StandardCharsets.UTF_8)));
    }
    entries = dir.resolve("entries.txt");
    Files.write(entries, lines);
  }

  static JsonNode json(CliRunner.Result result) throws Exception {
    assertEquals(0, result.exitCode(), result.err());
    return Json.MAPPER.readTree(result.out());
  }

  @Test
  void rootMatchesAnIndependentRfc6962Computation() throws Exception {
    // Computed with Python's hashlib from the RFC 6962 definition, outside this code base.
    JsonNode root = json(CliRunner.run("tlog", "root", "--entries", entries.toString()));
    assertEquals("{\"treeSize\":10,\"rootHash\":\"obtdcHeFAu7MtKcJ+lIf3ym0bpnQb7Fl30wPymyrDOA=\"}",
        root.toString());
  }

  @Test
  void everyInclusionProofItPrintsVerifies() throws Exception {
    for (int size = 1; size <= 10; size++) {
      for (int index = 0; index < size; index++) {
        CliRunner.Result proof = CliRunner.run("tlog", "inclusion", "--entries", entries.toString(),
            "--index", Integer.toString(index), "--size", Integer.toString(size));
        JsonNode node = json(proof);
        assertEquals(List.of("leafIndex", "treeSize", "leafHash", "rootHash", "hashes"), fieldNames(node));
        CliRunner.Result verdict = CliRunner.withInput(proof.out(), "tlog", "verify-inclusion");
        assertEquals("{\"verdict\":\"VERIFIED\"}\n", verdict.out(), index + "/" + size);
        assertEquals(0, verdict.exitCode());
      }
    }
  }

  @Test
  void everyConsistencyProofItPrintsVerifies() throws Exception {
    for (int size = 0; size <= 10; size++) {
      for (int old = 0; old <= size; old++) {
        CliRunner.Result proof = CliRunner.run("tlog", "consistency", "--entries", entries.toString(),
            "--old", Integer.toString(old), "--size", Integer.toString(size));
        assertEquals(List.of("oldSize", "treeSize", "oldRootHash", "rootHash", "hashes"), fieldNames(json(proof)));
        assertEquals("{\"verdict\":\"VERIFIED\"}\n", CliRunner.withInput(proof.out(), "tlog", "verify-consistency").out(),
            old + "->" + size);
      }
    }
  }

  @Test
  void aProofForAnotherIndexFailsWithItsReasonAndExitCodeOne() throws Exception {
    ObjectNode proof = (ObjectNode) json(CliRunner.run("tlog", "inclusion", "--entries", entries.toString(), "--index", "3"));
    proof.put("leafIndex", 4);
    CliRunner.Result result = CliRunner.withInput(proof.toString(), "tlog", "verify-inclusion");
    assertEquals(1, result.exitCode());
    assertEquals("{\"verdict\":\"FAILED\",\"reason\":\"ROOT_MISMATCH\"}\n", result.out());
  }

  @Test
  void aTruncatedConsistencyProofFailsAsWrongProofSize() throws Exception {
    ObjectNode proof = (ObjectNode) json(CliRunner.run("tlog", "consistency", "--entries", entries.toString(), "--old", "3"));
    ((com.fasterxml.jackson.databind.node.ArrayNode) proof.get("hashes")).remove(0);
    CliRunner.Result result = CliRunner.withInput(proof.toString(), "tlog", "verify-consistency");
    assertEquals(1, result.exitCode());
    assertEquals("WRONG_PROOF_SIZE", Json.MAPPER.readTree(result.out()).get("reason").asText());
  }

  @Test
  void aHashThatIsNotBase64IsMalformed() throws Exception {
    ObjectNode proof = (ObjectNode) json(CliRunner.run("tlog", "inclusion", "--entries", entries.toString(), "--index", "3"));
    proof.put("rootHash", "not a hash");
    CliRunner.Result result = CliRunner.withInput(proof.toString(), "tlog", "verify-inclusion");
    assertEquals(1, result.exitCode());
    assertEquals("MALFORMED", Json.MAPPER.readTree(result.out()).get("reason").asText());
  }

  @Test
  void unreadableInputExitsTwoWithAMessageOnStderr() throws Exception {
    assertBadInput(CliRunner.withInput("{\"leafIndex\":", "tlog", "verify-inclusion"));
    assertBadInput(CliRunner.withInput("[]", "tlog", "verify-inclusion"));
    assertBadInput(CliRunner.withInput("{\"leafIndex\":1}", "tlog", "verify-inclusion"));
    assertBadInput(CliRunner.run("tlog", "root", "--entries", dir.resolve("missing.txt").toString()));
    assertBadInput(CliRunner.run("tlog", "inclusion", "--entries", entries.toString(), "--index", "10"));
    assertBadInput(CliRunner.run("tlog", "inclusion", "--entries", entries.toString(), "--index", "1", "--size", "11"));
    assertBadInput(CliRunner.run("tlog", "consistency", "--entries", entries.toString(), "--old", "11"));
    assertBadInput(CliRunner.run("tlog", "root"));
    assertBadInput(CliRunner.run("tlog", "frobnicate"));
    Path notBase64 = Files.writeString(dir.resolve("bad.txt"), "ZW50cnk=\nnot base64!\n");
    CliRunner.Result result = CliRunner.run("tlog", "root", "--entries", notBase64.toString());
    assertBadInput(result);
    assertTrue(result.err().contains("line 2"), result.err());
    Path unpadded = Files.writeString(dir.resolve("unpadded.txt"), "ZW50cnk\n");
    assertBadInput(CliRunner.run("tlog", "root", "--entries", unpadded.toString()));
  }

  @Test
  void anEmptyLineIsTheEmptyEntryAndAnEmptyFileTheEmptyTree() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.txt"), "");
    assertEquals("{\"treeSize\":0,\"rootHash\":\"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\"}",
        json(CliRunner.run("tlog", "root", "--entries", empty.toString())).toString());
    Path oneEmptyEntry = Files.writeString(dir.resolve("one-empty.txt"), "\n");
    // SHA-256(0x00), the leaf hash of the empty entry (RFC 6962 test data).
    assertEquals("bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
        json(CliRunner.run("tlog", "root", "--entries", oneEmptyEntry.toString())).get("rootHash").asText());
  }

  @Test
  void tilesWritesExactlyTheTilesBundlesAndCheckpointOfTheTree() throws Exception {
    String vkey = CliRunner.run("keys", "generate", "--name", "tiles.example/log", "--out", dir.resolve("keys").toString())
        .out().trim();
    Path keyFile = dir.resolve("keys/tiles.example_log.key");
    SignerKey key = SignerKey.parse(Files.readString(keyFile).trim());
    assertEquals(vkey, key.verifierKey().format());
    for (int size : new int[] {0, 1, 255, 256, 257, 600, 256 * 256 + 300}) {
      List<byte[]> log = new ArrayList<>();
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < size; i++) {
        log.add(("tile entry " + i).getBytes(StandardCharsets.UTF_8));
        lines.append(Base64.getEncoder().encodeToString(log.get(i))).append('\n');
      }
      Path file = Files.writeString(dir.resolve("tiles-" + size + ".txt"), lines);
      Path out = dir.resolve("tiles-" + size);
      for (int run = 0; run < 2; run++) {
        JsonNode summary = json(CliRunner.run("tlog", "tiles", "--entries", file.toString(), "--out", out.toString(),
            "--key", keyFile.toString()));
        Map<String, byte[]> expected = tlogTiles(log, key, "tiles.example/log");
        Map<String, byte[]> written = files(out);
        assertEquals(expected.keySet(), written.keySet(), "size " + size + ", run " + run);
        expected.forEach((path, content) -> assertArrayEquals(content, written.get(path), size + ": " + path));
        assertEquals(List.of("treeSize", "rootHash", "tiles", "entryBundles", "checkpoint"), fieldNames(summary));
        assertEquals(size, summary.get("treeSize").asLong());
        assertEquals(Tile.tilesForSize(size).size(), summary.get("tiles").asInt());
        assertEquals((size + 255) / 256, summary.get("entryBundles").asInt());
        assertEquals(out.resolve("checkpoint").toString(), summary.get("checkpoint").asText());
      }
    }
  }

  @Test
  void tilesRefusesToOverwriteAnotherLogsFiles() throws Exception {
    Path out = dir.resolve("shared-out");
    for (String log : List.of("first", "second")) {
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < 300; i++) {
        lines.append(Base64.getEncoder().encodeToString((log + " " + i).getBytes(StandardCharsets.UTF_8))).append('\n');
      }
      Files.writeString(dir.resolve(log + ".txt"), lines);
    }
    json(CliRunner.run("tlog", "tiles", "--entries", dir.resolve("first.txt").toString(), "--out", out.toString()));
    byte[] tile = Files.readAllBytes(out.resolve("tile/0/000"));
    CliRunner.Result second = CliRunner.run("tlog", "tiles", "--entries", dir.resolve("second.txt").toString(), "--out",
        out.toString());
    assertBadInput(second);
    assertTrue(second.err().contains("IMMUTABLE_CONFLICT"), second.err());
    assertArrayEquals(tile, Files.readAllBytes(out.resolve("tile/0/000")), "left as it is");
  }

  /** The files of the log {@code entries} in tlog-tiles layout, computed from the core's in-memory tiles. */
  static Map<String, byte[]> tlogTiles(List<byte[]> entries, SignerKey key, String origin) throws Exception {
    CompactRange range = CompactRange.empty(0);
    MemoryTiles tiles = new MemoryTiles();
    for (byte[] entry : entries) {
      range.append(Rfc9162.leafHash(entry), tiles);
    }
    Map<String, byte[]> files = new TreeMap<>();
    for (Tile tile : Tile.tilesForSize(entries.size())) {
      files.put(tile.path(), tiles.readTile(tile));
    }
    for (int begin = 0; begin < entries.size(); begin += Tile.FULL_WIDTH) {
      List<byte[]> bundle = entries.subList(begin, Math.min(entries.size(), begin + Tile.FULL_WIDTH));
      files.put(new Tile(0, begin / Tile.FULL_WIDTH, bundle.size()).entriesPath(), EntryBundle.format(bundle));
    }
    files.put("checkpoint", Notes.sign(Checkpoint.of(origin, entries.size(), range.rootHash()).format(), key));
    return files;
  }

  /** Every file below {@code root}, hidden ones too, by its {@code /}-separated relative path. */
  static Map<String, byte[]> files(Path root) throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"),
            Files.readAllBytes(file));
      }
    }
    return files;
  }

  static void assertBadInput(CliRunner.Result result) {
    assertEquals(2, result.exitCode(), result.out() + result.err());
    assertTrue(!result.err().isBlank(), "a message on stderr");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
