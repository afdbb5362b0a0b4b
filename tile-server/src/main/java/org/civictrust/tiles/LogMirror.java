package org.civictrust.tiles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.NoteVerifier;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.VerificationException;

/**
 * One log mirrored in memory from its published entries and checkpoints, as C2SP tlog-tiles resources.
 * It publishes a checkpoint only once it holds every entry the checkpoint covers and has recomputed
 * the same root from them, and only tiles and bundles within the published checkpoint's tree; a
 * checkpoint that does not match the entries is refused and reported. Thread-safe.
 */
public final class LogMirror {
  /** Why the mirror refused what it was given: a stable code, whose numeric id is never reused. */
  public enum Refusal {
    /** An entry after a gap: its leaf index is beyond the next one. */
    GAP(1),
    /** A checkpoint whose root hash is not the published entries' root at its size (another history). */
    ROOT_MISMATCH(2);

    private final int id;

    Refusal(int id) {
      this.id = id;
    }

    /** The stable numeric id of this refusal. */
    public int id() {
      return id;
    }
  }

  /** Something the mirror refused: why, and the evidence (leaf indexes, or the size and both roots). */
  public record Problem(Refusal refusal, String evidence) {
    /** Requires both. */
    public Problem {
      Objects.requireNonNull(refusal, "refusal");
      Objects.requireNonNull(evidence, "evidence");
    }
  }

  private final String origin;
  private final NoteVerifier logKey;
  private final CompactRange range = CompactRange.empty(0);
  private final MemoryTiles tiles = new MemoryTiles();
  private final List<byte[]> entries = new ArrayList<>();
  private final List<byte[]> waiting = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();
  private byte[] checkpointNote;
  private long checkpointSize;

  /** A mirror of the log {@code origin} whose checkpoints {@code logKey} signs. */
  public LogMirror(String origin, NoteVerifier logKey) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.logKey = Objects.requireNonNull(logKey, "logKey");
  }

  public String origin() {
    return origin;
  }

  /**
   * Appends the entry at {@code leafIndex}, which must be the next one. A repeat of an entry already
   * held is ignored (a consumer may see one twice after a restart); an entry after a gap is refused
   * and recorded in {@link #problems()}.
   */
  public synchronized void appendEntry(long leafIndex, byte[] entry) {
    if (leafIndex < range.end()) {
      return;
    }
    if (leafIndex > range.end()) {
      problems.add(new Problem(Refusal.GAP, "entry " + leafIndex + " arrived before entry " + range.end()
          + "; refused"));
      return;
    }
    range.append(Rfc9162.leafHash(entry), tiles);
    entries.add(entry.clone());
    publishWaiting();
  }

  /**
   * Offers a signed checkpoint: verified with the log key, then published once the mirror holds its
   * entries and recomputes its root. Older or equal sizes than the published one are ignored.
   *
   * A checkpoint whose root does not match the entries (the log showing another history) is refused
   * and recorded in {@link #problems()} with both roots.
   *
   * @throws VerificationException if the note is not a checkpoint of this log signed by its key
   */
  public synchronized void offerCheckpoint(byte[] signedNote) throws VerificationException {
    Checkpoint.open(signedNote, origin, logKey);
    waiting.add(signedNote.clone());
    publishWaiting();
  }

  private void publishWaiting() {
    for (var it = waiting.iterator(); it.hasNext(); ) {
      byte[] note = it.next();
      Checkpoint checkpoint;
      try {
        checkpoint = Checkpoint.open(note, origin, logKey);
      } catch (VerificationException e) {
        throw new IllegalStateException("a verified checkpoint no longer verifies", e);
      }
      if (checkpoint.treeSize() > range.end()) {
        continue;
      }
      it.remove();
      if (checkpoint.treeSize() <= checkpointSize && checkpointNote != null) {
        continue;
      }
      org.civictrust.tlog.Hash mirrored = rootAt(checkpoint.treeSize());
      if (!mirrored.equals(checkpoint.rootHash())) {
        problems.add(new Problem(Refusal.ROOT_MISMATCH, "checkpoint " + checkpoint.treeSize() + " has root "
            + checkpoint.rootHash() + " but the published entries give " + mirrored + "; refused"));
        continue;
      }
      checkpointNote = note;
      checkpointSize = checkpoint.treeSize();
    }
  }

  private org.civictrust.tlog.Hash rootAt(long size) {
    try {
      return CompactRange.read(0, size, new TileHashReader(range.end(), tiles)).rootHash();
    } catch (IOException e) {
      throw new IllegalStateException("the mirror lost a tile", e);
    }
  }

  /** What the mirror refused, with the evidence, oldest first. */
  public synchronized List<Problem> problems() {
    return List.copyOf(problems);
  }

  /** The published signed checkpoint, or null before the first. */
  public synchronized byte[] checkpoint() {
    return checkpointNote == null ? null : checkpointNote.clone();
  }

  /** The size of the published checkpoint. */
  public synchronized long checkpointSize() {
    return checkpointSize;
  }

  /** The number of entries held (published or not yet). */
  public synchronized long entryCount() {
    return range.end();
  }

  /** The content of {@code tile} if it lies within the published tree, else null. */
  public synchronized byte[] tile(Tile tile) {
    if (!withinPublished(tile)) {
      return null;
    }
    try {
      return tiles.readTile(tile);
    } catch (IOException e) {
      return null;
    }
  }

  /** The entry bundle with {@code tile}'s coordinates if it lies within the published tree, else null. */
  public synchronized byte[] entryBundle(Tile tile) {
    if (tile.level() != 0 || !withinPublished(tile)) {
      return null;
    }
    int first = (int) (tile.index() * Tile.FULL_WIDTH);
    return EntryBundle.format(entries.subList(first, first + tile.width()));
  }

  private boolean withinPublished(Tile tile) {
    long hashes = tile.level() * Tile.HEIGHT >= 63 ? 0 : checkpointSize >>> (tile.level() * Tile.HEIGHT);
    return tile.index() * Tile.FULL_WIDTH + tile.width() <= hashes;
  }
}
