package org.civictrust.monitor.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.civictrust.monitor.ProofSource;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.HashReader;
import org.civictrust.tlog.NodeID;
import org.civictrust.tlog.Rfc9162;

/**
 * The monitor's own copy of each log's tree, built from the log's entries in two state stores: the
 * compact range of each log ({@code origin → end ‖ hashes}) and the hash of every perfect subtree
 * ({@code originId ‖ level ‖ index → hash}, where originId is the first 8 bytes of SHA-256(origin)),
 * about two a leaf. A proof then costs one point read a node instead of whole tiles. It serves proofs
 * for any size up to the entries it holds.
 */
public final class StoreTree implements ProofSource {
  private final KeyValueStore<Bytes, byte[]> ranges;
  private final KeyValueStore<Bytes, byte[]> nodes;
  private final Map<String, CompactRange> loaded = new HashMap<>();

  public StoreTree(KeyValueStore<Bytes, byte[]> ranges, KeyValueStore<Bytes, byte[]> nodes) {
    this.ranges = ranges;
    this.nodes = nodes;
  }

  /** The number of entries held of {@code origin}. */
  public long size(String origin) {
    return range(origin).end();
  }

  /**
   * Appends the entry at {@code leafIndex}: the next one is appended, earlier ones (repeats) ignored.
   *
   * @return false if {@code leafIndex} is beyond the next one (a gap)
   */
  public boolean append(String origin, long leafIndex, byte[] entry) {
    CompactRange range = range(origin);
    if (leafIndex < range.end()) {
      return true;
    }
    if (leafIndex > range.end()) {
      return false;
    }
    byte[] id = originId(origin);
    range.append(Rfc9162.leafHash(entry), (node, hash) -> nodes.put(nodeKey(id, node.level(), node.index()), hash.bytes()));
    ByteBuffer saved = ByteBuffer.allocate(8 + Hash.SIZE * range.hashes().size()).putLong(range.end());
    range.hashes().forEach(h -> saved.put(h.bytes()));
    ranges.put(key(origin), saved.array());
    return true;
  }

  @Override
  public HashReader tree(String origin, long treeSize) throws IOException {
    long held = size(origin);
    if (treeSize > held) {
      throw new NoSuchFileException("the monitor holds " + held + " entries of " + origin + ", not " + treeSize);
    }
    byte[] id = originId(origin);
    return wanted -> {
      List<Hash> hashes = new ArrayList<>(wanted.size());
      for (NodeID node : wanted) {
        if (node.end() > treeSize) {
          throw new IllegalArgumentException("node " + node + " is not within the tree of size " + treeSize);
        }
        byte[] hash = nodes.get(nodeKey(id, node.level(), node.index()));
        if (hash == null || hash.length != Hash.SIZE) {
          throw new IOException("the node store lost node " + node + " of " + origin);
        }
        hashes.add(Hash.of(hash));
      }
      return hashes;
    };
  }

  private CompactRange range(String origin) {
    return loaded.computeIfAbsent(origin, o -> {
      byte[] saved = ranges.get(key(o));
      if (saved == null) {
        return CompactRange.empty(0);
      }
      ByteBuffer buffer = ByteBuffer.wrap(saved);
      long end = buffer.getLong();
      List<Hash> hashes = new ArrayList<>();
      while (buffer.hasRemaining()) {
        byte[] hash = new byte[Hash.SIZE];
        buffer.get(hash);
        hashes.add(Hash.of(hash));
      }
      return CompactRange.of(0, end, hashes);
    });
  }

  private static Bytes key(String origin) {
    return Bytes.wrap(origin.getBytes(StandardCharsets.UTF_8));
  }

  /** The first 8 bytes of SHA-256(origin): the prefix of a log's keys in shared stores. */
  public static byte[] originId(String origin) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8));
      return java.util.Arrays.copyOf(digest, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  private static Bytes nodeKey(byte[] originId, int level, long index) {
    return Bytes.wrap(ByteBuffer.allocate(17).put(originId).put((byte) level).putLong(index).array());
  }
}
