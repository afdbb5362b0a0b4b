package org.civictrust.connect;

import java.util.Objects;
import java.util.Optional;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Reason;

/**
 * What {@link ArchiveVerifier} found in one archived log.
 *
 * @param origin the log
 * @param location where it is archived (its prefix in the store)
 * @param failure why it did not verify, with the file to blame; empty if it verified
 * @param treeSize the checkpoint's tree size (0 if the checkpoint did not verify)
 * @param rootHash the checkpoint's root hash, if the checkpoint verified
 * @param entryBundles entry bundles read and re-hashed
 * @param tiles tiles rebuilt and compared with the archive's
 * @param partialCopies narrower copies of tiles and bundles (partial tiles of earlier checkpoints)
 *     compared with the rebuilt ones
 * @param beyondCheckpoint tiles and bundles beyond the checkpoint's tree, not checked (a sink writes
 *     full ones before the checkpoint that covers them)
 */
public record ArchiveReport(String origin, String location, Optional<ArchiveException> failure, long treeSize,
    Optional<Hash> rootHash, long entryBundles, long tiles, long partialCopies, long beyondCheckpoint) {
  /** Validates. */
  public ArchiveReport {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(rootHash, "rootHash");
    if (treeSize < 0 || entryBundles < 0 || tiles < 0 || partialCopies < 0 || beyondCheckpoint < 0) {
      throw new IllegalArgumentException("sizes and counts are never negative");
    }
  }

  /** Whether every check passed. */
  public boolean verified() {
    return failure.isEmpty();
  }

  /** The fault, if it did not verify. */
  public Optional<ArchiveFault> fault() {
    return failure.map(ArchiveException::fault);
  }

  /** The path (below the log's prefix) of the file to blame, if one is. */
  public Optional<String> path() {
    return failure.flatMap(ArchiveException::path);
  }

  /** The tlog check that decided, if one did (for CHECKPOINT_INVALID: BAD_SIGNATURE, UNKNOWN_KEY, ...). */
  public Optional<Reason> reason() {
    return failure.flatMap(ArchiveException::reason);
  }
}
