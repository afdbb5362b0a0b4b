package org.civictrust.tlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads node hashes of the tree of {@code treeSize} leaves from its tiles (C2SP tlog-tiles): a node at
 * tree level {@code 8L + r} is recomputed from the {@code 2^r} hashes under it in a tile of level L,
 * the only levels tiles store. Each tile is read once a call, at the width that tree size has.
 *
 * <p>The tiles are not trusted: wrong content yields proofs that fail verification against a signed
 * root, and tiles of the wrong length are refused here.
 */
public final class TileHashReader implements HashReader {
  private final long treeSize;
  private final TileReader tiles;

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
    Map<Tile, byte[]> read = new HashMap<>();
    List<Hash> hashes = new ArrayList<>(nodes.size());
    for (NodeID node : nodes) {
      if (node.end() > treeSize) {
        throw new IllegalArgumentException("node " + node + " is not within the tree of size " + treeSize);
      }
      int tileLevel = node.level() / Tile.HEIGHT;
      int height = node.level() % Tile.HEIGHT;
      long first = node.index() << height;
      Tile tile = Tile.containing(tileLevel, first, treeSize);
      byte[] content = read.get(tile);
      if (content == null) {
        content = tiles.readTile(tile);
        if (content == null || content.length != tile.byteSize()) {
          throw new IOException("tile " + tile.path() + " has " + (content == null ? "no" : content.length)
              + " bytes, expected " + tile.byteSize());
        }
        read.put(tile, content);
      }
      hashes.add(subtreeHash(content, (int) (first & (Tile.FULL_WIDTH - 1)), 1 << height));
    }
    return hashes;
  }

  /** The root of the perfect subtree whose {@code count} leaves are the hashes at {@code offset}. */
  private static Hash subtreeHash(byte[] tile, int offset, int count) {
    if (count == 1) {
      return Hash.of(tile, offset * Hash.SIZE);
    }
    byte[][] level = new byte[count][];
    for (int i = 0; i < count; i++) {
      int at = (offset + i) * Hash.SIZE;
      level[i] = java.util.Arrays.copyOfRange(tile, at, at + Hash.SIZE);
    }
    for (int width = count; width > 1; width /= 2) {
      for (int i = 0; i < width / 2; i++) {
        level[i] = Rfc9162.nodeHash(level[2 * i], level[2 * i + 1]);
      }
    }
    return Hash.wrap(level[0]);
  }
}
