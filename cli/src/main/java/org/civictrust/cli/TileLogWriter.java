package org.civictrust.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.VerificationException;

/**
 * Writes a log into a {@link TileDirectory} in C2SP tlog-tiles layout while its entries arrive, in
 * order: each entry bundle as soon as it is full (so entries need not stay in memory), then, on
 * {@link #finish}, the tiles and the partial entry bundles of the tree sizes a reader may ask for. The
 * log's hashes are kept in a {@link LocalLog}, which recomputes roots at any size so far.
 */
final class TileLogWriter {
  private final TileDirectory directory;
  private final LocalLog log = new LocalLog();
  private final List<byte[]> bundle = new ArrayList<>(Tile.FULL_WIDTH);
  private long bundlesWritten;

  TileLogWriter(TileDirectory directory) {
    this.directory = directory;
  }

  /** The tree built so far. */
  LocalLog log() {
    return log;
  }

  TileDirectory directory() {
    return directory;
  }

  /**
   * Appends {@code entry} as leaf {@code log().size()}; writes its entry bundle once full.
   *
   * @throws IllegalArgumentException if the entry is longer than {@link EntryBundle#MAX_ENTRY_SIZE}
   */
  void append(byte[] entry) throws IOException {
    if (entry.length > EntryBundle.MAX_ENTRY_SIZE) {
      throw new IllegalArgumentException("an entry holds at most " + EntryBundle.MAX_ENTRY_SIZE + " bytes, this one "
          + entry.length);
    }
    log.append(entry);
    bundle.add(entry);
    if (bundle.size() == Tile.FULL_WIDTH) {
      write(new Tile(0, (log.size() - 1) / Tile.FULL_WIDTH, Tile.FULL_WIDTH), bundle);
      bundle.clear();
    }
  }

  /**
   * Writes every tile of the current tree and, for the current size and each of {@code alsoSizes}
   * (each at most the current size), its partial tiles and partial entry bundle, so that a reader
   * holding a checkpoint of any of these sizes finds every file it needs.
   *
   * @return the number of tiles written (entry bundles not included)
   */
  int finish(long... alsoSizes) throws IOException {
    Set<Tile> tiles = new LinkedHashSet<>(Tile.tilesForSize(log.size()));
    if (!bundle.isEmpty()) {
      write(new Tile(0, log.size() / Tile.FULL_WIDTH, bundle.size()), bundle);
    }
    for (long size : alsoSizes) {
      if (size < 0 || size > log.size()) {
        throw new IllegalArgumentException("size " + size + " is not in [0, " + log.size() + "]");
      }
      tiles.addAll(Tile.tilesForSize(size));
      int width = (int) (size % Tile.FULL_WIDTH);
      if (width > 0 && size / Tile.FULL_WIDTH < log.size() / Tile.FULL_WIDTH) {
        // That partial bundle is a prefix of a full bundle already written: read it back.
        long index = size / Tile.FULL_WIDTH;
        List<byte[]> full = readBundle(index, (index + 1) * Tile.FULL_WIDTH);
        write(new Tile(0, index, width), full.subList(0, width));
      } else if (width > 0 && width != bundle.size()) {
        write(new Tile(0, size / Tile.FULL_WIDTH, width), bundle.subList(0, width));
      }
    }
    for (Tile tile : tiles) {
      directory.write(tile.path(), log.tiles().readTile(tile));
    }
    return tiles.size();
  }

  /** The entry bundles written so far, full and partial. */
  long bundlesWritten() {
    return bundlesWritten;
  }

  private List<byte[]> readBundle(long index, long treeSize) throws IOException {
    try {
      return directory.readEntries(index, treeSize);
    } catch (VerificationException e) {
      throw new IOException("the entry bundle " + index + " written in " + directory.root() + " does not read back", e);
    }
  }

  private void write(Tile tile, List<byte[]> entries) throws IOException {
    directory.write(tile.entriesPath(), EntryBundle.format(entries));
    bundlesWritten++;
  }
}
