package org.civictrust.connect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifierKey;

/**
 * One log rebuilt from its published entries and archived in tlog-tiles layout while they arrive
 * ({@link ArchiveWriter}), then each of its published checkpoints checked against the rebuilt tree:
 * first the log's signature, with the key the trust store holds for the origin, then the root hash
 * recomputed at the checkpoint's tree size. The latest checkpoint that passes is written as the
 * archive's {@code checkpoint}. Entries must come in leaf index order, before the checkpoints. What
 * {@code civictrust replay} does for each log of the entries and checkpoints topics.
 */
public final class LogReplay {
  /** What the replay found about an entry or a checkpoint. */
  public enum Finding {
    /** An entry appended at the next leaf index. */
    APPENDED,
    /** A checkpoint signed by the log whose root hash is the rebuilt tree's at its size. */
    MATCH,
    /** A checkpoint signed by the log whose root hash differs from the rebuilt tree's at its size. */
    ROOT_MISMATCH,
    /** A checkpoint signed by the log for more entries than were published: entries are missing. */
    BEYOND_ENTRIES,
    /** An entry whose leaf index skips indexes; the log is rebuilt up to the gap only. */
    GAP,
    /** An entry whose leaf index was published before; it is left out. */
    REPEAT,
    /** A checkpoint not signed by the log's key (or not by it alone validly). */
    BAD_SIGNATURE,
    /** A checkpoint of an origin the trust store does not hold. */
    UNKNOWN_LOG,
    /** A checkpoint that is no checkpoint or contradicts its record, or an entry too large for a bundle. */
    MALFORMED
  }

  /** A finding other than APPENDED and MATCH, with its evidence (sizes and both roots for a mismatch). */
  public record Problem(Finding finding, String evidence) {}

  private final String origin;
  private final Optional<VerifierKey> key;
  private final ArchiveWriter writer;
  private final Map<Finding, Long> counts = new EnumMap<>(Finding.class);
  private final List<Problem> problems = new ArrayList<>();
  private boolean broken;
  private long latestSize = -1;
  private byte[] latestNote;

  private LogReplay(String origin, Optional<VerifierKey> key, ArchiveWriter writer) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.key = Objects.requireNonNull(key, "key");
    this.writer = writer;
  }

  /**
   * Replays the log {@code origin}, whose key is {@code key} (empty if not trusted), into a new log
   * below {@code prefix} ("" or a key prefix ending in {@code /}, e.g. {@link ArchiveLayout#logPrefix})
   * of {@code store}.
   */
  public static LogReplay into(ArchiveStore store, String prefix, String origin, Optional<VerifierKey> key) {
    return new LogReplay(origin, key, ArchiveWriter.create(store, prefix));
  }

  /** The log's origin. */
  public String origin() {
    return origin;
  }

  /**
   * Appends the entry at {@code leafIndex}, which should be the next index.
   *
   * @throws ArchiveException IMMUTABLE_CONFLICT if the store already holds other bytes where it writes
   */
  public Finding append(long leafIndex, byte[] entry) throws IOException, ArchiveException {
    long expected = writer.size();
    if (broken) {
      return Finding.GAP;
    }
    if (leafIndex > expected) {
      broken = true;
      return problem(Finding.GAP, "leaf index " + leafIndex + " follows " + expected + " entries");
    }
    if (leafIndex < expected) {
      return problem(Finding.REPEAT, "leaf index " + leafIndex + " again, after " + expected + " entries");
    }
    if (entry.length > EntryBundle.MAX_ENTRY_SIZE) {
      broken = true;
      return problem(Finding.MALFORMED, "entry " + leafIndex + " holds " + entry.length + " bytes, more than a "
          + "bundle carries");
    }
    writer.append(entry);
    return Finding.APPENDED;
  }

  /**
   * Checks a published checkpoint: {@code note} is the signed note, {@code treeSize} and {@code rootHash}
   * what its record claims beside it.
   */
  public Finding check(byte[] note, long treeSize, byte[] rootHash) throws IOException {
    if (key.isEmpty()) {
      return count(problem(Finding.UNKNOWN_LOG, "no key for this origin in the trust store"));
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(note, origin, key.get());
    } catch (VerificationException e) {
      boolean signature = e.reason() == Reason.BAD_SIGNATURE || e.reason() == Reason.UNKNOWN_KEY;
      return count(problem(signature ? Finding.BAD_SIGNATURE : Finding.MALFORMED,
          "checkpoint of size " + treeSize + ": " + e.reason() + ": " + e.getMessage()));
    }
    if (checkpoint.treeSize() != treeSize || !Arrays.equals(checkpoint.rootHash().bytes(), rootHash)) {
      return count(problem(Finding.MALFORMED, "the record says size " + treeSize + ", its signed note "
          + checkpoint.treeSize() + " with root " + checkpoint.rootHash().toBase64()));
    }
    if (checkpoint.treeSize() > writer.size()) {
      return count(problem(Finding.BEYOND_ENTRIES, "checkpoint of size " + checkpoint.treeSize() + ", but only "
          + writer.size() + " entries were rebuilt"));
    }
    Hash rebuilt = writer.rootHash(checkpoint.treeSize());
    if (!rebuilt.equals(checkpoint.rootHash())) {
      return count(problem(Finding.ROOT_MISMATCH, "treeSize " + checkpoint.treeSize() + " checkpoint root "
          + checkpoint.rootHash().toBase64() + " rebuilt root " + rebuilt.toBase64()));
    }
    if (checkpoint.treeSize() >= latestSize) {
      latestSize = checkpoint.treeSize();
      latestNote = note.clone();
    }
    return count(Finding.MATCH);
  }

  /**
   * Writes the partial tiles and bundles of the rebuilt tree and of the latest matching checkpoint, and
   * that checkpoint; returns whether a checkpoint was written.
   *
   * @throws ArchiveException IMMUTABLE_CONFLICT if the store already holds other bytes where it writes
   */
  public boolean finish() throws IOException, ArchiveException {
    if (latestNote == null) {
      writer.finish();
      return false;
    }
    writer.finish(latestSize);
    writer.writeCheckpoint(latestNote, origin, key.get());
    return true;
  }

  /** The entries rebuilt: leaf indexes 0 to {@code entries() - 1}. */
  public long entries() {
    return writer.size();
  }

  /** Checkpoints checked with this finding. */
  public long checkpoints(Finding finding) {
    return counts.getOrDefault(finding, 0L);
  }

  /** Checkpoints checked, whatever was found. */
  public long checkpointsChecked() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The size of the latest matching checkpoint, or -1. */
  public long latestSize() {
    return latestSize;
  }

  /** Every finding other than APPENDED and MATCH, in order. */
  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  private Finding problem(Finding finding, String evidence) {
    problems.add(new Problem(finding, evidence));
    return finding;
  }

  private Finding count(Finding finding) {
    counts.merge(finding, 1L, Long::sum);
    return finding;
  }
}
