package org.civictrust.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.HashReader;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.NodeID;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.TileHashReader;

/** A log built in memory, from an entries file or entry by entry: its compact range and its tiles. */
final class LocalLog {
  private final CompactRange range = CompactRange.empty(0);
  private final MemoryTiles tiles = new MemoryTiles();

  /** The log of every entry of the entries file {@code entries}. */
  static LocalLog load(Path entries) throws InputException, IOException {
    LocalLog log = new LocalLog();
    EntriesFile.forEach(entries, (index, entry) -> log.append(entry));
    return log;
  }

  void append(byte[] entry) {
    range.append(Rfc9162.leafHash(entry), tiles);
  }

  long size() {
    return range.end();
  }

  Hash rootHash() {
    return range.rootHash();
  }

  MemoryTiles tiles() {
    return tiles;
  }

  /** The tree of {@code treeSize} leaves, a prefix of this log; requires {@code treeSize <= size()}. */
  HashReader reader(long treeSize) {
    return new TileHashReader(treeSize, tiles);
  }

  /** The root hash of the tree of {@code treeSize} leaves; requires {@code treeSize <= size()}. */
  Hash rootHash(long treeSize) throws IOException {
    return CompactRange.read(0, treeSize, reader(treeSize)).rootHash();
  }

  /** The leaf hash at {@code index}; requires {@code index < size()}. */
  Hash leafHash(long index) throws IOException {
    return reader(size()).readHashes(List.of(new NodeID(0, index))).get(0);
  }
}
