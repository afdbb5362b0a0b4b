package org.civictrust.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileReader;

/**
 * A log in C2SP tlog-tiles layout on disk: {@code checkpoint}, {@code tile/<L>/<N>[.p/<W>]} and
 * {@code tile/entries/<N>[.p/<W>]} below one directory, the log's prefix. Files are written to a
 * temporary name and moved into place, so a reader never sees half a tile.
 */
final class TileDirectory implements TileReader {
  static final String CHECKPOINT = "checkpoint";

  private final Path root;

  TileDirectory(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  @Override
  public byte[] readTile(Tile tile) throws IOException {
    return Files.readAllBytes(root.resolve(tile.path()));
  }

  /** Reads and parses the entry bundle with index {@code index} as published for a tree of {@code treeSize}. */
  List<byte[]> readEntries(long index, long treeSize) throws IOException, VerificationException {
    int width = (int) Math.min(Tile.FULL_WIDTH, treeSize - index * Tile.FULL_WIDTH);
    byte[] bundle = Files.readAllBytes(root.resolve(new Tile(0, index, width).entriesPath()));
    return EntryBundle.parse(bundle, width);
  }

  /** Writes {@code content} at {@code relativePath} below the prefix, atomically. */
  Path write(String relativePath, byte[] content) throws IOException {
    return writeAtomically(root.resolve(relativePath), content);
  }

  /**
   * Writes {@code content} to {@code target} through a temporary file in the same directory, moved into
   * place, so that a reader sees the old file or the whole new one; creates the directory if needed.
   */
  static Path writeAtomically(Path target, byte[] content) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, ".write-", ".tmp");
    try {
      Files.write(temporary, content);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return target;
  }
}
