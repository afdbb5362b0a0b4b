package org.civictrust.verifier;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.civictrust.tlog.Hash;
import org.civictrust.verifier.internal.SafeText;

/**
 * The result of verifying one receipt: a stable {@link Status} to decide on, the {@link Check} that
 * decided it (empty when VERIFIED), one line of explanation stating the evidence for humans, the
 * authenticated facts when the receipt is genuine, and the same evidence typed for programs where the
 * check produced {@link Evidence}.
 *
 * <p>Facts are present exactly when every authenticity check passed: for VERIFIED and EXPIRED (with
 * the {@link Anchor}), and for NOT_ANCHORED (without one). They hold only values that were
 * authenticated, never values read from a receipt that failed.
 *
 * @param status the outcome
 * @param check the check that decided a non-VERIFIED status; empty exactly when VERIFIED
 * @param explanation the evidence, for humans; made one line of printable text (control, format and
 *     line-separator characters escaped as <code>&#92;uXXXX</code>); never decide on it
 * @param facts the authenticated facts, present exactly for VERIFIED, EXPIRED and NOT_ANCHORED
 * @param evidence what the deciding check found, where it produced {@link Evidence} (the explanation
 *     states the same values); for VERIFIED, the {@link Evidence.Revocation} of a passed REVOCATION
 *     check if the verifier had a revocation snapshot
 */
public record Verdict(Status status, Optional<Check> check, String explanation, Optional<Facts> facts,
    Optional<Evidence> evidence) {
  private static final Set<Status> GENUINE = EnumSet.of(Status.VERIFIED, Status.EXPIRED, Status.NOT_ANCHORED);

  /**
   * Validates, and makes the explanation one line.
   *
   * @throws IllegalArgumentException if {@code check} or {@code facts} is present when it must not be
   *     or absent when it must be, the anchor in the facts does not fit the status, or the evidence was
   *     not produced by the deciding check (for VERIFIED: is not a Revocation that revokes nothing), or
   *     a Revocation revokes the document but the status is not REVOKED, or the other way round
   */
  public Verdict {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(check, "check");
    explanation = SafeText.oneLine(Objects.requireNonNull(explanation, "explanation"));
    Objects.requireNonNull(facts, "facts");
    if (check.isPresent() == (status == Status.VERIFIED)) {
      throw new IllegalArgumentException("a check decides every status but VERIFIED, got " + status + " " + check);
    }
    if (facts.isPresent() != GENUINE.contains(status)) {
      throw new IllegalArgumentException("facts come exactly with VERIFIED, EXPIRED and NOT_ANCHORED, not " + status);
    }
    if (facts.isPresent() && facts.get().anchor().isPresent() == (status == Status.NOT_ANCHORED)) {
      throw new IllegalArgumentException("an anchor comes with VERIFIED and EXPIRED only, not " + status);
    }
    Objects.requireNonNull(evidence, "evidence");
    if (evidence.isPresent()) {
      Evidence found = evidence.get();
      // A VERIFIED verdict has no deciding check; the one evidence it carries is of the REVOCATION check passing.
      if (found.check() != check.orElse(Check.REVOCATION)) {
        throw new IllegalArgumentException("evidence of check " + found.check() + " with " + status + " " + check);
      }
      if (found instanceof Evidence.Revocation revocation && revocation.revoked() != (status == Status.REVOKED)) {
        throw new IllegalArgumentException("a revocation that revokes comes with REVOKED only, not " + status);
      }
    }
  }

  /** A verdict without evidence. */
  public Verdict(Status status, Optional<Check> check, String explanation, Optional<Facts> facts) {
    this(status, check, explanation, facts, Optional.empty());
  }

  /** A failed verdict without facts or evidence: any status but VERIFIED, EXPIRED and NOT_ANCHORED. */
  public static Verdict failed(Status status, Check check, String explanation) {
    return new Verdict(status, Optional.of(check), explanation, Optional.empty(), Optional.empty());
  }

  /** A failed verdict without facts, with the evidence its check found. */
  public static Verdict failed(Status status, Evidence evidence, String explanation) {
    return new Verdict(status, Optional.of(evidence.check()), explanation, Optional.empty(), Optional.of(evidence));
  }

  /** Whether the status is VERIFIED. */
  public boolean isVerified() {
    return status == Status.VERIFIED;
  }

  /**
   * The evidence if it is of the given kind, e.g. {@code evidence(Evidence.WitnessQuorum.class)} for
   * an UNWITNESSED verdict; empty if the verdict carries none or another kind.
   */
  public <E extends Evidence> Optional<E> evidence(Class<E> kind) {
    return evidence.filter(kind::isInstance).map(kind::cast);
  }

  /**
   * What a genuine receipt says about its document, every value authenticated by the issuer's
   * signature (and, with an anchor, by the log).
   *
   * @param issuerId the issuer, as named in the trust store
   * @param issuerKeyId the issuer key's C2SP key ID, 8 lowercase hex digits
   * @param documentType the document type, e.g. {@code birth-certificate}
   * @param documentId the 16-byte document id, 32 lowercase hex digits
   * @param issuedAt when the document was issued
   * @param expiresAt when the document expires
   * @param anchor where the log holds the entry; empty for NOT_ANCHORED
   */
  public record Facts(String issuerId, String issuerKeyId, String documentType, String documentId,
      Instant issuedAt, Instant expiresAt, Optional<Anchor> anchor) {
    /** Requires every field. */
    public Facts {
      Objects.requireNonNull(issuerId, "issuerId");
      Objects.requireNonNull(issuerKeyId, "issuerKeyId");
      Objects.requireNonNull(documentType, "documentType");
      Objects.requireNonNull(documentId, "documentId");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(expiresAt, "expiresAt");
      Objects.requireNonNull(anchor, "anchor");
    }
  }

  /**
   * Where a trusted log holds the entry, as its signed checkpoint states.
   *
   * @param origin the log's origin, a log of the trust store
   * @param leafIndex the entry's index in the log, {@code 0 <= leafIndex < treeSize}
   * @param treeSize the checkpoint's tree size
   * @param rootHash the checkpoint's root hash
   */
  public record Anchor(String origin, long leafIndex, long treeSize, Hash rootHash) {
    /** Validates. */
    public Anchor {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(rootHash, "rootHash");
      if (leafIndex < 0 || leafIndex >= treeSize) {
        throw new IllegalArgumentException("leafIndex " + leafIndex + " is not in a tree of size " + treeSize);
      }
    }
  }
}
