package org.civictrust.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.civictrust.connect.internal.LogArchiver;
import org.civictrust.connect.internal.LogFiles;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.InclusionProofs;
import org.civictrust.tlog.Rfc9162;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveSnapshotTest {
  static final String ORIGIN = "restore.test/log/3";
  static final SyntheticLog LOG = SyntheticLog.of(ORIGIN, 5, 3_000);
  static final String PREFIX = ArchiveLayout.logPrefix(ORIGIN);

  @TempDir
  Path dir;
  DirectoryStore store;

  @BeforeEach
  void archive() throws Exception {
    store = DirectoryStore.open(dir);
    LogArchiver archiver = LogArchiver.resume(new LogFiles(store, PREFIX), ORIGIN, LOG.vkey);
    for (long i = 0; i < 2_500; i++) {
      archiver.appendEntry(i, LOG.entry(i), i);
    }
    archiver.offerCheckpoint(LOG.checkpoint(2_345), 2_345, LOG.rootAt(2_345).bytes(), 0, null);
    archiver.flush();
  }

  @Test
  void restoresTheVerifiedStateOfTheArchivesCheckpoint() throws Exception {
    ArchiveSnapshot snapshot = ArchiveSnapshot.restore(store, PREFIX, ORIGIN, LOG.vkey);
    assertEquals(2_345, snapshot.treeSize(), "the checkpoint's size, not the entries beyond it");
    assertEquals(LOG.rootAt(2_345), snapshot.rootHash());
    assertArrayEquals(LOG.checkpoint(2_345), snapshot.signedCheckpoint());
    CompactRange range = snapshot.compactRange();
    assertEquals(LOG.rootAt(2_345), range.rootHash());
    assertEquals(CompactRange.nodes(0, 2_345), snapshot.compactRangeNodes());
    assertEquals(2_345, snapshot.hashCount(0));
    assertEquals(9, snapshot.hashCount(1));
    assertEquals(Rfc9162.leafHash(LOG.entry(1_000)), snapshot.tileHash(0, 1_000));
    assertEquals(LOG.rootAt(256), snapshot.tileHash(1, 0));
    List<Hash> proof = InclusionProofs.prove(1_000, 2_345, snapshot.hashes());
    InclusionProofs.check(1_000, 2_345, Rfc9162.leafHash(LOG.entry(1_000)), proof, snapshot.rootHash());

    List<byte[]> entries = new ArrayList<>();
    snapshot.forEachEntry(2_300, 2_345, (index, entry) -> entries.add(entry));
    assertEquals(45, entries.size());
    assertArrayEquals(LOG.entry(2_344), entries.get(44));
  }

  @Test
  void aLogContinuedFromTheSnapshotIsConsistentWithEveryEarlierCheckpoint() throws Exception {
    ArchiveSnapshot snapshot = ArchiveSnapshot.restore(store, PREFIX, ORIGIN, LOG.vkey);
    CompactRange continued = snapshot.compactRange();
    for (long i = snapshot.treeSize(); i < 3_000; i++) {
      continued.append(Rfc9162.leafHash(LOG.entry(i)));
    }
    assertEquals(LOG.rootAt(3_000), continued.rootHash(), "the same log, not a fork");
    ArchiveSnapshot larger = snapshotOf3000();
    assertEquals(continued.rootHash(), larger.rootHash());
    List<Hash> proof = ConsistencyProofs.prove(snapshot.treeSize(), 3_000, larger.hashes());
    ConsistencyProofs.check(snapshot.treeSize(), 3_000, snapshot.rootHash(), continued.rootHash(), proof);
  }

  private ArchiveSnapshot snapshotOf3000() throws Exception {
    LogArchiver archiver = LogArchiver.resume(new LogFiles(store, PREFIX), ORIGIN, LOG.vkey);
    for (long i = archiver.size(); i < 3_000; i++) {
      archiver.appendEntry(i, LOG.entry(i), i);
    }
    archiver.offerCheckpoint(LOG.checkpoint(3_000), 3_000, LOG.rootAt(3_000).bytes(), 1, null);
    archiver.flush();
    return ArchiveSnapshot.restore(store, PREFIX, ORIGIN, LOG.vkey);
  }

  @Test
  void refusesToRestoreADamagedArchiveAndNamesTheFile() throws Exception {
    Path bundle = store.file(PREFIX + "tile/entries/005");
    byte[] content = Files.readAllBytes(bundle);
    content[40] ^= 0x20;
    Files.write(bundle, content);
    ArchiveException e = assertThrows(ArchiveException.class, () -> ArchiveSnapshot.restore(store, PREFIX, ORIGIN, LOG.vkey));
    assertEquals(ArchiveFault.BUNDLE_MISMATCH, e.fault());
    assertEquals("tile/entries/005", e.path().orElseThrow());
  }

  @Test
  void anEntryChangedAfterTheRestoreIsNotHandedOut() throws Exception {
    ArchiveSnapshot snapshot = ArchiveSnapshot.restore(store, PREFIX, ORIGIN, LOG.vkey);
    Path bundle = store.file(PREFIX + "tile/entries/001");
    byte[] content = Files.readAllBytes(bundle);
    content[40] ^= 0x20;
    Files.write(bundle, content);
    ArchiveException e = assertThrows(ArchiveException.class, () -> snapshot.forEachEntry(0, 600, (i, entry) -> { }));
    assertEquals(ArchiveFault.BUNDLE_MISMATCH, e.fault());
  }
}
