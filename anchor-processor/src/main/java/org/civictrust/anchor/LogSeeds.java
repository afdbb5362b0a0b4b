package org.civictrust.anchor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.LogSeed;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.RejectionReason;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.NodeID;
import org.civictrust.tlog.NoteVerifier;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileReader;
import org.civictrust.tlog.VerificationException;

/**
 * Seeds: the state of a log of N leaves, restored from its archive, that lets an empty sequencer
 * continue the same log (a {@link LogSeed} record on the sequencer's input topic, in the log's
 * partition). A seed of size N carries the compact range {@code [0, N)} (to append leaf N on), for each
 * tile level L the partial tile {@code L/(N >> (8L + 8))} of width {@code (N >> 8L) % 256} (the hashes
 * the sequencer's next tiles grow from, so they come out as an uninterrupted log's would), and the
 * log's signed checkpoint of size N, which authenticates the rest: {@link #verify} checks each part
 * against it. Pairs: {@link #of} builds a seed, {@link #verify} checks one.
 */
public final class LogSeeds {
  /** The largest seed record: 8 levels of 255 hashes, 63 range hashes and a checkpoint note. */
  public static final int MAX_SIZE = 256 * 1024;
  /** The codec of seed records (Avro single-object encoding, pinned schema). */
  public static final AvroCodec<LogSeed> CODEC = AvroCodec.of(LogSeed.class, MAX_SIZE);

  private static final byte[] HEADER;

  static {
    byte[] fingerprint = CODEC.fingerprint();
    HEADER = new byte[2 + fingerprint.length];
    HEADER[0] = (byte) 0xC3;
    HEADER[1] = 0x01;
    System.arraycopy(fingerprint, 0, HEADER, 2, fingerprint.length);
  }

  private LogSeeds() {}

  /**
   * The partial tiles a seed of {@code treeSize} leaves carries, one a tile level from 0 while
   * {@code treeSize >> 8L > 0}: level L's is tile {@code L/(treeSize >> (8L + 8))}, whose width
   * {@code (treeSize >> 8L) % 256} may be 0 (then the element is null: no such tile exists yet).
   *
   * @throws IllegalArgumentException unless {@code treeSize >= 1}
   */
  public static List<Tile> partialTiles(long treeSize) {
    if (treeSize < 1) {
      throw new IllegalArgumentException("a seed holds at least one leaf, not " + treeSize);
    }
    List<Tile> tiles = new ArrayList<>();
    for (int level = 0; level * Tile.HEIGHT < 63 && treeSize >>> (level * Tile.HEIGHT) > 0; level++) {
      long count = treeSize >>> (level * Tile.HEIGHT);
      int width = (int) (count & (Tile.FULL_WIDTH - 1));
      tiles.add(width == 0 ? null : new Tile(level, count >>> Tile.HEIGHT, width));
    }
    return tiles;
  }

  /**
   * The seed of the tree {@code range} ({@code [0, N)}, N >= 1), whose tiles {@code tiles} holds and
   * whose signed checkpoint of size N is {@code checkpoint}. Nothing is verified here: the sequencer
   * verifies (call {@link #verify} to check a seed before sending it).
   *
   * @throws IOException if a partial tile cannot be read
   */
  public static LogSeed of(String origin, CompactRange range, TileReader tiles, byte[] checkpoint) throws IOException {
    Objects.requireNonNull(origin, "origin");
    if (range.begin() != 0) {
      throw new IllegalArgumentException("a seed's compact range begins at 0, not " + range.begin());
    }
    List<ByteBuffer> hashes = new ArrayList<>();
    for (Hash hash : range.hashes()) {
      hashes.add(ByteBuffer.wrap(hash.bytes()));
    }
    List<ByteBuffer> partial = new ArrayList<>();
    for (Tile tile : partialTiles(range.end())) {
      partial.add(ByteBuffer.wrap(tile == null ? new byte[0] : tiles.readTile(tile)));
    }
    return new LogSeed(origin, range.end(), hashes, partial, ByteBuffer.wrap(checkpoint.clone()));
  }

  /** Whether {@code value} is a record of the seed schema (Avro single-object encoding with its fingerprint). */
  public static boolean isSeed(byte[] value) {
    return value != null && value.length >= HEADER.length && Arrays.equals(value, 0, HEADER.length, HEADER, 0, HEADER.length);
  }

  /** Decodes a seed record, strictly. */
  public static LogSeed decode(byte[] value) throws SeedException {
    try {
      return CODEC.decodeSingleObject(value);
    } catch (RecordException e) {
      throw new SeedException(RejectionReason.SEED_MALFORMED, null, e.getMessage(), e);
    }
  }

  /**
   * Checks {@code seed} as the seed of the log {@code origin} whose checkpoints {@code logKey} signs:
   * shapes and counts, then the checkpoint (signature first, then origin), then that the checkpoint's
   * size and root are the seed's tree size and its compact range's root, then that each partial tile
   * hashes to the compact range's nodes at its levels (a tile's W hashes at level 8L form a compact
   * range whose nodes are exactly those of {@code [0, N)} at levels 8L to 8L + 7).
   *
   * @return the verified checkpoint
   * @throws SeedException with the first check that failed
   */
  public static Checkpoint verify(LogSeed seed, String origin, NoteVerifier logKey) throws SeedException {
    long size = seed.getTreeSize();
    if (size < 1) {
      throw new SeedException(RejectionReason.SEED_MALFORMED, "a seed holds at least one leaf, not " + size);
    }
    if (!seed.getOrigin().equals(origin)) {
      throw new SeedException(RejectionReason.SEED_WRONG_LOG, "the seed is for " + seed.getOrigin()
          + ", this partition's log is " + origin);
    }
    CompactRange range = compactRange(seed);
    List<Tile> tiles = partialTiles(size);
    if (seed.getPartialTiles().size() != tiles.size()) {
      throw new SeedException(RejectionReason.SEED_MALFORMED, "a seed of " + size + " leaves carries "
          + tiles.size() + " partial tiles, not " + seed.getPartialTiles().size());
    }
    for (int level = 0; level < tiles.size(); level++) {
      int want = tiles.get(level) == null ? 0 : tiles.get(level).byteSize();
      if (seed.getPartialTiles().get(level).remaining() != want) {
        throw new SeedException(RejectionReason.SEED_MALFORMED, "the partial tile of level " + level + " has "
            + seed.getPartialTiles().get(level).remaining() + " bytes, not " + want);
      }
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(bytes(seed.getCheckpoint()), origin, logKey);
    } catch (VerificationException e) {
      throw new SeedException(RejectionReason.SEED_BAD_CHECKPOINT, e.reason(), "the seed's checkpoint: "
          + e.getMessage(), e);
    }
    if (checkpoint.treeSize() != size || !checkpoint.rootHash().equals(range.rootHash())) {
      throw new SeedException(RejectionReason.SEED_ROOT_MISMATCH, "the checkpoint is of size "
          + checkpoint.treeSize() + " and root " + checkpoint.rootHash() + "; the seed is of size " + size
          + " and its compact range's root is " + range.rootHash());
    }
    List<NodeID> nodes = CompactRange.nodes(0, size);
    for (int level = 0; level < tiles.size(); level++) {
      Tile tile = tiles.get(level);
      CompactRange fromTile = CompactRange.empty(tile == null ? 0 : tile.index() * Tile.FULL_WIDTH);
      byte[] content = bytes(seed.getPartialTiles().get(level));
      for (int i = 0; i * Hash.SIZE < content.length; i++) {
        fromTile.append(Hash.of(content, i * Hash.SIZE));
      }
      List<Hash> expected = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i).level() / Tile.HEIGHT == level) {
          expected.add(range.hashes().get(i));
        }
      }
      if (!fromTile.hashes().equals(expected)) {
        throw new SeedException(RejectionReason.SEED_TILE_MISMATCH, "the partial tile of level " + level
            + (tile == null ? "" : " (" + tile.path() + ")") + " hashes to " + fromTile.hashes()
            + ", the compact range's nodes at its levels are " + expected);
      }
    }
    return checkpoint;
  }

  /**
   * The seed's compact range {@code [0, treeSize)}.
   *
   * @throws SeedException SEED_MALFORMED if the tree size is negative or the hashes are not 32 bytes each,
   *     as many as the range has nodes
   */
  public static CompactRange compactRange(LogSeed seed) throws SeedException {
    long size = seed.getTreeSize();
    if (size < 0) {
      throw new SeedException(RejectionReason.SEED_MALFORMED, "negative tree size " + size);
    }
    List<Hash> hashes = new ArrayList<>();
    for (ByteBuffer hash : seed.getCompactRange()) {
      if (hash.remaining() != Hash.SIZE) {
        throw new SeedException(RejectionReason.SEED_MALFORMED, "a compact range hash of " + hash.remaining()
            + " bytes");
      }
      hashes.add(Hash.of(bytes(hash)));
    }
    int want = CompactRange.nodes(0, size).size();
    if (hashes.size() != want) {
      throw new SeedException(RejectionReason.SEED_MALFORMED, "the compact range [0, " + size + ") has " + want
          + " nodes, the seed " + hashes.size() + " hashes");
    }
    return CompactRange.of(0, size, hashes);
  }

  /** The content of level {@code level}'s partial tile of a {@linkplain #verify verified} seed. */
  public static byte[] partialTile(LogSeed seed, int level) {
    return bytes(seed.getPartialTiles().get(level));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }
}
