package org.civictrust.tlog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tile of a tiled transparency log (C2SP tlog-tiles, "Merkle Tree"): the {@code index}-th run of
 * up to 256 consecutive hashes at tree level {@code 8 * level}; at level 0 the leaf hashes. A full
 * tile has {@code width} 256, a partial tile 1 to 255. The same coordinates at level 0 name an
 * entry bundle.
 *
 * <p>Requires {@code 0 <= level <= 63}, {@code index >= 0}, {@code 1 <= width <= 256}.
 */
public record Tile(int level, long index, int width) {
  /** Tree levels a tile spans. */
  public static final int HEIGHT = 8;
  /** Hashes in a full tile. */
  public static final int FULL_WIDTH = 1 << HEIGHT;

  private static final String INDEX = "((?:x[0-9]{3}/)*[0-9]{3})";
  private static final String WIDTH = "(?:\\.p/([1-9][0-9]{0,2}))?";
  private static final Pattern TILE_PATH = Pattern.compile("tile/(0|[1-9][0-9]?)/" + INDEX + WIDTH);
  private static final Pattern ENTRIES_PATH = Pattern.compile("tile/entries/" + INDEX + WIDTH);

  /** Validates the coordinates. */
  public Tile {
    if (level < 0 || level > 63) {
      throw new IllegalArgumentException("tile level must be in [0, 63], got " + level);
    }
    if (index < 0) {
      throw new IllegalArgumentException("tile index must be >= 0, got " + index);
    }
    if (width < 1 || width > FULL_WIDTH) {
      throw new IllegalArgumentException("tile width must be in [1, 256], got " + width);
    }
  }

  /** Whether this tile holds fewer than 256 hashes. */
  public boolean isPartial() {
    return width < FULL_WIDTH;
  }

  /** The size of this tile's content: 32 bytes a hash. */
  public int byteSize() {
    return width * Hash.SIZE;
  }

  /** The tile's path below the log prefix: {@code tile/<L>/<N>[.p/<W>]}. */
  public String path() {
    return "tile/" + level + "/" + formatIndex(index) + widthSuffix();
  }

  /**
   * The path of the entry bundle with this tile's index and width: {@code tile/entries/<N>[.p/<W>]}.
   *
   * @throws IllegalStateException unless this is a level-0 tile
   */
  public String entriesPath() {
    if (level != 0) {
      throw new IllegalStateException("entry bundles exist only at level 0, not " + level);
    }
    return "tile/entries/" + formatIndex(index) + widthSuffix();
  }

  private String widthSuffix() {
    return isPartial() ? ".p/" + width : "";
  }

  /**
   * Encodes a tile index as zero-padded 3-digit path elements, all but the last prefixed with
   * {@code x}: 1234067 is {@code x001/x234/067}.
   */
  public static String formatIndex(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("tile index must be >= 0, got " + index);
    }
    String last = String.format("%03d", index % 1000);
    StringBuilder path = new StringBuilder();
    for (long rest = index / 1000; rest > 0; rest /= 1000) {
      path.insert(0, String.format("x%03d/", rest % 1000));
    }
    return path.append(last).toString();
  }

  /**
   * Parses a tile path {@code tile/<L>/<N>[.p/<W>]}, strictly (no leading zeros in L or W, W below
   * 256, N in canonical 3-digit groups).
   *
   * @throws IllegalArgumentException if {@code path} is not a canonical tile path
   */
  public static Tile parsePath(String path) {
    Matcher m = TILE_PATH.matcher(path);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a tile path: " + path);
    }
    return fromMatch(Integer.parseInt(m.group(1)), m.group(2), m.group(3), path);
  }

  /**
   * Parses an entry bundle path {@code tile/entries/<N>[.p/<W>]} into its level-0 tile coordinates.
   *
   * @throws IllegalArgumentException if {@code path} is not a canonical entry bundle path
   */
  public static Tile parseEntriesPath(String path) {
    Matcher m = ENTRIES_PATH.matcher(path);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an entry bundle path: " + path);
    }
    return fromMatch(0, m.group(1), m.group(2), path);
  }

  private static Tile fromMatch(int level, String index, String width, String path) {
    String digits = index.replace("x", "").replace("/", "");
    if (digits.length() > 21) {
      throw new IllegalArgumentException("tile index too large: " + path);
    }
    int w = width == null ? FULL_WIDTH : Integer.parseInt(width);
    if (width != null && w >= FULL_WIDTH) {
      throw new IllegalArgumentException("partial tile width must be below 256: " + path);
    }
    Tile tile = new Tile(level, Long.parseLong(digits), w);
    if (!path.equals(path.startsWith("tile/entries/") ? tile.entriesPath() : tile.path())) {
      throw new IllegalArgumentException("not a canonical tile path: " + path);
    }
    return tile;
  }

  /** Hashes at tile level {@code level} in a tree of {@code treeSize} leaves. */
  static long hashesAtLevel(int level, long treeSize) {
    return level * HEIGHT >= 63 ? 0 : treeSize >>> (level * HEIGHT);
  }

  /** The tile of level {@code level} holding hash position {@code index} in a tree of {@code treeSize}. */
  static Tile containing(int level, long position, long treeSize) {
    long count = hashesAtLevel(level, treeSize);
    long tileIndex = position >>> HEIGHT;
    long inTile = count - (tileIndex << HEIGHT);
    return new Tile(level, tileIndex, (int) Math.min(FULL_WIDTH, inTile));
  }

  /**
   * Every tile of the tree of {@code treeSize} leaves, level by level: its full tiles and, where
   * the level's hash count is not a multiple of 256, one partial tile.
   */
  public static List<Tile> tilesForSize(long treeSize) {
    return newTiles(0, treeSize);
  }

  /**
   * The tiles a log publishes when it grows from {@code oldSize} to {@code newSize} leaves: the full
   * tiles completed since, and the new partial tile of each level that changed.
   *
   * @throws IllegalArgumentException unless {@code 0 <= oldSize <= newSize}
   */
  public static List<Tile> newTiles(long oldSize, long newSize) {
    if (oldSize < 0 || newSize < oldSize) {
      throw new IllegalArgumentException("cannot grow from size " + oldSize + " to " + newSize);
    }
    List<Tile> tiles = new ArrayList<>();
    for (int level = 0; hashesAtLevel(level, newSize) > 0; level++) {
      long oldCount = hashesAtLevel(level, oldSize);
      long newCount = hashesAtLevel(level, newSize);
      if (oldCount == newCount) {
        continue;
      }
      for (long n = oldCount >>> HEIGHT; n < newCount >>> HEIGHT; n++) {
        tiles.add(new Tile(level, n, FULL_WIDTH));
      }
      int partial = (int) (newCount & (FULL_WIDTH - 1));
      if (partial > 0) {
        tiles.add(new Tile(level, newCount >>> HEIGHT, partial));
      }
    }
    return tiles;
  }
}
