package org.civictrust.tlog;

/**
 * A node of the Merkle tree that is the root of a perfect subtree: the node at {@code level} (0 for
 * leaves) and {@code index} (0 for the leftmost node of the level). It covers the leaves
 * {@code [index * 2^level, (index + 1) * 2^level)}.
 *
 * <p>Requires {@code 0 <= level < 64}, {@code index >= 0} and the covered range to end at or below
 * {@code 2^63 - 1} ({@link Long#MAX_VALUE}), the largest tree size this implementation represents.
 */
public record NodeID(int level, long index) {
  /** Validates the coordinates. */
  public NodeID {
    if (level < 0 || level > 63) {
      throw new IllegalArgumentException("level must be in [0, 63], got " + level);
    }
    if (index < 0 || index >= (Long.MAX_VALUE >>> level)) {
      throw new IllegalArgumentException(
          "node (" + level + "," + index + ") does not fit in a tree of at most 2^63-1 leaves");
    }
  }

  /** The first leaf index this node covers. */
  public long begin() {
    return index << level;
  }

  /** The leaf index just past the last one this node covers. */
  public long end() {
    return (index + 1) << level;
  }

  /** The node whose children this node and its sibling are. */
  public NodeID parent() {
    return new NodeID(level + 1, index >>> 1);
  }

  /** The other child of this node's parent. */
  public NodeID sibling() {
    return new NodeID(level, index ^ 1);
  }

  @Override
  public String toString() {
    return "(" + level + "," + index + ")";
  }
}
