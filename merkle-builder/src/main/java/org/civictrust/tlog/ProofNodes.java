package org.civictrust.tlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The perfect-subtree nodes a proof is made of, in proof order, and how to turn their hashes into
 * the proof's hashes.
 *
 * <p>Most proof hashes are perfect-subtree nodes read as they are. At most one is an <em>ephemeral
 * node</em>: a subtree on the right edge of the tree that is not yet perfect, whose hash is computed
 * from the perfect nodes {@code nodes[ephemeralBegin, ephemeralEnd)} that cover it (left to right).
 * When there is no ephemeral node to compute, {@code ephemeralBegin == ephemeralEnd}.
 */
public record ProofNodes(List<NodeID> nodes, int ephemeralBegin, int ephemeralEnd) {
  /** Validates the indexes and copies the node list. */
  public ProofNodes {
    nodes = List.copyOf(nodes);
    if (ephemeralBegin < 0 || ephemeralEnd < ephemeralBegin || ephemeralEnd > nodes.size()) {
      throw new IllegalArgumentException("ephemeral part [" + ephemeralBegin + ", " + ephemeralEnd
          + ") is not within " + nodes.size() + " nodes");
    }
  }

  /** The number of hashes in the proof these nodes make. */
  public int proofSize() {
    int ephemeral = ephemeralEnd - ephemeralBegin;
    return nodes.size() - (ephemeral > 1 ? ephemeral - 1 : 0);
  }

  /**
   * Turns the hashes of {@link #nodes()} (same order) into the proof: the ephemeral part is folded
   * right to left into one node hash, as RFC 9162 section 2.1.1 computes a tree that is not perfect.
   */
  public List<Hash> rehash(List<Hash> hashes) {
    if (hashes.size() != nodes.size()) {
      throw new IllegalArgumentException("need " + nodes.size() + " hashes, got " + hashes.size());
    }
    List<Hash> proof = new ArrayList<>(proofSize());
    for (int i = 0; i < ephemeralBegin; i++) {
      proof.add(Objects.requireNonNull(hashes.get(i), "hash"));
    }
    if (ephemeralEnd > ephemeralBegin) {
      Hash ephemeral = hashes.get(ephemeralEnd - 1);
      for (int i = ephemeralEnd - 2; i >= ephemeralBegin; i--) {
        ephemeral = Rfc9162.nodeHash(hashes.get(i), ephemeral);
      }
      proof.add(ephemeral);
    }
    for (int i = ephemeralEnd; i < hashes.size(); i++) {
      proof.add(Objects.requireNonNull(hashes.get(i), "hash"));
    }
    return proof;
  }

  /**
   * The nodes that prove the perfect node {@code (level, index)} is in the tree of {@code treeSize}
   * leaves, from the node's sibling up to the root's child.
   *
   * <p>Requires the node to lie within the tree: {@code (index + 1) * 2^level <= treeSize}.
   */
  static ProofNodes path(int level, long index, long treeSize) {
    NodeID node = new NodeID(level, index);
    if (node.end() > treeSize) {
      throw new IllegalArgumentException("node " + node + " is not within a tree of size " + treeSize);
    }
    // The fork is the highest ancestor of the node whose subtree still ends at or before treeSize;
    // below it every sibling is a perfect node, right of it lies the ephemeral node.
    int height = 63 - Long.numberOfLeadingZeros(index ^ (treeSize >>> level));
    NodeID fork = new NodeID(level + height, index >>> height);

    List<NodeID> nodes = new ArrayList<>();
    for (int i = 0; i < height; i++) {
      nodes.add(node.sibling());
      node = node.parent();
    }
    int ephemeralBegin = nodes.size();
    nodes.addAll(CompactRange.nodes(fork.end(), treeSize));
    int ephemeralEnd = nodes.size();
    List<NodeID> left = CompactRange.nodes(0, fork.begin());
    for (int i = left.size() - 1; i >= 0; i--) {
      nodes.add(left.get(i));
    }
    return new ProofNodes(nodes, ephemeralBegin, ephemeralEnd);
  }
}
