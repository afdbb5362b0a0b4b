package org.civictrust.anchor.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The issued documents a checkpoint has not covered yet, in a key-value store, {@value #BATCH} leaves
 * a value: under the key {@code leafIndex / BATCH} (8 bytes, big-endian), one after another, each
 * {@code appendedAt (8 bytes) || length (4 bytes) || the IssuedDocument record}. Appending rewrites
 * the batch's value, which the store's cache folds into one changelog record a batch per commit; a
 * batch is deleted once a checkpoint covers all of it. For {@code org.civictrust.anchor} only.
 */
public final class PendingStore {
  /** Leaves a stored value holds. */
  static final int BATCH = 64;

  /** A pending leaf: when it was appended (record time) and its IssuedDocument record. */
  public record Pending(long appendedAt, byte[] issued) {}

  private final KeyValueStore<Bytes, byte[]> store;

  public PendingStore(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  /** Keeps leaf {@code leafIndex}, the next leaf of the log, until {@link #release}. */
  public void append(long leafIndex, long appendedAt, byte[] issued) {
    Bytes key = key(leafIndex / BATCH);
    int position = (int) (leafIndex % BATCH);
    byte[] before = position == 0 ? new byte[0] : store.get(key);
    if (before == null || count(before) != position) {
      throw new IllegalStateException("pending batch " + leafIndex / BATCH + " does not end before leaf " + leafIndex);
    }
    store.put(key, ByteBuffer.allocate(before.length + 12 + issued.length).put(before)
        .putLong(appendedAt).putInt(issued.length).put(issued).array());
  }

  /**
   * Starts an empty store at leaf {@code treeSize} of a log continued from a seed: the leaves before it
   * in its batch, anchored before the seed, are kept as empty placeholders (appended at
   * {@link Long#MIN_VALUE}, no record; never read), so that the batch fills from position
   * {@code treeSize % BATCH} as every batch does.
   */
  public void startAt(long treeSize) {
    int position = (int) (treeSize % BATCH);
    if (position > 0) {
      ByteBuffer placeholders = ByteBuffer.allocate(12 * position);
      for (int i = 0; i < position; i++) {
        placeholders.putLong(Long.MIN_VALUE).putInt(0);
      }
      store.put(key(treeSize / BATCH), placeholders.array());
    }
  }

  /** Leaf {@code leafIndex}, which must be pending. */
  public Pending get(long leafIndex) {
    byte[] batch = store.get(key(leafIndex / BATCH));
    if (batch == null) {
      throw new IllegalStateException("leaf " + leafIndex + " is not pending");
    }
    ByteBuffer in = ByteBuffer.wrap(batch);
    for (long skip = leafIndex % BATCH; skip > 0 && in.remaining() >= 12; skip--) {
      skipLeaf(in);
    }
    if (in.remaining() < 12) {
      throw new IllegalStateException("leaf " + leafIndex + " is not pending");
    }
    long appendedAt = in.getLong();
    int length = in.getInt();
    return new Pending(appendedAt, Arrays.copyOfRange(batch, in.position(), in.position() + length));
  }

  /** Forgets every batch that lies wholly below {@code end}, from the batch of {@code begin} on. */
  public void release(long begin, long end) {
    for (long batch = begin / BATCH; (batch + 1) * BATCH <= end; batch++) {
      store.delete(key(batch));
    }
  }

  private static int count(byte[] batch) {
    ByteBuffer in = ByteBuffer.wrap(batch);
    int count = 0;
    while (in.remaining() >= 12) {
      skipLeaf(in);
      count++;
    }
    return count;
  }

  private static void skipLeaf(ByteBuffer in) {
    in.getLong();
    int length = in.getInt();
    in.position(in.position() + length);
  }

  private static Bytes key(long batch) {
    return Bytes.wrap(ByteBuffer.allocate(8).putLong(batch).array());
  }
}
