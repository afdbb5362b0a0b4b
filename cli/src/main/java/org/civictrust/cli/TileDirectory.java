package org.civictrust.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.civictrust.files.AtomicFiles;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileReader;

/**
 * A log in C2SP tlog-tiles layout on disk: {@code checkpoint}, {@code tile/<L>/<N>[.p/<W>]} and
 * {@code tile/entries/<N>[.p/<W>]} below one directory, the log's prefix. Files are written with
 * {@link AtomicFiles#write} (temporary name, forced, renamed into place, directory forced), so a reader
 * never sees half a tile and a written tile survives a crash.
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

  /**
   * Writes {@code content} at {@code relativePath} below the prefix, atomically and durably, creating
   * the directories it needs.
   */
  Path write(String relativePath, byte[] content) throws IOException {
    Path target = root.resolve(relativePath);
    AtomicFiles.createDirectories(target.toAbsolutePath().getParent());
    AtomicFiles.write(target, content);
    return target;
  }
}
