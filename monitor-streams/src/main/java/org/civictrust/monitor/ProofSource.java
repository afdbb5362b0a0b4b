package org.civictrust.monitor;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Objects;
import org.civictrust.tlog.HashReader;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.TileReader;

/**
 * Where a monitor reads a log's tree to prove consistency between checkpoints: the log's tiles
 * (C2SP tlog-tiles, over HTTP or from a directory) or the monitor's own copy of the log's entries.
 * Nothing read here is trusted: a proof counts only if it yields a root the log signed.
 */
@FunctionalInterface
public interface ProofSource {
  /**
   * A reader of the tree of {@code treeSize} leaves of log {@code origin}, as this source holds it.
   *
   * @throws IOException if this source cannot serve that tree (now); the reader's own reads may fail
   *     the same way
   */
  HashReader tree(String origin, long treeSize) throws IOException;

  /** The tiles of each log by origin; a log without tiles has no tree. */
  static ProofSource tiles(Map<String, ? extends TileReader> byOrigin) {
    Map<String, TileReader> tiles = Map.copyOf(byOrigin);
    return (origin, treeSize) -> {
      TileReader reader = tiles.get(Objects.requireNonNull(origin, "origin"));
      if (reader == null) {
        throw new NoSuchFileException("no tiles of log " + origin);
      }
      return new TileHashReader(treeSize, reader);
    };
  }
}
