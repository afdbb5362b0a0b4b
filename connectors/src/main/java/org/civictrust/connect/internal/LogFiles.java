package org.civictrust.connect.internal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import org.civictrust.connect.ArchiveLayout;
import org.civictrust.connect.ArchiveStore;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileReader;
import org.civictrust.tlog.VerificationException;

/**
 * The files of one log in an archive store, below its prefix. A partial tile or bundle is read from its
 * own file, or, where that is missing, as the prefix of the full one (a partial tile is a prefix of the
 * full tile: C2SP tlog-tiles lets a log drop partial tiles once the full tile is there).
 */
public final class LogFiles {
  private final ArchiveStore store;
  private final String prefix;

  /** The log below {@code prefix} ("" or ending in {@code /}) of {@code store}. */
  public LogFiles(ArchiveStore store, String prefix) {
    this.store = store;
    this.prefix = Keys.checkPrefix(prefix);
  }

  public ArchiveStore store() {
    return store;
  }

  public String prefix() {
    return prefix;
  }

  /** The store key of {@code path} below the prefix. */
  public String key(String path) {
    return prefix + path;
  }

  /** Where the log is, for messages. */
  public String location() {
    String root = store.location();
    return root + (root.endsWith("/") || prefix.isEmpty() ? "" : "/") + prefix;
  }

  /** The file at {@code path} below the prefix, or null. */
  public byte[] read(String path) throws IOException {
    return store.read(key(path));
  }

  /** The signed checkpoint, or null. */
  public byte[] checkpoint() throws IOException {
    return read(ArchiveLayout.CHECKPOINT);
  }

  /**
   * The content of {@code tile}: its own file, else (for a partial tile) the first {@code width}
   * hashes of the full tile; null if neither exists.
   */
  public byte[] tile(Tile tile) throws IOException {
    byte[] own = read(tile.path());
    if (own != null || !tile.isPartial()) {
      return own;
    }
    byte[] full = read(new Tile(tile.level(), tile.index(), Tile.FULL_WIDTH).path());
    return full == null || full.length < tile.byteSize() ? full : Arrays.copyOf(full, tile.byteSize());
  }

  /** {@link #tile} as a {@link TileReader}: a missing tile is a {@link NoSuchFileException}. */
  public TileReader tiles() {
    return tile -> {
      byte[] content = tile(tile);
      if (content == null) {
        throw new NoSuchFileException(location() + tile.path());
      }
      return content;
    };
  }

  /**
   * The entries of the bundle with {@code tile}'s coordinates: its own file, else (for a partial
   * bundle) the first {@code width} entries of the full bundle; null if neither exists.
   *
   * @throws VerificationException MALFORMED if the bundle read does not parse
   */
  public List<byte[]> entries(Tile tile) throws IOException, VerificationException {
    byte[] bundle = read(tile.entriesPath());
    if (bundle != null) {
      return EntryBundle.parse(bundle, tile.width());
    }
    if (!tile.isPartial()) {
      return null;
    }
    byte[] full = read(new Tile(0, tile.index(), Tile.FULL_WIDTH).entriesPath());
    return full == null ? null : EntryBundle.parse(full, Tile.FULL_WIDTH).subList(0, tile.width());
  }
}
