package org.civictrust.tlog;

/**
 * Why a verification failed: a stable code that callers, logs and other tools can rely on.
 *
 * <p>Each reason has a numeric id that is never reused or renumbered; new reasons get new ids.
 * Assert on reasons, never on exception messages.
 */
public enum Reason {
  /** The input does not follow its grammar (bad encoding, wrong length, trailing bytes, ...). */
  MALFORMED(1),
  /** No signature on a note is from a key the verifier knows. */
  UNKNOWN_KEY(2),
  /** A signature from a known key does not verify. */
  BAD_SIGNATURE(3),
  /** A proof has more or fewer hashes than its indexes and sizes require. */
  WRONG_PROOF_SIZE(4),
  /** A leaf index is not below the tree size. */
  INDEX_OUT_OF_RANGE(5),
  /** The root recomputed from a proof differs from the claimed root. */
  ROOT_MISMATCH(6),
  /** Two tree heads cannot both be honest: same size with different roots. */
  INCONSISTENT(7),
  /** A statement is older than the freshness the verifier requires. */
  STALE(8),
  /** The key or document was revoked. */
  REVOKED(9),
  /** A consistency proof was asked from a larger tree to a smaller one. */
  SIZES_OUT_OF_ORDER(10),
  /** A note's or checkpoint's origin is not the one the verifier expects. */
  UNKNOWN_ORIGIN(11),
  /** A note carries more signatures than a verifier accepts. */
  TOO_MANY_SIGNATURES(12),
  /** Fewer trusted witnesses cosigned than the verifier's policy requires. */
  INSUFFICIENT_COSIGNATURES(13);

  private final int id;

  Reason(int id) {
    this.id = id;
  }

  /** The stable numeric id of this reason. */
  public int id() {
    return id;
  }
}
