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
 * The files of one log in an archive store, below its prefix. A partial tile or bundle is read from the
 * full one when that exists (a partial tile is a prefix of the full tile: C2SP tlog-tiles lets a log
 * drop partial tiles once the full tile is there), else from its own file.
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
   * The content of {@code tile}: the first {@code width} hashes of the full tile if it exists, else
   * the tile's own file; null if neither exists.
   */
  public byte[] tile(Tile tile) throws IOException {
    if (tile.isPartial()) {
      byte[] full = read(new Tile(tile.level(), tile.index(), Tile.FULL_WIDTH).path());
      if (full != null) {
        return full.length < tile.byteSize() ? full : Arrays.copyOf(full, tile.byteSize());
      }
    }
    return read(tile.path());
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
   * The entries of the bundle with {@code tile}'s coordinates: the first {@code width} of the full
   * bundle if it exists, else the bundle's own file; null if neither exists.
   *
   * @throws VerificationException MALFORMED if the bundle read does not parse
   */
  public List<byte[]> entries(Tile tile) throws IOException, VerificationException {
    if (tile.isPartial()) {
      byte[] full = read(new Tile(0, tile.index(), Tile.FULL_WIDTH).entriesPath());
      if (full != null) {
        return EntryBundle.parse(full, Tile.FULL_WIDTH).subList(0, tile.width());
      }
    }
    byte[] bundle = read(tile.entriesPath());
    return bundle == null ? null : EntryBundle.parse(bundle, tile.width());
  }
}
