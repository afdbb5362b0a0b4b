package org.civictrust.tlog;

import java.io.IOException;

/** Reads a tile's content ({@code width * 32} bytes) from wherever a log's tiles are kept. */
@FunctionalInterface
public interface TileReader {
  /**
   * Returns the content of {@code tile}.
   *
   * @throws IOException if the tile cannot be read (including when it does not exist)
   */
  byte[] readTile(Tile tile) throws IOException;
}
