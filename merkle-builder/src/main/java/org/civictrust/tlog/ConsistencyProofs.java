package org.civictrust.tlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Merkle consistency proofs of RFC 9162 section 2.1.4: that the tree of {@code oldSize} leaves is a
 * prefix of the tree of {@code newSize} leaves. Which nodes ({@link #nodes}), fetching
 * ({@link #prove}) and checking ({@link #check}) are separate steps.
 */
public final class ConsistencyProofs {
  private ConsistencyProofs() {}

  /**
   * The nodes of the consistency proof from {@code oldSize} to {@code newSize}; none when the sizes
   * are equal or {@code oldSize} is 0.
   *
   * @throws IllegalArgumentException unless {@code 0 <= oldSize <= newSize}
   */
  public static ProofNodes nodes(long oldSize, long newSize) {
    if (oldSize < 0 || newSize < oldSize) {
      throw new IllegalArgumentException("no consistency proof from size " + oldSize + " to " + newSize);
    }
    if (oldSize == 0 || oldSize == newSize) {
      return new ProofNodes(List.of(), 0, 0);
    }
    // The old tree's rightmost perfect subtree, proven into the new tree. When the old tree is
    // itself perfect, the verifier knows that node already: it is the old root.
    int level = Long.numberOfTrailingZeros(oldSize);
    long index = (oldSize >>> level) - 1;
    ProofNodes path = ProofNodes.path(level, index, newSize);
    if (index == 0) {
      return path;
    }
    List<NodeID> nodes = new ArrayList<>(path.nodes().size() + 1);
    nodes.add(new NodeID(level, index));
    nodes.addAll(path.nodes());
    return new ProofNodes(nodes, path.ephemeralBegin() + 1, path.ephemeralEnd() + 1);
  }

  /**
   * Builds the consistency proof from {@code oldSize} to {@code newSize}, reading node hashes of the
   * newer tree from {@code reader}. Requires {@code 0 <= oldSize <= newSize}.
   */
  public static List<Hash> prove(long oldSize, long newSize, HashReader reader) throws IOException {
    ProofNodes nodes = nodes(oldSize, newSize);
    return nodes.rehash(HashReader.readExactly(reader, nodes.nodes()));
  }

  /**
   * Checks that {@code proof} proves the tree of {@code oldSize} with root {@code oldRoot} is a prefix
   * of the tree of {@code newSize} with root {@code newRoot}.
   *
   * <p>The empty tree is a prefix of every tree, but its root must be the empty root. Equal sizes
   * need an empty proof and equal roots.
   *
   * @throws VerificationException SIZES_OUT_OF_ORDER if {@code oldSize > newSize} or a size is
   *     negative; WRONG_PROOF_SIZE if the proof's length does not fit the sizes; INCONSISTENT if equal
   *     sizes have different roots; ROOT_MISMATCH if a recomputed root differs from the given one
   */
  public static void check(long oldSize, long newSize, Hash oldRoot, Hash newRoot, List<Hash> proof)
      throws VerificationException {
    Objects.requireNonNull(oldRoot, "oldRoot");
    Objects.requireNonNull(newRoot, "newRoot");
    Objects.requireNonNull(proof, "proof");
    if (oldSize < 0 || newSize < oldSize) {
      throw new VerificationException(Reason.SIZES_OUT_OF_ORDER,
          "no consistency proof from size " + oldSize + " to size " + newSize);
    }
    if (oldSize == newSize || oldSize == 0) {
      if (!proof.isEmpty()) {
        throw new VerificationException(Reason.WRONG_PROOF_SIZE, "a proof from size " + oldSize
            + " to size " + newSize + " is empty, got " + proof.size() + " hashes");
      }
      if (oldSize == 0 && !oldRoot.equals(Rfc9162.EMPTY_ROOT)) {
        throw new VerificationException(Reason.ROOT_MISMATCH,
            "the empty tree's root is " + Rfc9162.EMPTY_ROOT + ", not " + oldRoot);
      }
      if (oldSize == newSize && !oldRoot.equals(newRoot)) {
        throw new VerificationException(Reason.INCONSISTENT,
            "two roots for tree size " + newSize + ": " + oldRoot + " and " + newRoot);
      }
      return;
    }
    int shift = Long.numberOfTrailingZeros(oldSize);
    long last = oldSize - 1;
    int commonInner = 64 - Long.numberOfLeadingZeros(last ^ (newSize - 1));
    int inner = commonInner - shift;
    int border = Long.bitCount(last >>> commonInner);
    boolean oldIsPerfect = oldSize == 1L << shift;
    int start = oldIsPerfect ? 0 : 1;
    if (proof.size() != start + inner + border) {
      throw new VerificationException(Reason.WRONG_PROOF_SIZE, "a proof from size " + oldSize + " to size "
          + newSize + " has " + (start + inner + border) + " hashes, got " + proof.size());
    }
    byte[] seed = oldIsPerfect ? oldRoot.unsafeBytes() : proof.get(0).unsafeBytes();
    long path = last >>> shift;
    byte[] oldHash = seed;
    byte[] newHash = seed;
    for (int i = 0; i < inner; i++) {
      byte[] sibling = proof.get(start + i).unsafeBytes();
      if (((path >>> i) & 1) == 1) {
        oldHash = Rfc9162.nodeHash(sibling, oldHash);
        newHash = Rfc9162.nodeHash(sibling, newHash);
      } else {
        newHash = Rfc9162.nodeHash(newHash, sibling);
      }
    }
    for (int i = start + inner; i < proof.size(); i++) {
      byte[] sibling = proof.get(i).unsafeBytes();
      oldHash = Rfc9162.nodeHash(sibling, oldHash);
      newHash = Rfc9162.nodeHash(sibling, newHash);
    }
    if (!oldRoot.equals(Hash.wrap(oldHash))) {
      throw new VerificationException(Reason.ROOT_MISMATCH, "the root of size " + oldSize
          + " recomputed from the proof is " + Hash.wrap(oldHash) + ", expected " + oldRoot);
    }
    if (!newRoot.equals(Hash.wrap(newHash))) {
      throw new VerificationException(Reason.ROOT_MISMATCH, "the root of size " + newSize
          + " recomputed from the proof is " + Hash.wrap(newHash) + ", expected " + newRoot);
    }
  }
}
