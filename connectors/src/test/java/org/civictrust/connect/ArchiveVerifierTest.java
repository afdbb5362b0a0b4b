package org.civictrust.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.civictrust.connect.internal.LogArchiver;
import org.civictrust.connect.internal.LogFiles;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.Tile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ArchiveVerifier} on an archive of 2,000 entries (checkpoints at every 300, so partial copies of
 * earlier sizes are there), intact and then damaged in one file at a time: each damage is found and the
 * damaged file named.
 */
class ArchiveVerifierTest {
  static final String ORIGIN = "verify.test/log";
  static final SyntheticLog LOG = SyntheticLog.of(ORIGIN, 11, 2_000);
  static final String PREFIX = ArchiveLayout.logPrefix(ORIGIN);

  @TempDir
  static Path pristine;

  @TempDir
  Path scratch;

  @BeforeAll
  static void archive() throws Exception {
    DirectoryStore store = DirectoryStore.open(pristine);
    LogArchiver archiver = LogArchiver.resume(new LogFiles(store, PREFIX), ORIGIN, LOG.vkey);
    long offset = 0;
    for (long size : new long[] {300, 600, 900, 1_200, 1_500, 1_800, 2_000}) {
      for (long i = archiver.size(); i < size; i++) {
        archiver.appendEntry(i, LOG.entry(i), i);
      }
      archiver.offerCheckpoint(LOG.checkpoint(size), size, LOG.rootAt(size).bytes(), offset++, null);
      archiver.flush();
    }
    assertEquals(2_000, archiver.archivedSize());
  }

  /** A damage to one file, what the verifier must say, and at which path. */
  record Damage(String name, String file, Mutation mutation, ArchiveFault fault, String blamed) {}

  @FunctionalInterface
  interface Mutation {
    void apply(Path file) throws IOException;
  }

  static Mutation flipByte(int at) {
    return file -> {
      byte[] content = Files.readAllBytes(file);
      content[at] ^= 0x01;
      Files.write(file, content);
    };
  }

  static final Mutation DELETE = Files::delete;
  static final Mutation TRUNCATE = file -> Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 100));

  static List<Damage> damages() {
    return List.of(
        new Damage("a byte of a full level-0 tile", "tile/0/003", flipByte(100), ArchiveFault.TILE_MISMATCH, "tile/0/003"),
        new Damage("a byte of the last hash of a full tile", "tile/0/006", flipByte(8_191), ArchiveFault.TILE_MISMATCH,
            "tile/0/006"),
        new Damage("a byte of the partial level-0 tile", "tile/0/007.p/208", flipByte(32), ArchiveFault.TILE_MISMATCH,
            "tile/0/007.p/208"),
        new Damage("a byte of the level-1 tile", "tile/1/000.p/7", flipByte(5), ArchiveFault.TILE_MISMATCH,
            "tile/1/000.p/7"),
        new Damage("a byte of an earlier checkpoint's partial tile", "tile/0/001.p/44", flipByte(3),
            ArchiveFault.TILE_MISMATCH, "tile/0/001.p/44"),
        new Damage("a byte of an entry in a full bundle", "tile/entries/004", flipByte(10), ArchiveFault.BUNDLE_MISMATCH,
            "tile/entries/004"),
        new Damage("a byte of an entry in the partial bundle", "tile/entries/007.p/208", flipByte(20),
            ArchiveFault.BUNDLE_MISMATCH, "tile/entries/007.p/208"),
        new Damage("a length prefix of a bundle", "tile/entries/002", flipByte(0), ArchiveFault.BUNDLE_MALFORMED,
            "tile/entries/002"),
        new Damage("an entry of an earlier checkpoint's partial bundle", "tile/entries/001.p/44", flipByte(30),
            ArchiveFault.BUNDLE_MISMATCH, "tile/entries/001.p/44"),
        new Damage("a missing full tile", "tile/0/005", DELETE, ArchiveFault.TILE_MISSING, "tile/0/005"),
        new Damage("a missing bundle", "tile/entries/006", DELETE, ArchiveFault.BUNDLE_MISSING, "tile/entries/006"),
        new Damage("a truncated tile", "tile/0/002", TRUNCATE, ArchiveFault.TILE_MALFORMED, "tile/0/002"),
        new Damage("a byte of the checkpoint's signature", "checkpoint", file -> {
          byte[] content = Files.readAllBytes(file);
          content[content.length - 5] ^= 0x01;
          Files.write(file, content);
        }, ArchiveFault.CHECKPOINT_INVALID, "checkpoint"),
        new Damage("a missing checkpoint", "checkpoint", DELETE, ArchiveFault.CHECKPOINT_MISSING, "checkpoint"));
  }

  @Test
  void verifiesTheIntactArchiveFromItsEntriesUp() throws IOException {
    ArchiveReport report = ArchiveVerifier.verify(DirectoryStore.open(pristine), PREFIX, ORIGIN, LOG.vkey);
    assertTrue(report.verified(), report::toString);
    assertEquals(2_000, report.treeSize());
    assertEquals(Optional.of(LOG.rootAt(2_000)), report.rootHash());
    assertEquals(8, report.entryBundles());
    assertEquals(Tile.tilesForSize(2_000).size(), report.tiles());
    assertTrue(report.partialCopies() >= 6, "the partial tiles and bundles of earlier checkpoints: " + report);
  }

  @Test
  void namesTheDamagedFileForEveryKindOfDamage() throws IOException {
    List<String> failures = new ArrayList<>();
    int index = 0;
    for (Damage damage : damages()) {
      Path copy = scratch.resolve("case-" + index++);
      copyTree(pristine, copy);
      damage.mutation().apply(copy.resolve(PREFIX + damage.file()));
      ArchiveReport report = ArchiveVerifier.verify(DirectoryStore.open(copy), PREFIX, ORIGIN, LOG.vkey);
      if (report.verified() || report.fault().orElseThrow() != damage.fault()
          || !report.path().equals(Optional.of(damage.blamed()))) {
        failures.add(damage.name() + ": expected " + damage.fault() + " at " + damage.blamed() + ", got "
            + report.failure().map(Throwable::getMessage).orElse("VERIFIED"));
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void saysWhichSignatureCheckFailed() throws IOException {
    ArchiveReport report = ArchiveVerifier.verify(DirectoryStore.open(pristine), PREFIX, ORIGIN,
        SyntheticLog.key(ORIGIN, 12).verifierKey());
    assertFalse(report.verified());
    assertEquals(Optional.of(ArchiveFault.CHECKPOINT_INVALID), report.fault());
    assertEquals(Optional.of(Reason.UNKNOWN_KEY), report.reason());
    assertEquals(0, report.entryBundles(), "nothing is read past a checkpoint that does not verify");
  }

  @Test
  void countsFilesBeyondTheCheckpointWithoutBlamingThem() throws Exception {
    Path copy = scratch.resolve("beyond");
    copyTree(pristine, copy);
    DirectoryStore store = DirectoryStore.open(copy);
    LogArchiver archiver = LogArchiver.resume(new LogFiles(store, PREFIX), ORIGIN, LOG.vkey);
    SyntheticLog longer = SyntheticLog.of(ORIGIN, 11, 2_600);
    for (long i = 2_000; i < 2_600; i++) {
      archiver.appendEntry(i, longer.entry(i), i);
    }
    archiver.flush();
    ArchiveReport report = ArchiveVerifier.verify(store, PREFIX, ORIGIN, LOG.vkey);
    assertTrue(report.verified(), report::toString);
    assertEquals(6, report.beyondCheckpoint(), "full bundles and level-0 tiles 7, 8 and 9 lie beyond size 2,000");
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
