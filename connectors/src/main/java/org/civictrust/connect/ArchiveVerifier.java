package org.civictrust.connect;

import java.io.IOException;
import java.util.Optional;
import org.civictrust.connect.internal.ArchiveCheck;
import org.civictrust.connect.internal.LogFiles;
import org.civictrust.tlog.NoteVerifier;

/**
 * Verifies an archived log from its entries up, as Tessera's {@code fsck} does for its logs: the
 * {@code checkpoint} must be signed by the log's key for its origin; every entry bundle its tree needs
 * is read and re-hashed; every tile is rebuilt from the entries and compared with the archive's, and so
 * is every narrower copy of it (the partial tiles earlier checkpoints needed); the root rebuilt from the
 * entries must be the checkpoint's. The first file that fails is named, with a stable
 * {@link ArchiveFault}. Reads one bundle at a time: memory does not grow with the log.
 */
public final class ArchiveVerifier {
  private ArchiveVerifier() {}

  /**
   * Verifies the log {@code origin}, whose checkpoints {@code logKey} signs, archived below
   * {@code prefix} ("" or ending in {@code /}, e.g. {@link ArchiveLayout#logPrefix}) of {@code store}.
   *
   * @throws IOException if the store cannot be read (a missing file is a finding, not an exception)
   */
  public static ArchiveReport verify(ArchiveStore store, String prefix, String origin, NoteVerifier logKey)
      throws IOException {
    LogFiles files = new LogFiles(store, prefix);
    ArchiveCheck.Outcome outcome = ArchiveCheck.run(files, origin, logKey, null);
    return new ArchiveReport(origin, files.location(), Optional.ofNullable(outcome.failure()),
        outcome.checkpoint() == null ? 0 : outcome.checkpoint().treeSize(),
        Optional.ofNullable(outcome.checkpoint()).map(c -> c.rootHash()), outcome.entryBundles(), outcome.tiles(),
        outcome.partialCopies(), outcome.beyondCheckpoint());
  }
}
