package org.civictrust.monitor.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.HashReader;
import org.civictrust.tlog.NodeID;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.VerificationException;

/**
 * Consistency proofs as evidence: a <em>seeded</em> consistency proof from size {@code m} to size
 * {@code n} ({@code 0 < m < n}) is the RFC 9162 section 2.1.4 proof with, when {@code m} is a power of
 * two, the node {@code (log2 m, 0)} (the root of the first {@code m} leaves) put first. RFC 9162 leaves
 * that node out because a verifier holding an honest old root already knows it; evidence of
 * <em>dishonesty</em> cannot assume that. With the seed always present, both roots follow from the
 * proof alone ({@link #roots}), and
 *
 * <blockquote>if the proof yields the larger checkpoint's root but not the smaller checkpoint's root,
 * the two checkpoints are inconsistent</blockquote>
 *
 * <p>since every hash that yields the larger root is, short of a SHA-256 collision, a node of that tree,
 * and the smaller root follows from those same nodes. A proof that does not yield the larger root proves
 * nothing (the source of the proof may be lying).
 */
public final class ConsistencyEvidence {
  /** Both roots a seeded proof yields. */
  public record Roots(Hash oldRoot, Hash newRoot) {}

  private ConsistencyEvidence() {}

  /** The number of hashes of the seeded proof from {@code m} to {@code n}; requires {@code 0 < m < n}. */
  public static int size(long m, long n) {
    checkSizes(m, n);
    int shift = Long.numberOfTrailingZeros(m);
    long last = m - 1;
    int commonInner = 64 - Long.numberOfLeadingZeros(last ^ (n - 1));
    return 1 + (commonInner - shift) + Long.bitCount(last >>> commonInner);
  }

  /**
   * Builds the seeded proof from {@code m} to {@code n} from the tree of {@code n} leaves that
   * {@code tree} reads. Requires {@code 0 < m < n}.
   */
  public static List<Hash> prove(long m, long n, HashReader tree) throws IOException {
    checkSizes(m, n);
    List<Hash> proof = ConsistencyProofs.prove(m, n, tree);
    if (Long.bitCount(m) == 1) {
      List<Hash> seeded = new ArrayList<>(proof.size() + 1);
      seeded.addAll(HashReader.readExactly(tree, List.of(new NodeID(Long.numberOfTrailingZeros(m), 0))));
      seeded.addAll(proof);
      return seeded;
    }
    return proof;
  }

  /** The RFC 9162 proof within a seeded one: without the seed when {@code m} is a power of two. */
  public static List<Hash> standard(long m, List<Hash> seeded) {
    return Long.bitCount(m) == 1 ? seeded.subList(1, seeded.size()) : seeded;
  }

  /**
   * Computes the roots of the trees of {@code m} and {@code n} leaves from a seeded proof. Requires
   * {@code 0 < m < n}.
   *
   * @throws VerificationException with {@link Reason#WRONG_PROOF_SIZE} if the proof has the wrong
   *     number of hashes
   */
  public static Roots roots(long m, long n, List<Hash> proof) throws VerificationException {
    Objects.requireNonNull(proof, "proof");
    int want = size(m, n);
    if (proof.size() != want) {
      throw new VerificationException(Reason.WRONG_PROOF_SIZE, "a seeded proof from size " + m + " to size " + n
          + " has " + want + " hashes, got " + proof.size());
    }
    int shift = Long.numberOfTrailingZeros(m);
    long last = m - 1;
    int commonInner = 64 - Long.numberOfLeadingZeros(last ^ (n - 1));
    int inner = commonInner - shift;
    long path = last >>> shift;
    Hash oldHash = Objects.requireNonNull(proof.get(0), "hash");
    Hash newHash = oldHash;
    for (int i = 0; i < inner; i++) {
      Hash sibling = Objects.requireNonNull(proof.get(1 + i), "hash");
      if (((path >>> i) & 1) == 1) {
        oldHash = Rfc9162.nodeHash(sibling, oldHash);
        newHash = Rfc9162.nodeHash(sibling, newHash);
      } else {
        newHash = Rfc9162.nodeHash(newHash, sibling);
      }
    }
    for (int i = 1 + inner; i < proof.size(); i++) {
      Hash sibling = Objects.requireNonNull(proof.get(i), "hash");
      oldHash = Rfc9162.nodeHash(sibling, oldHash);
      newHash = Rfc9162.nodeHash(sibling, newHash);
    }
    return new Roots(oldHash, newHash);
  }

  private static void checkSizes(long m, long n) {
    if (m <= 0 || n <= m) {
      throw new IllegalArgumentException("a seeded proof needs 0 < m < n, got m=" + m + " n=" + n);
    }
  }
}
