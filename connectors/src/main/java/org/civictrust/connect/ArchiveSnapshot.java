package org.civictrust.connect;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.civictrust.connect.internal.ArchiveCheck;
import org.civictrust.connect.internal.LogFiles;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.HashReader;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.NodeID;
import org.civictrust.tlog.NoteVerifier;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.TileReader;
import org.civictrust.tlog.VerificationException;

/**
 * A log's state restored from its archive, fully verified ({@link ArchiveVerifier}'s checks, all of
 * them): what a sequencer needs to continue the same log after losing its deployment. The tree of
 * {@link #treeSize()} leaves with the {@link #rootHash()} of the log's {@link #signedCheckpoint()}; the
 * {@link #compactRange()} to append to; every hash at the tile levels (the rows tiles are made of, for
 * inclusion and consistency proofs), held in memory, about 33 bytes a leaf; and the entries, read
 * again from the archive on demand and checked against the verified leaf hashes.
 *
 * <p>Appending to {@link #compactRange()} from leaf {@link #treeSize()} on, with the log's key, yields
 * checkpoints consistent with every checkpoint the log signed before: the log continues, it does not
 * fork. Immutable, except that {@link #forEachEntry} reads the archive.
 */
public final class ArchiveSnapshot {
  /** Receives entries in leaf index order. */
  @FunctionalInterface
  public interface EntryVisitor {
    void accept(long leafIndex, byte[] entry) throws IOException;
  }

  private final String origin;
  private final LogFiles files;
  private final Checkpoint checkpoint;
  private final byte[] note;
  private final CompactRange range;
  private final MemoryTiles tiles;

  private ArchiveSnapshot(String origin, LogFiles files, Checkpoint checkpoint, byte[] note, CompactRange range,
      MemoryTiles tiles) {
    this.origin = origin;
    this.files = files;
    this.checkpoint = checkpoint;
    this.note = note;
    this.range = range;
    this.tiles = tiles;
  }

  /**
   * Restores the log {@code origin}, whose checkpoints {@code logKey} signs, from its archive below
   * {@code prefix} of {@code store} (as {@link ArchiveVerifier#verify}).
   *
   * @throws ArchiveException if the archive does not verify, naming the first file to blame
   * @throws IOException if the store cannot be read
   */
  public static ArchiveSnapshot restore(ArchiveStore store, String prefix, String origin, NoteVerifier logKey)
      throws IOException, ArchiveException {
    Objects.requireNonNull(origin, "origin");
    LogFiles files = new LogFiles(store, prefix);
    MemoryTiles tiles = new MemoryTiles();
    ArchiveCheck.Outcome outcome = ArchiveCheck.run(files, origin, logKey, tiles);
    if (outcome.failure() != null) {
      throw outcome.failure();
    }
    return new ArchiveSnapshot(origin, files, outcome.checkpoint(), outcome.note(), outcome.tree().compactRange(), tiles);
  }

  /** The log's origin. */
  public String origin() {
    return origin;
  }

  /** Where the log was restored from. */
  public String location() {
    return files.location();
  }

  /** The number of leaves: the archive's checkpoint's tree size. */
  public long treeSize() {
    return checkpoint.treeSize();
  }

  /** The root hash of the tree, the checkpoint's. */
  public Hash rootHash() {
    return checkpoint.rootHash();
  }

  /** The archive's checkpoint, parsed (its signature verified with the log's key). */
  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /** The archive's signed checkpoint, byte for byte. */
  public byte[] signedCheckpoint() {
    return note.clone();
  }

  /** A copy of the compact range {@code [0, treeSize)}: append the next leaves to it. */
  public CompactRange compactRange() {
    return range.copy();
  }

  /** The nodes of the {@linkplain #compactRange() compact range}, left to right. */
  public List<NodeID> compactRangeNodes() {
    return CompactRange.nodes(0, treeSize());
  }

  /** The number of hashes at tile level {@code level} (tree level {@code 8 * level}): {@code treeSize / 256^level}. */
  public long hashCount(int level) {
    return tiles.hashCount(level);
  }

  /**
   * The hash at {@code position} of tile level {@code level}: at level 0 the leaf hash of that entry,
   * above it the root of the 256^level leaves from {@code position * 256^level}.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= position < hashCount(level)}
   */
  public Hash tileHash(int level, long position) {
    Objects.checkIndex(position, hashCount(level));
    Tile tile = new Tile(level, position >>> Tile.HEIGHT, (int) (position & (Tile.FULL_WIDTH - 1)) + 1);
    try {
      return Hash.of(tiles.readTile(tile), (tile.width() - 1) * Hash.SIZE);
    } catch (IOException e) {
      throw new IllegalStateException("a verified tile is held in memory", e);
    }
  }

  /** The verified tiles of the tree, full and partial, of any size up to {@link #treeSize()}. */
  public TileReader tiles() {
    return tiles::readTile;
  }

  /** The node hashes of the tree, from the verified tiles: for inclusion and consistency proofs. */
  public HashReader hashes() {
    return new TileHashReader(treeSize(), tiles);
  }

  /**
   * Reads the entries {@code [begin, end)} from the archive, in order, each checked against its
   * verified leaf hash.
   *
   * @throws IllegalArgumentException unless {@code 0 <= begin <= end <= treeSize()}
   * @throws ArchiveException BUNDLE_MISSING, BUNDLE_MALFORMED or BUNDLE_MISMATCH if the archive changed
   *     since it was restored
   */
  public void forEachEntry(long begin, long end, EntryVisitor visitor) throws IOException, ArchiveException {
    if (begin < 0 || end < begin || end > treeSize()) {
      throw new IllegalArgumentException("[" + begin + ", " + end + ") is not within [0, " + treeSize() + ")");
    }
    for (long index = begin >>> Tile.HEIGHT; index * Tile.FULL_WIDTH < end; index++) {
      int width = (int) Math.min(Tile.FULL_WIDTH, treeSize() - index * Tile.FULL_WIDTH);
      Tile tile = new Tile(0, index, width);
      List<byte[]> entries;
      try {
        entries = files.entries(tile);
      } catch (VerificationException e) {
        throw new ArchiveException(ArchiveFault.BUNDLE_MALFORMED, tile.entriesPath(), e.reason(), e.getMessage(), e);
      }
      if (entries == null) {
        throw new ArchiveException(ArchiveFault.BUNDLE_MISSING, tile.entriesPath(), "it was there when restored");
      }
      byte[] leaves = tiles.readTile(tile);
      for (int i = 0; i < width; i++) {
        long leafIndex = index * Tile.FULL_WIDTH + i;
        if (leafIndex < begin || leafIndex >= end) {
          continue;
        }
        if (!Rfc9162.leafHash(entries.get(i)).equals(Hash.of(leaves, i * Hash.SIZE))) {
          throw new ArchiveException(ArchiveFault.BUNDLE_MISMATCH, tile.entriesPath(), "entry " + leafIndex
              + " changed since the archive was restored");
        }
        visitor.accept(leafIndex, entries.get(i));
      }
    }
  }

  @Override
  public String toString() {
    return "ArchiveSnapshot[" + origin + ", treeSize=" + treeSize() + ", rootHash=" + rootHash() + ", " + location() + "]";
  }
}
