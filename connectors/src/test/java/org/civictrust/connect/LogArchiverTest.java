package org.civictrust.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.civictrust.connect.internal.LogArchiver;
import org.civictrust.connect.internal.LogFiles;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.Tile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogArchiverTest {
  static final String ORIGIN = "archive.test/log/0";
  static final SyntheticLog LOG = SyntheticLog.of(ORIGIN, 7, 5_000);

  @TempDir
  Path dir;
  DirectoryStore store;
  String prefix;

  @BeforeEach
  void openStore() throws IOException {
    store = DirectoryStore.open(dir);
    prefix = ArchiveLayout.logPrefix(ORIGIN);
  }

  LogArchiver resume() throws Exception {
    return LogArchiver.resume(new LogFiles(store, prefix), ORIGIN, LOG.vkey);
  }

  /** Appends entries [from, to) at offsets 10_000 + leaf index; no flush. */
  static void append(LogArchiver archiver, long from, long to) throws ArchiveException {
    for (long i = from; i < to; i++) {
      archiver.appendEntry(i, LOG.entry(i), 10_000 + i);
    }
  }

  /** Offers a checkpoint record whose fields repeat its note, as the sequencer writes them. */
  static LogArchiver.Refusal offer(LogArchiver archiver, byte[] note, long size, long offset) throws Exception {
    Checkpoint checkpoint = Checkpoint.parse(Note.parse(note).text());
    assertEquals(size, checkpoint.treeSize());
    return archiver.offerCheckpoint(note, size, checkpoint.rootHash().bytes(), offset, "record " + offset);
  }

  byte[] archivedCheckpoint() throws IOException {
    return store.read(prefix + ArchiveLayout.CHECKPOINT);
  }

  @Test
  void archivesALogFileForFileAsTheTileServerServesIt() throws Exception {
    LogArchiver archiver = resume();
    long offset = 0;
    for (long size = 700; size <= 5_000; size += 700) {
      append(archiver, archiver.size(), size);
      assertNull(offer(archiver, LOG.checkpoint(size), size, offset++));
      assertTrue(archiver.flush().isEmpty());
      assertEquals(size, archiver.archivedSize());
    }
    append(archiver, archiver.size(), 5_000);
    assertNull(offer(archiver, LOG.checkpoint(5_000), 5_000, offset));
    assertTrue(archiver.flush().isEmpty());

    int compared = MirrorComparison.assertSameAsMirror(store, prefix, MirrorComparison.mirror(LOG, 5_000));
    assertTrue(compared > Tile.tilesForSize(5_000).size() * 2, "partial copies of earlier checkpoints compared too");
    ArchiveReport report = ArchiveVerifier.verify(store, prefix, ORIGIN, LOG.vkey);
    assertTrue(report.verified(), report::toString);
    assertEquals(5_000, report.treeSize());
    assertEquals(8, archiver.counts().checkpointsPublished());
  }

  @Test
  void aCheckpointWaitsUntilItsEntriesAreArchived() throws Exception {
    LogArchiver archiver = resume();
    assertNull(offer(archiver, LOG.checkpoint(1_000), 1_000, 0));
    append(archiver, 0, 999);
    assertFalse(archiver.hasReadyCheckpoint());
    assertTrue(archiver.flush().isEmpty());
    assertNull(archivedCheckpoint(), "no checkpoint before its entries");
    assertEquals(OptionalLong.of(0), archiver.checkpointsCommitOffset(), "the waiting checkpoint is not committed");
    append(archiver, 999, 1_000);
    assertTrue(archiver.hasReadyCheckpoint());
    assertTrue(archiver.flush().isEmpty());
    assertArrayEquals(LOG.checkpoint(1_000), archivedCheckpoint());
    assertEquals(OptionalLong.of(1), archiver.checkpointsCommitOffset());
  }

  @Test
  void refusesACheckpointSignedByAnotherKeyAndKeepsTheArchivedOne() throws Exception {
    LogArchiver archiver = resume();
    append(archiver, 0, 800);
    offer(archiver, LOG.checkpoint(500), 500, 0);
    archiver.flush();
    LogArchiver.Refusal refusal = offer(archiver, LOG.forgedCheckpoint(800), 800, 1);
    assertNotNull(refusal);
    assertEquals(ArchiveFault.CHECKPOINT_INVALID, refusal.reason().fault());
    assertEquals(Reason.UNKNOWN_KEY, refusal.reason().reason().orElseThrow());
    assertEquals("record 1", refusal.record());
    assertTrue(archiver.flush().isEmpty());
    assertArrayEquals(LOG.checkpoint(500), archivedCheckpoint());
    assertEquals(OptionalLong.of(2), archiver.checkpointsCommitOffset(), "a refused checkpoint is done with");
  }

  @Test
  void refusesAForkedCheckpointWithTheEvidenceAndStillTakesTheGoodOneAfter() throws Exception {
    LogArchiver archiver = resume();
    append(archiver, 0, 800);
    offer(archiver, LOG.checkpoint(500), 500, 0);
    archiver.flush();
    assertNull(offer(archiver, LOG.forkedCheckpoint(800), 800, 1), "signed by the log: it waits for the check");
    List<LogArchiver.Refusal> refusals = archiver.flush();
    assertEquals(1, refusals.size());
    assertEquals(ArchiveFault.INCONSISTENT_CHECKPOINT, refusals.get(0).reason().fault());
    assertTrue(refusals.get(0).reason().getMessage().contains(LOG.rootAt(800).toString()),
        "the evidence holds the archive's root at that size");
    assertArrayEquals(LOG.checkpoint(500), archivedCheckpoint(), "the archive keeps its last good checkpoint");
    assertEquals(1, archiver.counts().checkpointsRefused());

    offer(archiver, LOG.checkpoint(800), 800, 2);
    assertTrue(archiver.flush().isEmpty());
    assertArrayEquals(LOG.checkpoint(800), archivedCheckpoint());
  }

  @Test
  void ignoresAnOlderCheckpointThatAgreesAndRefusesOneThatContradictsTheArchive() throws Exception {
    LogArchiver archiver = resume();
    append(archiver, 0, 900);
    offer(archiver, LOG.checkpoint(900), 900, 0);
    archiver.flush();
    offer(archiver, LOG.checkpoint(300), 300, 1);
    offer(archiver, LOG.checkpoint(900), 900, 2);
    assertTrue(archiver.flush().isEmpty(), "older and equal checkpoints that agree are no news");
    offer(archiver, LOG.forkedCheckpoint(300), 300, 3);
    List<LogArchiver.Refusal> refusals = archiver.flush();
    assertEquals(List.of(ArchiveFault.INCONSISTENT_CHECKPOINT), refusals.stream().map(r -> r.reason().fault()).toList());
    assertArrayEquals(LOG.checkpoint(900), archivedCheckpoint(), "the archive never goes backwards");
  }

  @Test
  void refusesARecordWhoseFieldsContradictItsNote() throws Exception {
    LogArchiver archiver = resume();
    LogArchiver.Refusal refusal = archiver.offerCheckpoint(LOG.checkpoint(400), 401, LOG.rootAt(400).bytes(), 0, null);
    assertEquals(ArchiveFault.CHECKPOINT_INVALID, refusal.reason().fault());
    assertEquals(Reason.MALFORMED, refusal.reason().reason().orElseThrow());
  }

  @Test
  void offersOnlyOffsetsWhoseFilesAreDurable() throws Exception {
    LogArchiver archiver = resume();
    append(archiver, 0, 300);
    assertEquals(OptionalLong.empty(), archiver.entriesCommitOffset(), "nothing written yet");
    assertEquals(2, archiver.unwrittenFiles(), "the first full bundle and its level-0 tile wait");
    archiver.flush();
    assertEquals(0, archiver.unwrittenFiles());
    assertEquals(OptionalLong.empty(), archiver.entriesCommitOffset(),
        "a durable full bundle beyond the checkpoint is read again after a restart: not committed");
    offer(archiver, LOG.checkpoint(300), 300, 7);
    assertEquals(OptionalLong.of(7), archiver.checkpointsCommitOffset(), "the checkpoint is not published yet");
    archiver.flush();
    assertEquals(OptionalLong.of(10_000 + 299 + 1), archiver.entriesCommitOffset(), "entries below the checkpoint");
    assertEquals(OptionalLong.of(8), archiver.checkpointsCommitOffset());
  }

  @Test
  void resumesWhereTheArchiveEndsAndRewritesNothing() throws Exception {
    LogArchiver first = resume();
    append(first, 0, 2_100);
    offer(first, LOG.checkpoint(2_100), 2_100, 0);
    first.flush();
    append(first, 2_100, 3_000);
    first.flush();
    append(first, 3_000, 3_100);
    // The process dies here: 11 full bundles are written, entries after 2,816 were never written.
    Map<Path, String> before = fingerprints();

    LogArchiver second = resume();
    assertEquals(2_100, second.size(), "the archive's checkpoint: what it verifies");
    assertEquals(2_100, second.archivedSize());
    assertEquals(LogArchiver.Appended.REPEAT, second.appendEntry(2_000, LOG.entry(2_000), 12_000));
    assertEquals(LogArchiver.Appended.GAP, second.appendEntry(2_900, LOG.entry(2_900), 12_900));
    append(second, 2_100, 4_000);
    offer(second, LOG.checkpoint(4_000), 4_000, 1);
    assertTrue(second.flush().isEmpty());

    MirrorComparison.assertSameAsMirror(store, prefix, MirrorComparison.mirror(LOG, 4_000));
    assertTrue(ArchiveVerifier.verify(store, prefix, ORIGIN, LOG.vkey).verified());
    Map<Path, String> after = fingerprints();
    for (Map.Entry<Path, String> file : before.entrySet()) {
      if (!file.getKey().endsWith(ArchiveLayout.CHECKPOINT) && !file.getKey().getFileName().toString().startsWith(".")) {
        assertEquals(file.getValue(), after.get(file.getKey()), file.getKey() + " was rewritten");
      }
    }
  }

  @Test
  void resumeRecreatesAFileACrashLeftUnwritten() throws Exception {
    LogArchiver archiver = resume();
    append(archiver, 0, 3_000);
    offer(archiver, LOG.checkpoint(1_000), 1_000, 0);
    archiver.flush();
    Path tile = store.file(prefix + "tile/0/009");
    byte[] content = Files.readAllBytes(tile);
    Files.delete(tile);

    LogArchiver resumed = resume();
    assertEquals(1_000, resumed.size());
    append(resumed, 1_000, 3_000);
    resumed.flush();
    assertArrayEquals(content, Files.readAllBytes(tile));
    assertTrue(resumed.counts().filesUnchanged() > 0, "the files already there were found identical");
  }

  @Test
  void aFileBeyondTheCheckpointWithOtherBytesIsFoundWhenItsEntriesComeAgain() throws Exception {
    LogArchiver archiver = resume();
    append(archiver, 0, 3_000);
    offer(archiver, LOG.checkpoint(1_000), 1_000, 0);
    archiver.flush();
    Path tile = store.file(prefix + "tile/0/009");
    byte[] changed = Files.readAllBytes(tile);
    changed[100] ^= 0x40;
    Files.write(tile, changed);

    LogArchiver resumed = resume();
    append(resumed, 1_000, 3_000);
    ArchiveException e = assertThrows(ArchiveException.class, resumed::flush);
    assertEquals(ArchiveFault.IMMUTABLE_CONFLICT, e.fault());
    assertEquals("tile/0/009", e.path().orElseThrow());
    assertArrayEquals(changed, Files.readAllBytes(tile), "left as it is");
  }

  @Test
  void resumeRefusesAnArchiveWhoseCheckpointIsNotTheLogs() throws Exception {
    Files.createDirectories(store.file(prefix + ArchiveLayout.CHECKPOINT).getParent());
    Files.write(store.file(prefix + ArchiveLayout.CHECKPOINT), LOG.forgedCheckpoint(0));
    ArchiveException e = assertThrows(ArchiveException.class, this::resume);
    assertEquals(ArchiveFault.CHECKPOINT_INVALID, e.fault());
    assertEquals(Reason.UNKNOWN_KEY, e.reason().orElseThrow());
  }

  @Test
  void aFileThatExistsWithOtherBytesStopsTheArchiverAndStaysAsItIs() throws Exception {
    Path planted = store.file(prefix + "tile/entries/001");
    Files.createDirectories(planted.getParent());
    Files.write(planted, new byte[] {0, 1, 'x'});
    LogArchiver archiver = resume();
    append(archiver, 0, 600);
    ArchiveException e = assertThrows(ArchiveException.class, archiver::flush);
    assertEquals(ArchiveFault.IMMUTABLE_CONFLICT, e.fault());
    assertEquals("tile/entries/001", e.path().orElseThrow());
    assertArrayEquals(new byte[] {0, 1, 'x'}, Files.readAllBytes(planted));
    assertEquals(OptionalLong.empty(), archiver.entriesCommitOffset(), "nothing offered for commit");
  }

  /** Content and file identity (inode, modification time) of every file of the archive. */
  Map<Path, String> fingerprints() throws IOException {
    Map<Path, String> prints = new HashMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        prints.put(file, attributes.fileKey() + " " + attributes.lastModifiedTime().toInstant() + " "
            + java.util.Arrays.hashCode(Files.readAllBytes(file)));
      }
    }
    return prints;
  }
}
