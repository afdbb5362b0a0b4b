package org.civictrust.anchor.internal;

import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.NodeID;
import org.civictrust.tlog.NodeVisitor;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileReader;

/**
 * A log's tiles in a key-value store: the hashes a tile of level L and index N holds so far, 32 bytes
 * each, under the key {@code L (1 byte) || N (8 bytes, big-endian)}. Appending a hash rewrites its
 * tile's value; the store's cache folds those rewrites into one changelog record a tile per commit,
 * instead of one a hash. Written as a {@link NodeVisitor} while the compact range grows; read as a
 * {@link TileReader} at any width the tile has reached. For {@code org.civictrust.anchor} only.
 */
public final class TileStore implements NodeVisitor, TileReader {
  private final KeyValueStore<Bytes, byte[]> store;

  public TileStore(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  static Bytes key(int tileLevel, long tileIndex) {
    return Bytes.wrap(ByteBuffer.allocate(9).put((byte) tileLevel).putLong(tileIndex).array());
  }

  @Override
  public void visit(NodeID node, Hash hash) {
    if (node.level() % Tile.HEIGHT != 0) {
      return;
    }
    int tileLevel = node.level() / Tile.HEIGHT;
    Bytes key = key(tileLevel, node.index() / Tile.FULL_WIDTH);
    int position = (int) (node.index() % Tile.FULL_WIDTH);
    byte[] before = position == 0 ? new byte[0] : store.get(key);
    if (before == null || before.length != position * Hash.SIZE) {
      throw new IllegalStateException("tile " + tileLevel + "/" + node.index() / Tile.FULL_WIDTH + " holds "
          + (before == null ? "nothing" : before.length / Hash.SIZE + " hashes") + " before hash " + position);
    }
    byte[] after = Arrays.copyOf(before, before.length + Hash.SIZE);
    System.arraycopy(hash.bytes(), 0, after, before.length, Hash.SIZE);
    store.put(key, after);
  }

  /**
   * Stores {@code content}, the hashes of partial tile {@code tile}, as the tile so far, for a log
   * that continues from a seed: the next hashes of that tile are appended to it.
   *
   * @throws IllegalStateException if the store already holds hashes of that tile
   */
  public void seed(Tile tile, byte[] content) {
    if (content.length != tile.byteSize()) {
      throw new IllegalArgumentException("tile " + tile.path() + " holds " + tile.byteSize() + " bytes, not "
          + content.length);
    }
    Bytes key = key(tile.level(), tile.index());
    if (store.get(key) != null) {
      throw new IllegalStateException("tile " + tile.level() + "/" + tile.index() + " already holds hashes");
    }
    store.put(key, content.clone());
  }

  @Override
  public byte[] readTile(Tile tile) throws NoSuchFileException {
    byte[] content = store.get(key(tile.level(), tile.index()));
    if (content == null || content.length < tile.byteSize()) {
      throw new NoSuchFileException(tile.path());
    }
    return content.length == tile.byteSize() ? content : Arrays.copyOf(content, tile.byteSize());
  }
}
