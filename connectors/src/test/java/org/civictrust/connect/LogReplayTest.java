package org.civictrust.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.civictrust.connect.LogReplay.Finding;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.TileReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaying one log: every checkpoint is compared with the rebuilt tree, and each fault has its finding. */
class LogReplayTest {
  static final String ORIGIN = "replay.civictrust.example/log/0";
  static final SignerKey KEY = SignerKey.generate(ORIGIN, new SecureRandom());
  static final int SIZE = 600;

  @TempDir
  Path dir;

  Reference reference;
  LogReplay replay;

  /** The log built in memory by the core alone. */
  static final class Reference {
    final CompactRange range = CompactRange.empty(0);
    final MemoryTiles tiles = new MemoryTiles();

    void append(byte[] entry) {
      range.append(Rfc9162.leafHash(entry), tiles);
    }

    Hash rootHash(long size) throws Exception {
      return CompactRange.read(0, size, new TileHashReader(size, tiles)).rootHash();
    }
  }

  @BeforeEach
  void rebuildTheReferenceAndReplayItsEntries() throws Exception {
    reference = new Reference();
    replay = replay(dir);
    for (int i = 0; i < SIZE; i++) {
      reference.append(entry(i));
      assertEquals(Finding.APPENDED, replay.append(i, entry(i)));
    }
  }

  static LogReplay replay(Path out) throws Exception {
    return LogReplay.into(DirectoryStore.open(out), "", ORIGIN, Optional.of(KEY.verifierKey()));
  }

  /** The tiles written below {@code root}. */
  static TileReader tilesIn(Path root) {
    return tile -> Files.readAllBytes(root.resolve(tile.path()));
  }

  static byte[] entry(int i) {
    return ("entry " + i).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] signed(SignerKey key, long size, Hash root) {
    return Notes.sign(Checkpoint.of(ORIGIN, size, root).format(), key);
  }

  Finding check(SignerKey key, long size, Hash root) throws Exception {
    return replay.check(signed(key, size, root), size, root.bytes());
  }

  @Test
  void matchesEveryCheckpointOfTheLogAndWritesTheLatestWithItsTiles() throws Exception {
    for (long size : List.of(1L, 256L, 300L, 599L)) {
      assertEquals(Finding.MATCH, check(KEY, size, reference.rootHash(size)));
    }
    assertTrue(replay.finish());
    assertEquals(List.of(), replay.problems());
    assertEquals(4, replay.checkpoints(Finding.MATCH));
    byte[] note = Files.readAllBytes(dir.resolve(ArchiveLayout.CHECKPOINT));
    assertArrayEquals(signed(KEY, 599, reference.rootHash(599)), note);
    // A reader holding that checkpoint finds every tile it needs, and the same root.
    Checkpoint checkpoint = Checkpoint.open(note, ORIGIN, KEY.verifierKey());
    TileHashReader tiles = new TileHashReader(599, tilesIn(dir));
    assertEquals(checkpoint.rootHash(), CompactRange.read(0, 599, tiles).rootHash());
  }

  @Test
  void writesThePartialTilesAndBundleOfALatestCheckpointInsideAnEarlierFullBundle() throws Exception {
    assertEquals(Finding.MATCH, check(KEY, 300, reference.rootHash(300)));
    assertTrue(replay.finish());
    assertEquals(reference.rootHash(300), CompactRange.read(0, 300, new TileHashReader(300, tilesIn(dir))).rootHash());
    List<byte[]> bundle = EntryBundle.parse(Files.readAllBytes(dir.resolve(new Tile(0, 1, 300 - 256).entriesPath())),
        300 - 256);
    assertEquals(300 - 256, bundle.size());
    assertArrayEquals(entry(299), bundle.get(bundle.size() - 1));
  }

  @Test
  void writesExactlyTheFilesOfTheRebuiltTreeAndOfTheLatestMatchingCheckpoint() throws Exception {
    for (long latest : List.of(300L, 599L, 512L)) {
      Path out = dir.resolve("exact-" + latest);
      LogReplay exact = replay(out);
      for (int i = 0; i < SIZE; i++) {
        exact.append(i, entry(i));
      }
      assertEquals(Finding.MATCH, exact.check(signed(KEY, 256, reference.rootHash(256)), 256,
          reference.rootHash(256).bytes()));
      assertEquals(Finding.MATCH, exact.check(signed(KEY, latest, reference.rootHash(latest)), latest,
          reference.rootHash(latest).bytes()));
      assertTrue(exact.finish());
      Map<String, byte[]> expected = expectedFiles(latest);
      Map<String, byte[]> written = files(out);
      assertEquals(expected.keySet(), written.keySet(), "latest " + latest);
      expected.forEach((path, content) -> assertArrayEquals(content, written.get(path), path));
    }
  }

  /**
   * The files a replay of the {@value #SIZE} entries writes when the checkpoint of {@code latest} is the
   * latest that matched: every tile and bundle of the rebuilt tree, the partial ones of {@code latest},
   * and that checkpoint; computed from the core's in-memory tiles.
   */
  Map<String, byte[]> expectedFiles(long latest) throws Exception {
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      entries.add(entry(i));
    }
    Map<String, byte[]> files = new TreeMap<>();
    for (long size : List.of((long) SIZE, latest)) {
      for (Tile tile : Tile.tilesForSize(size)) {
        files.put(tile.path(), reference.tiles.readTile(tile));
      }
      for (int begin = 0; begin < size; begin += Tile.FULL_WIDTH) {
        List<byte[]> bundle = entries.subList(begin, (int) Math.min(size, begin + Tile.FULL_WIDTH));
        files.put(new Tile(0, begin / Tile.FULL_WIDTH, bundle.size()).entriesPath(), EntryBundle.format(bundle));
      }
    }
    files.put("checkpoint", signed(KEY, latest, reference.rootHash(latest)));
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

  @Test
  void reportsARootMismatchWithBothRoots() throws Exception {
    assertEquals(Finding.ROOT_MISMATCH, check(KEY, 300, reference.rootHash(299)));
    assertEquals(Finding.ROOT_MISMATCH, replay.problems().get(0).finding());
    assertTrue(replay.problems().get(0).evidence().contains(reference.rootHash(300).toBase64()));
    assertFalse(replay.finish(), "no checkpoint matched, none is written");
    assertFalse(Files.exists(dir.resolve(ArchiveLayout.CHECKPOINT)));
  }

  @Test
  void reportsACheckpointForMoreEntriesThanWerePublished() throws Exception {
    assertEquals(Finding.BEYOND_ENTRIES, check(KEY, SIZE + 1, Rfc9162.EMPTY_ROOT));
  }

  @Test
  void reportsACheckpointNotSignedByTheLogsKey() throws Exception {
    SignerKey impostor = SignerKey.generate(ORIGIN, new SecureRandom());
    assertEquals(Finding.BAD_SIGNATURE, check(impostor, 300, reference.rootHash(300)));
  }

  @Test
  void reportsACheckpointOfALogTheTrustStoreDoesNotHold() throws Exception {
    LogReplay unknown = LogReplay.into(DirectoryStore.open(dir.resolve("unknown")), "", ORIGIN, Optional.empty());
    assertEquals(Finding.UNKNOWN_LOG, unknown.check(signed(KEY, 0, Rfc9162.EMPTY_ROOT), 0, Rfc9162.EMPTY_ROOT.bytes()));
  }

  @Test
  void reportsACheckpointRecordThatContradictsItsSignedNote() throws Exception {
    Hash root = reference.rootHash(300);
    assertEquals(Finding.MALFORMED, replay.check(signed(KEY, 300, root), 301, root.bytes()));
    assertEquals(Finding.MALFORMED, replay.check("not a note".getBytes(StandardCharsets.UTF_8), 300, root.bytes()));
  }

  @Test
  void reportsARepeatedLeafIndexAndLeavesItOut() throws Exception {
    assertEquals(Finding.REPEAT, replay.append(5, entry(5)));
    assertEquals(SIZE, replay.entries());
    assertEquals(Finding.MATCH, check(KEY, SIZE, reference.rootHash(SIZE)));
  }

  @Test
  void reportsAGapAndRebuildsTheLogUpToItOnly() throws Exception {
    assertEquals(Finding.GAP, replay.append(SIZE + 1, entry(SIZE + 1)));
    assertEquals(Finding.GAP, replay.append(SIZE + 2, entry(SIZE + 2)));
    assertEquals(SIZE, replay.entries());
    assertEquals(1, replay.problems().size());
    assertEquals(Finding.BEYOND_ENTRIES, check(KEY, SIZE + 2, Rfc9162.EMPTY_ROOT));
  }
}
