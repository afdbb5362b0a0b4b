package org.civictrust.tlog;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tiles of one log, kept in memory: the hashes at every eighth tree level, written by a
 * {@link CompactRange} as a {@link NodeVisitor} while the log grows. Tiles of any tree size up to the
 * current one can be read back, full or partial, since a partial tile is a prefix of the later one.
 * Not thread-safe.
 */
public final class MemoryTiles implements NodeVisitor, TileReader {
  private final List<byte[]> rows = new ArrayList<>();
  private final List<Long> counts = new ArrayList<>();

  /** Keeps {@code hash} if {@code node} is on a tile level; nodes of a level must come in order. */
  @Override
  public void visit(NodeID node, Hash hash) {
    if (node.level() % Tile.HEIGHT != 0) {
      return;
    }
    int level = node.level() / Tile.HEIGHT;
    while (rows.size() <= level) {
      rows.add(new byte[Tile.FULL_WIDTH * Hash.SIZE]);
      counts.add(0L);
    }
    long count = counts.get(level);
    if (node.index() != count) {
      throw new IllegalArgumentException("tile level " + level + " holds " + count + " hashes, cannot add "
          + node);
    }
    byte[] row = rows.get(level);
    long end = (count + 1) * Hash.SIZE;
    if (end > row.length) {
      if (2L * row.length > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("in-memory tiles are limited to 2 GiB a level");
      }
      row = Arrays.copyOf(row, 2 * row.length);
      rows.set(level, row);
    }
    hash.copyTo(row, (int) (count * Hash.SIZE));
    counts.set(level, count + 1);
  }

  /** The number of hashes kept at tile level {@code level}. */
  public long hashCount(int level) {
    return level < counts.size() ? counts.get(level) : 0;
  }

  /**
   * {@inheritDoc}
   *
   * @throws NoSuchFileException if the tile's hashes are not all here
   */
  @Override
  public byte[] readTile(Tile tile) throws IOException {
    long first = tile.index() * Tile.FULL_WIDTH;
    if (first + tile.width() > hashCount(tile.level())) {
      throw new NoSuchFileException(tile.path());
    }
    int from = (int) (first * Hash.SIZE);
    return Arrays.copyOfRange(rows.get(tile.level()), from, from + tile.byteSize());
  }
}
