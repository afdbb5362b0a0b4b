package org.civictrust.tlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads node hashes of the tree of {@code treeSize} leaves from its tiles (C2SP tlog-tiles): a node at
 * tree level {@code 8L + r} is recomputed from the {@code 2^r} hashes under it in a tile of level L,
 * the only levels tiles store.
 *
 * <p>A reader remembers the last {@value #CACHED_TILES} tiles it read, each with every perfect subtree
 * hash within it computed once, so the many proofs of one batch (every leaf a checkpoint covers, say)
 * share their hashing: a tile costs one read and at most 255 node hashes for the reader's life, however
 * many nodes are read from it. Make one reader per tree size and batch; a tile's content at a given
 * tree size never changes in an append-only log.
 *
 * <p>The tiles are not trusted: wrong content yields proofs that fail verification against a signed
 * root, and tiles of the wrong length are refused here.
 */
public final class TileHashReader implements HashReader {
  /** How many tiles a reader keeps, with their subtree hashes. */
  public static final int CACHED_TILES = 32;

  private final long treeSize;
  private final TileReader tiles;
  private final Map<Tile, SubtreeHashes> cache = new LinkedHashMap<>(CACHED_TILES * 2, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Tile, SubtreeHashes> eldest) {
      return size() > CACHED_TILES;
    }
  };

  /** A reader of the tree of {@code treeSize} leaves held in {@code tiles}. */
  public TileHashReader(long treeSize, TileReader tiles) {
    if (treeSize < 0) {
      throw new IllegalArgumentException("treeSize must be >= 0, got " + treeSize);
    }
    this.treeSize = treeSize;
    this.tiles = tiles;
  }

  /** The tree size this reader reads. */
  public long treeSize() {
    return treeSize;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if a node is not a perfect subtree of this tree
   * @throws IOException if a tile cannot be read or has the wrong length
   */
  @Override
  public List<Hash> readHashes(List<NodeID> nodes) throws IOException {
    List<Hash> hashes = new ArrayList<>(nodes.size());
    for (NodeID node : nodes) {
      if (node.end() > treeSize) {
        throw new IllegalArgumentException("node " + node + " is not within the tree of size " + treeSize);
      }
      int tileLevel = node.level() / Tile.HEIGHT;
      int height = node.level() % Tile.HEIGHT;
      long first = node.index() << height;
      Tile tile = Tile.containing(tileLevel, first, treeSize);
      SubtreeHashes subtrees = cache.get(tile);
      if (subtrees == null) {
        byte[] content = tiles.readTile(tile);
        if (content == null || content.length != tile.byteSize()) {
          throw new IOException("tile " + tile.path() + " has " + (content == null ? "no" : content.length)
              + " bytes, expected " + tile.byteSize());
        }
        subtrees = new SubtreeHashes(content);
        cache.put(tile, subtrees);
      }
      hashes.add(subtrees.hash(height, (int) ((first & (Tile.FULL_WIDTH - 1)) >> height)));
    }
    return hashes;
  }

  /**
   * The perfect subtree hashes within one tile: {@code levels[h]} holds, 32 bytes each, the roots of the
   * complete subtrees of height h over the tile's hashes, left to right.
   */
  private static final class SubtreeHashes {
    private final byte[][] levels = new byte[Tile.HEIGHT][];

    SubtreeHashes(byte[] content) {
      levels[0] = content;
      for (int height = 1; height < Tile.HEIGHT; height++) {
        byte[] below = levels[height - 1];
        int count = below.length / Hash.SIZE / 2;
        byte[] level = new byte[count * Hash.SIZE];
        for (int i = 0; i < count; i++) {
          Rfc9162.nodeHash(below, 2 * i * Hash.SIZE, below, (2 * i + 1) * Hash.SIZE, level, i * Hash.SIZE);
        }
        levels[height] = level;
      }
    }

    Hash hash(int height, int index) {
      return Hash.of(levels[height], index * Hash.SIZE);
    }
  }
}
