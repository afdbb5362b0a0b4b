package org.civictrust.tlog;

/**
 * Sees every perfect-subtree node a {@link CompactRange} creates while it grows: the appended leaf
 * itself and each parent completed by merging. A tile writer or a state store uses it to keep the
 * hashes proofs will later need.
 */
@FunctionalInterface
public interface NodeVisitor {
  /** Called once for each new node, children before parents. */
  void visit(NodeID node, Hash hash);
}
