package org.civictrust.tlog;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Merkle inclusion proofs of RFC 9162 section 2.1.3: that the leaf at {@code leafIndex} is in the
 * tree of {@code treeSize} leaves. Which nodes a proof needs ({@link #nodes}), fetching them
 * ({@link #prove}), computing the root a proof implies ({@link #rootFrom}) and comparing it
 * ({@link #check}) are separate steps.
 */
public final class InclusionProofs {
  private InclusionProofs() {}

  /**
   * The nodes of the inclusion proof for {@code leafIndex} in a tree of {@code treeSize}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= leafIndex < treeSize}
   */
  public static ProofNodes nodes(long leafIndex, long treeSize) {
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IllegalArgumentException("leafIndex " + leafIndex + " is not in a tree of size " + treeSize);
    }
    return ProofNodes.path(0, leafIndex, treeSize);
  }

  /**
   * Builds the inclusion proof for {@code leafIndex} in the tree of {@code treeSize}, reading node
   * hashes of that tree from {@code reader}. Requires {@code 0 <= leafIndex < treeSize}.
   */
  public static List<Hash> prove(long leafIndex, long treeSize, HashReader reader) throws IOException {
    ProofNodes nodes = nodes(leafIndex, treeSize);
    return nodes.rehash(HashReader.readExactly(reader, nodes.nodes()));
  }

  /** The number of hashes in the inclusion proof for {@code leafIndex < treeSize}. */
  public static int proofSize(long leafIndex, long treeSize) {
    int inner = 64 - Long.numberOfLeadingZeros(leafIndex ^ (treeSize - 1));
    return inner + Long.bitCount(leafIndex >>> inner);
  }

  /**
   * Computes the root hash that {@code proof} implies for the leaf {@code leafHash} at
   * {@code leafIndex} in a tree of {@code treeSize}, after checking the proof's shape.
   *
   * @throws VerificationException INDEX_OUT_OF_RANGE unless {@code 0 <= leafIndex < treeSize};
   *     WRONG_PROOF_SIZE if the proof has more or fewer hashes than the tree shape requires
   */
  public static Hash rootFrom(long leafIndex, long treeSize, Hash leafHash, List<Hash> proof)
      throws VerificationException {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(proof, "proof");
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new VerificationException(Reason.INDEX_OUT_OF_RANGE,
          "leafIndex " + leafIndex + " is not in a tree of size " + treeSize);
    }
    int inner = 64 - Long.numberOfLeadingZeros(leafIndex ^ (treeSize - 1));
    int border = Long.bitCount(leafIndex >>> inner);
    if (proof.size() != inner + border) {
      throw new VerificationException(Reason.WRONG_PROOF_SIZE, "leafIndex " + leafIndex + " in a tree of size "
          + treeSize + " needs " + (inner + border) + " hashes, the proof has " + proof.size());
    }
    byte[] hash = leafHash.unsafeBytes();
    for (int i = 0; i < inner; i++) {
      byte[] sibling = proof.get(i).unsafeBytes();
      hash = ((leafIndex >>> i) & 1) == 0 ? Rfc9162.nodeHash(hash, sibling) : Rfc9162.nodeHash(sibling, hash);
    }
    for (int i = inner; i < proof.size(); i++) {
      hash = Rfc9162.nodeHash(proof.get(i).unsafeBytes(), hash);
    }
    return Hash.wrap(hash);
  }

  /**
   * Checks that {@code proof} proves the leaf {@code leafHash} at {@code leafIndex} is in the tree of
   * {@code treeSize} with root {@code rootHash}.
   *
   * @throws VerificationException INDEX_OUT_OF_RANGE, WRONG_PROOF_SIZE, or ROOT_MISMATCH when the
   *     recomputed root differs from {@code rootHash}
   */
  public static void check(long leafIndex, long treeSize, Hash leafHash, List<Hash> proof, Hash rootHash)
      throws VerificationException {
    Objects.requireNonNull(rootHash, "rootHash");
    Hash computed = rootFrom(leafIndex, treeSize, leafHash, proof);
    if (!computed.equals(rootHash)) {
      throw new VerificationException(Reason.ROOT_MISMATCH, "inclusion proof of leafIndex " + leafIndex
          + " in treeSize " + treeSize + " leads to root " + computed + ", expected " + rootHash);
    }
  }
}
