package org.civictrust.anchor.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.Hash;

/**
 * What a sequencer must remember of its log between records, in an explicit versioned binary form
 * (never Java serialization): the compact range of the whole tree, the last checkpoint, and record
 * time. For {@code org.civictrust.anchor} only.
 *
 * @param range the compact range [0, treeSize)
 * @param checkpointSize the size of the last signed checkpoint; leaves from here on wait for one
 * @param streamTime the largest record timestamp seen
 * @param oldestPendingAt the stream time at which leaf {@code checkpointSize} was appended
 * @param failedUpTo leaves below this (and at or above checkpointSize) were reported ANCHOR_FAILED
 */
public record LogState(CompactRange range, long checkpointSize, long streamTime, long oldestPendingAt, long failedUpTo) {
  /** Format 2: stores tiles and pending batches (format 1 stored single hashes and single leaves). */
  private static final byte VERSION = 2;

  /** The state of an empty log. */
  public static LogState empty() {
    return new LogState(CompactRange.empty(0), 0, Long.MIN_VALUE, Long.MIN_VALUE, 0);
  }

  public long treeSize() {
    return range.end();
  }

  /** The versioned binary form. */
  public byte[] toBytes() {
    List<Hash> hashes = range.hashes();
    ByteBuffer out = ByteBuffer.allocate(1 + 8 * 5 + 1 + Hash.SIZE * hashes.size());
    out.put(VERSION).putLong(range.end()).putLong(checkpointSize).putLong(streamTime).putLong(oldestPendingAt)
        .putLong(failedUpTo).put((byte) hashes.size());
    for (Hash hash : hashes) {
      out.put(hash.bytes());
    }
    return out.array();
  }

  /** Reads the binary form; a state that does not parse is a fault, not input to skip. */
  public static LogState fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (bytes.length < 42 || bytes[0] != VERSION) {
      throw new IllegalStateException("sequencer state of format " + (bytes.length == 0 ? "?" : bytes[0])
          + ", this sequencer reads format " + VERSION + ": replay the input topics into a fresh deployment");
    }
    in.get();
    long treeSize = in.getLong();
    long checkpointSize = in.getLong();
    long streamTime = in.getLong();
    long oldestPendingAt = in.getLong();
    long failedUpTo = in.getLong();
    int count = in.get() & 0xff;
    if (in.remaining() != count * Hash.SIZE) {
      throw new IllegalStateException("sequencer state holds " + in.remaining() + " bytes of hashes, not " + count);
    }
    List<Hash> hashes = new ArrayList<>(count);
    byte[] hash = new byte[Hash.SIZE];
    for (int i = 0; i < count; i++) {
      in.get(hash);
      hashes.add(Hash.of(hash));
    }
    return new LogState(CompactRange.of(0, treeSize, hashes), checkpointSize, streamTime, oldestPendingAt, failedUpTo);
  }
}
