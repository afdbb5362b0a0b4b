package org.civictrust.tlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A compact range: the hashes of the fewest perfect subtrees that exactly cover the leaves
 * {@code [begin, end)}, ordered left to right. Ranges starting at 0 hold the whole state needed to
 * append to a log and compute its root hash, in O(log n) hashes.
 *
 * <p>Appending a leaf costs amortised one node hash (at most 63); ranges that meet can be merged.
 * Instances are mutable and not thread-safe; {@link #copy()} them to share.
 */
public final class CompactRange {
  private final long begin;
  private long end;
  private Hash[] hashes;
  private int count;

  private CompactRange(long begin, long end, Hash[] hashes, int count) {
    this.begin = begin;
    this.end = end;
    this.hashes = hashes;
    this.count = count;
  }

  /** An empty range at {@code begin}; requires {@code begin >= 0}. */
  public static CompactRange empty(long begin) {
    if (begin < 0) {
      throw new IllegalArgumentException("begin must be >= 0, got " + begin);
    }
    return new CompactRange(begin, begin, new Hash[8], 0);
  }

  /**
   * The range {@code [begin, end)} made of {@code hashes}, which must be the hashes of
   * {@link #nodes(long, long) nodes(begin, end)} in that order.
   *
   * @throws IllegalArgumentException if the bounds are invalid or the number of hashes is wrong
   */
  public static CompactRange of(long begin, long end, List<Hash> hashes) {
    int want = nodes(begin, end).size();
    if (hashes.size() != want) {
      throw new IllegalArgumentException(
          "range [" + begin + ", " + end + ") has " + want + " nodes, got " + hashes.size() + " hashes");
    }
    Hash[] array = hashes.toArray(new Hash[Math.max(8, want)]);
    for (int i = 0; i < want; i++) {
      Objects.requireNonNull(array[i], "hash");
    }
    return new CompactRange(begin, end, array, want);
  }

  /** Reads the range {@code [begin, end)} of a tree from {@code reader}. */
  public static CompactRange read(long begin, long end, HashReader reader) throws IOException {
    List<NodeID> nodes = nodes(begin, end);
    return of(begin, end, HashReader.readExactly(reader, nodes));
  }

  /**
   * The perfect-subtree nodes that exactly cover {@code [begin, end)}, left to right: sizes first
   * grow (the part aligned to {@code begin}) and then shrink (the part aligned to {@code end}).
   *
   * @throws IllegalArgumentException unless {@code 0 <= begin <= end}
   */
  public static List<NodeID> nodes(long begin, long end) {
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("invalid range [" + begin + ", " + end + ")");
    }
    List<NodeID> nodes = new ArrayList<>();
    for (long at = begin; at < end; ) {
      int aligned = at == 0 ? 63 : Long.numberOfTrailingZeros(at);
      int fits = 63 - Long.numberOfLeadingZeros(end - at);
      int level = Math.min(aligned, fits);
      nodes.add(new NodeID(level, at >>> level));
      at += 1L << level;
    }
    return nodes;
  }

  /** The first leaf index covered. */
  public long begin() {
    return begin;
  }

  /** The leaf index just past the last one covered. */
  public long end() {
    return end;
  }

  /** The hashes of {@link #nodes(long, long) nodes(begin(), end())}, left to right. */
  public List<Hash> hashes() {
    return Collections.unmodifiableList(Arrays.asList(Arrays.copyOf(hashes, count)));
  }

  /** Appends one leaf by its leaf hash. */
  public void append(Hash leafHash) {
    append(leafHash, null);
  }

  /**
   * Appends one leaf by its leaf hash, showing {@code visitor} (if not null) the leaf node and every
   * node completed by the append.
   *
   * @throws IllegalStateException if the range already ends at {@link Long#MAX_VALUE}
   */
  public void append(Hash leafHash, NodeVisitor visitor) {
    Objects.requireNonNull(leafHash, "leafHash");
    if (end == Long.MAX_VALUE) {
      throw new IllegalStateException("a tree holds at most 2^63-1 leaves");
    }
    NodeID leaf = new NodeID(0, end);
    if (visitor != null) {
      visitor.visit(leaf, leafHash);
    }
    push(0, end, leafHash, visitor);
    end++;
  }

  /**
   * Appends the range {@code other}, which must begin where this one ends, merging the nodes that
   * meet; {@code visitor} (if not null) sees each merged node. {@code other} is not changed.
   */
  public void appendRange(CompactRange other, NodeVisitor visitor) {
    if (other.begin != end) {
      throw new IllegalArgumentException(
          "cannot append [" + other.begin + ", " + other.end + ") to [" + begin + ", " + end + ")");
    }
    List<NodeID> nodes = nodes(other.begin, other.end);
    for (int i = 0; i < nodes.size(); i++) {
      push(nodes.get(i).level(), nodes.get(i).index(), other.hashes[i], visitor);
    }
    end = other.end;
  }

  /**
   * The RFC 9162 Merkle tree hash of the leaves {@code [0, end)}: the empty root for an empty range.
   *
   * @throws IllegalStateException unless {@code begin() == 0}
   */
  public Hash rootHash() {
    if (begin != 0) {
      throw new IllegalStateException("only a range from 0 has a tree root; this one begins at " + begin);
    }
    if (count == 0) {
      return Rfc9162.EMPTY_ROOT;
    }
    Hash root = hashes[count - 1];
    for (int i = count - 2; i >= 0; i--) {
      root = Rfc9162.nodeHash(hashes[i], root);
    }
    return root;
  }

  /** An independent copy of this range. */
  public CompactRange copy() {
    return new CompactRange(begin, end, hashes.clone(), count);
  }

  /** Pushes the node (level, index), merging it with its left siblings already in the range. */
  private void push(int level, long index, Hash hash, NodeVisitor visitor) {
    while ((index & 1) == 1 && ((index - 1) << level) >= begin) {
      hash = Rfc9162.nodeHash(hashes[--count], hash);
      level++;
      index >>>= 1;
      if (visitor != null) {
        visitor.visit(new NodeID(level, index), hash);
      }
    }
    if (count == hashes.length) {
      hashes = Arrays.copyOf(hashes, 2 * count);
    }
    hashes[count++] = hash;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof CompactRange)) {
      return false;
    }
    CompactRange that = (CompactRange) other;
    return begin == that.begin && end == that.end
        && Arrays.equals(hashes, 0, count, that.hashes, 0, that.count);
  }

  @Override
  public int hashCode() {
    return Objects.hash(begin, end, count == 0 ? 0 : hashes[count - 1].hashCode());
  }

  @Override
  public String toString() {
    return "CompactRange[" + begin + ", " + end + ")" + hashes();
  }
}
