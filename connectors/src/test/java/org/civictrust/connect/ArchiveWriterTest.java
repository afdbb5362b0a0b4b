package org.civictrust.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.Tile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ArchiveWriter} writes exactly the C2SP tlog-tiles files of a log (checked byte for byte against
 * the core's in-memory tiles, and by {@link ArchiveVerifier}), never overwrites a tile or bundle, and
 * writes only a checkpoint the tree proves.
 */
class ArchiveWriterTest {
  static final String ORIGIN = "writer.test/log";
  static final SyntheticLog LOG = SyntheticLog.of(ORIGIN, 5, 256 * 256 + 300);

  @TempDir
  Path dir;

  @Test
  void writesExactlyTheFilesOfEachSizeAsked() throws Exception {
    long[][] cases = {{0}, {1}, {255}, {256}, {257}, {600, 300}, {600, 599, 512, 256}, {256 * 256 + 300, 256 * 256, 70}};
    for (long[] sizes : cases) {
      Path out = dir.resolve("log-" + sizes[0] + "-" + sizes.length);
      try (DirectoryStore store = DirectoryStore.open(out)) {
        ArchiveWriter writer = ArchiveWriter.create(store, "");
        for (int i = 0; i < sizes[0]; i++) {
          writer.append(LOG.entry(i));
        }
        long[] also = java.util.Arrays.copyOfRange(sizes, 1, sizes.length);
        writer.finish(also);
        Map<String, byte[]> expected = expectedFiles(sizes);
        Map<String, byte[]> written = files(out);
        assertEquals(expected.keySet(), written.keySet(), java.util.Arrays.toString(sizes));
        expected.forEach((path, content) -> assertArrayEquals(content, written.get(path), path));
        assertEquals(expected.keySet().stream().filter(p -> !p.startsWith("tile/entries/")).count(), writer.tilesWritten());
        assertEquals(expected.keySet().stream().filter(p -> p.startsWith("tile/entries/")).count(),
            writer.bundlesWritten());
        assertEquals(LOG.rootAt(sizes[0]), writer.rootHash());
        for (long size : sizes) {
          assertEquals(LOG.rootAt(size), writer.rootHash(size), "root at " + size);
        }
      }
    }
  }

  @Test
  void whatItWritesVerifiesAsAnArchive() throws Exception {
    try (DirectoryStore store = DirectoryStore.open(dir)) {
      String prefix = ArchiveLayout.logPrefix(ORIGIN);
      ArchiveWriter writer = ArchiveWriter.create(store, prefix);
      for (int i = 0; i < 1_000; i++) {
        writer.append(LOG.entry(i));
      }
      writer.finish(700);
      writer.writeCheckpoint(LOG.checkpoint(700), ORIGIN, LOG.vkey);
      ArchiveReport report = ArchiveVerifier.verify(store, prefix, ORIGIN, LOG.vkey);
      assertTrue(report.verified(), report.toString());
      assertEquals(700, report.treeSize());
      assertArrayEquals(LOG.checkpoint(700), Files.readAllBytes(dir.resolve(prefix).resolve(ArchiveLayout.CHECKPOINT)));

      writer.writeCheckpoint(LOG.checkpoint(1_000), ORIGIN, LOG.vkey);
      assertArrayEquals(LOG.checkpoint(1_000), store.read(prefix + ArchiveLayout.CHECKPOINT), "the checkpoint is replaced");
      assertTrue(ArchiveVerifier.verify(store, prefix, ORIGIN, LOG.vkey).verified());
    }
  }

  @Test
  void writesAgainWhatIsThereAndRefusesToOverwriteOtherBytes() throws Exception {
    try (DirectoryStore store = DirectoryStore.open(dir)) {
      for (int run = 0; run < 2; run++) {
        ArchiveWriter writer = ArchiveWriter.create(store, "");
        for (int i = 0; i < 300; i++) {
          writer.append(LOG.entry(i));
        }
        writer.finish();
      }
      byte[] tile = store.read("tile/0/000");
      ArchiveWriter other = ArchiveWriter.create(store, "");
      ArchiveException conflict = assertThrows(ArchiveException.class, () -> {
        for (int i = 0; i < 256; i++) {
          other.append(("another log's entry " + i).getBytes(StandardCharsets.UTF_8));
        }
      });
      assertEquals(ArchiveFault.IMMUTABLE_CONFLICT, conflict.fault());
      assertArrayEquals(tile, store.read("tile/0/000"), "left as it is");
    }
  }

  @Test
  void writesOnlyACheckpointTheTreeProves() throws Exception {
    try (DirectoryStore store = DirectoryStore.open(dir)) {
      ArchiveWriter writer = ArchiveWriter.create(store, "");
      for (int i = 0; i < 300; i++) {
        writer.append(LOG.entry(i));
      }
      writer.finish(200);
      assertEquals(ArchiveFault.ROOT_MISMATCH, assertThrows(ArchiveException.class,
          () -> writer.writeCheckpoint(LOG.forkedCheckpoint(300), ORIGIN, LOG.vkey)).fault());
      assertEquals(ArchiveFault.CHECKPOINT_INVALID, assertThrows(ArchiveException.class,
          () -> writer.writeCheckpoint(LOG.forgedCheckpoint(300), ORIGIN, LOG.vkey)).fault());
      assertThrows(IllegalStateException.class, () -> writer.writeCheckpoint(LOG.checkpoint(100), ORIGIN, LOG.vkey),
          "no partial files of size 100 were written");
      assertEquals(null, store.read(ArchiveLayout.CHECKPOINT));
      writer.writeCheckpoint(LOG.checkpoint(200), ORIGIN, LOG.vkey);
      assertArrayEquals(LOG.checkpoint(200), store.read(ArchiveLayout.CHECKPOINT));
    }
  }

  @Test
  void refusesAnEntryTooLargeForABundle() throws Exception {
    try (DirectoryStore store = DirectoryStore.open(dir)) {
      ArchiveWriter writer = ArchiveWriter.create(store, "");
      assertThrows(IllegalArgumentException.class, () -> writer.append(new byte[EntryBundle.MAX_ENTRY_SIZE + 1]));
      assertEquals(0, writer.size());
      assertThrows(IllegalArgumentException.class, () -> writer.finish(1));
    }
  }

  /**
   * The files of the log's first {@code sizes[0]} entries, with the partial ones of each of the other
   * sizes: computed from the core's in-memory tiles.
   */
  static Map<String, byte[]> expectedFiles(long... sizes) throws Exception {
    CompactRange range = CompactRange.empty(0);
    MemoryTiles tiles = new MemoryTiles();
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < sizes[0]; i++) {
      entries.add(LOG.entry(i));
      range.append(Rfc9162.leafHash(entries.get(i)), tiles);
    }
    Map<String, byte[]> files = new TreeMap<>();
    for (long size : sizes) {
      for (Tile tile : Tile.tilesForSize(size)) {
        files.put(tile.path(), tiles.readTile(tile));
      }
      for (int begin = 0; begin < size; begin += Tile.FULL_WIDTH) {
        List<byte[]> bundle = entries.subList(begin, (int) Math.min(size, begin + Tile.FULL_WIDTH));
        files.put(new Tile(0, begin / Tile.FULL_WIDTH, bundle.size()).entriesPath(), EntryBundle.format(bundle));
      }
    }
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
}
