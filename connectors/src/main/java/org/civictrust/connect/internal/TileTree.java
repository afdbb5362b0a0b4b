package org.civictrust.connect.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.NodeID;
import org.civictrust.tlog.NodeVisitor;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.TileReader;

/**
 * The growing edge of a log's tree in C2SP tlog-tiles terms: the compact range {@code [0, size)} and,
 * for each tile level, the hashes of its rightmost incomplete tile (at most 255). That is all an archive
 * writer must keep in memory: each tile is handed out once, when it becomes full, and never again; the
 * partial tiles of the current size are read from the rows. Not thread-safe.
 */
public final class TileTree {
  /** Receives each tile the moment its 256th hash is known. */
  @FunctionalInterface
  public interface FullTiles {
    void accept(Tile tile, byte[] content);
  }

  private static final int ROW_BYTES = Tile.FULL_WIDTH * Hash.SIZE;

  private final CompactRange range;
  private final List<byte[]> rows = new ArrayList<>();
  private final List<Integer> counts = new ArrayList<>();

  private TileTree(CompactRange range) {
    this.range = range;
  }

  /** The tree of no leaves. */
  public static TileTree empty() {
    return new TileTree(CompactRange.empty(0));
  }

  /**
   * The tree of {@code size} leaves whose rightmost incomplete tiles are {@code partialTiles} (by
   * level): for each level {@code l} where {@code floor(size / 256^l) mod 256} is not 0, exactly that
   * many hashes. The compact range is computed from them alone: its nodes all lie in those tiles.
   *
   * @throws IllegalArgumentException if a level's content is missing, superfluous or of the wrong length
   */
  public static TileTree fromPartialTiles(long size, Map<Integer, byte[]> partialTiles) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
    List<byte[]> rows = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (int level = 0; Tile.HEIGHT * level < 63 && (size >>> (Tile.HEIGHT * level)) > 0; level++) {
      int width = partialWidth(level, size);
      byte[] content = partialTiles.get(level);
      if (width == 0 && content != null) {
        throw new IllegalArgumentException("a tree of size " + size + " has no partial tile at level " + level);
      }
      if (width > 0 && (content == null || content.length != width * Hash.SIZE)) {
        throw new IllegalArgumentException("the partial tile at level " + level + " of a tree of size " + size
            + " holds " + width + " hashes, got " + (content == null ? "none" : content.length + " bytes"));
      }
      byte[] row = new byte[ROW_BYTES];
      if (content != null) {
        System.arraycopy(content, 0, row, 0, content.length);
      }
      rows.add(row);
      counts.add(width);
    }
    for (Integer level : partialTiles.keySet()) {
      if (level >= rows.size()) {
        throw new IllegalArgumentException("a tree of size " + size + " has no tile level " + level);
      }
    }
    TileReader partial = tile -> {
      if (tile.level() >= counts.size() || tile.width() > counts.get(tile.level())) {
        throw new java.nio.file.NoSuchFileException(tile.path());
      }
      return Arrays.copyOf(rows.get(tile.level()), tile.byteSize());
    };
    CompactRange range;
    try {
      range = CompactRange.read(0, size, new TileHashReader(size, partial));
    } catch (IOException e) {
      throw new IllegalStateException("a compact range lies within the partial tiles", e);
    }
    TileTree built = new TileTree(range);
    built.rows.addAll(rows);
    built.counts.addAll(counts);
    return built;
  }

  /** The number of hashes in the partial tile at {@code level} of a tree of {@code size}: 0 to 255. */
  public static int partialWidth(int level, long size) {
    return Tile.HEIGHT * level >= 63 ? 0 : (int) ((size >>> (Tile.HEIGHT * level)) & (Tile.FULL_WIDTH - 1));
  }

  /** The partial tiles of a tree of {@code size}: one per level whose width is not 0, lowest level first. */
  public static List<Tile> partialTiles(long size) {
    List<Tile> tiles = new ArrayList<>();
    for (int level = 0; Tile.HEIGHT * level < 63 && (size >>> (Tile.HEIGHT * level)) > 0; level++) {
      int width = partialWidth(level, size);
      if (width > 0) {
        tiles.add(new Tile(level, (size >>> (Tile.HEIGHT * level)) >>> Tile.HEIGHT, width));
      }
    }
    return tiles;
  }

  /** The number of leaves. */
  public long size() {
    return range.end();
  }

  /** The RFC 9162 root hash of the leaves so far. */
  public Hash rootHash() {
    return range.rootHash();
  }

  /** A copy of the compact range {@code [0, size)}. */
  public CompactRange compactRange() {
    return range.copy();
  }

  /**
   * Appends a leaf; {@code full} receives every tile this completes (the level-0 tile, and above it
   * those whose last hash this leaf completes), lowest level first. {@code also}, if not null, sees every
   * node the compact range completes.
   */
  public void append(Hash leafHash, FullTiles full, NodeVisitor also) {
    range.append(leafHash, (node, hash) -> {
      if (also != null) {
        also.visit(node, hash);
      }
      if (node.level() % Tile.HEIGHT == 0) {
        keep(node, hash, full);
      }
    });
  }

  private void keep(NodeID node, Hash hash, FullTiles full) {
    int level = node.level() / Tile.HEIGHT;
    while (rows.size() <= level) {
      rows.add(new byte[ROW_BYTES]);
      counts.add(0);
    }
    int count = counts.get(level);
    if ((node.index() & (Tile.FULL_WIDTH - 1)) != count) {
      throw new IllegalStateException("tile level " + level + " holds " + count + " hashes, cannot add " + node);
    }
    byte[] row = rows.get(level);
    hash.copyTo(row, count * Hash.SIZE);
    count++;
    if (count == Tile.FULL_WIDTH) {
      full.accept(new Tile(level, node.index() >>> Tile.HEIGHT, Tile.FULL_WIDTH), row.clone());
      count = 0;
    }
    counts.set(level, count);
  }

  /** The number of hashes in the incomplete tile at {@code level}. */
  public int rowWidth(int level) {
    return level < counts.size() ? counts.get(level) : 0;
  }

  /** The index of the incomplete tile at {@code level}. */
  public long rowIndex(int level) {
    return Tile.HEIGHT * level >= 63 ? 0 : (size() >>> (Tile.HEIGHT * level)) >>> Tile.HEIGHT;
  }

  /**
   * The first {@code width} hashes of the incomplete tile at {@code level}.
   *
   * @throws IllegalArgumentException unless {@code 1 <= width <= rowWidth(level)}
   */
  public byte[] rowContent(int level, int width) {
    if (width < 1 || width > rowWidth(level)) {
      throw new IllegalArgumentException("tile level " + level + " holds " + rowWidth(level) + " hashes, not " + width);
    }
    return Arrays.copyOf(rows.get(level), width * Hash.SIZE);
  }

  /**
   * Whether {@code tile} is a prefix of an incomplete tile held here, so {@link #readTile} can serve it.
   */
  public boolean holds(Tile tile) {
    return tile.index() == rowIndex(tile.level()) && tile.width() <= rowWidth(tile.level());
  }

  /** The content of a tile {@link #holds held} here; a tile held nowhere is a {@link java.nio.file.NoSuchFileException}. */
  public byte[] readTile(Tile tile) throws IOException {
    return rowTile(tile);
  }

  private byte[] rowTile(Tile tile) throws IOException {
    if (!holds(tile)) {
      throw new java.nio.file.NoSuchFileException(tile.path());
    }
    return Arrays.copyOf(rows.get(tile.level()), tile.byteSize());
  }

  /** A reader of this tree's incomplete tiles, falling back to {@code fullTiles} for the others. */
  public TileReader over(TileReader fullTiles) {
    return tile -> holds(tile) ? rowTile(tile) : fullTiles.readTile(tile);
  }
}
