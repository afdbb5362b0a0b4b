package org.civictrust.sequencer.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.NodeID;
import org.civictrust.tlog.NodeVisitor;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileReader;

/**
 * A log's tile rows in a key-value store: the hash at tile level L (tree level 8L) and position i under
 * the key {@code L (1 byte) || i (8 bytes, big-endian)}, so a tile is one range scan. Written as a
 * {@link NodeVisitor} while the compact range grows; read as a {@link TileReader}, each tile at most once
 * per instance (make one per batch of proofs). For {@code org.civictrust.sequencer} only.
 */
public final class NodeStore implements NodeVisitor, TileReader {
  private final KeyValueStore<Bytes, byte[]> store;
  private final Map<Tile, byte[]> read = new HashMap<>();

  public NodeStore(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  static Bytes key(int tileLevel, long position) {
    return Bytes.wrap(ByteBuffer.allocate(9).put((byte) tileLevel).putLong(position).array());
  }

  @Override
  public void visit(NodeID node, Hash hash) {
    if (node.level() % Tile.HEIGHT == 0) {
      store.put(key(node.level() / Tile.HEIGHT, node.index()), hash.bytes());
    }
  }

  @Override
  public byte[] readTile(Tile tile) throws IOException {
    byte[] cached = read.get(tile);
    if (cached != null) {
      return cached;
    }
    long first = tile.index() * Tile.FULL_WIDTH;
    ByteBuffer content = ByteBuffer.allocate(tile.byteSize());
    try (KeyValueIterator<Bytes, byte[]> hashes =
        store.range(key(tile.level(), first), key(tile.level(), first + tile.width() - 1))) {
      while (hashes.hasNext()) {
        KeyValue<Bytes, byte[]> hash = hashes.next();
        if (!content.hasRemaining() || hash.value.length != Hash.SIZE) {
          throw new IOException("tile " + tile.path() + " has unexpected contents in the node store");
        }
        content.put(hash.value);
      }
    }
    if (content.hasRemaining()) {
      throw new NoSuchFileException(tile.path());
    }
    read.put(tile, content.array());
    return content.array();
  }
}
