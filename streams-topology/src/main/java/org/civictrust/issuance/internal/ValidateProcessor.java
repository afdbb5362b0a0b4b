package org.civictrust.issuance.internal;

import java.nio.ByteBuffer;
import java.util.regex.Pattern;
import org.civictrust.issuance.internal.Pending.Refusal;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.RejectionReason;

/**
 * Validation of a decoded request, against the rules of the canonical document and the time window. The
 * issue time is the record timestamp {@code t}. In this order:
 *
 * <ol>
 *   <li>{@code issuerId}, {@code documentType}, {@code subject}: not empty (MALFORMED), at most {@link
 *       Documents#MAX_TEXT_LENGTH} characters (OVERSIZE);
 *   <li>{@code issuerKeyId}: null or 8 lowercase hex digits (MALFORMED);
 *   <li>{@code documentId}: exactly {@link Documents#DOCUMENT_ID_SIZE} bytes (MALFORMED);
 *   <li>claims: names not empty (MALFORMED), names and values at most {@link Documents#MAX_TEXT_LENGTH}
 *       characters (OVERSIZE), names unique (MALFORMED);
 *   <li>{@code expiresAt > t}, else EXPIRED;
 *   <li>{@code requestedAt <= t + maxClockSkew}, else FUTURE_DATED;
 *   <li>{@code requestedAt >= t - maxRequestAge}, else STALE_REQUEST.
 * </ol>
 *
 * Arithmetic on times saturates: no overflow can let a request through.
 */
public final class ValidateProcessor extends StepProcessor {
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}");

  private final long maxRequestAgeMillis;
  private final long maxClockSkewMillis;

  /**
   * A validation step with that time window.
   *
   * @param maxRequestAgeMillis how old {@code requestedAt} may be, non-negative
   * @param maxClockSkewMillis how far ahead {@code requestedAt} may be, non-negative
   * @param next the next processor
   * @param reject the processor recording rejections
   */
  public ValidateProcessor(long maxRequestAgeMillis, long maxClockSkewMillis, String next, String reject) {
    super(next, reject);
    if (maxRequestAgeMillis < 0 || maxClockSkewMillis < 0) {
      throw new IllegalArgumentException("the time window must not be negative");
    }
    this.maxRequestAgeMillis = maxRequestAgeMillis;
    this.maxClockSkewMillis = maxClockSkewMillis;
  }

  @Override
  protected Pending apply(Pending pending) {
    IssuanceRequest request = pending.request();
    Refusal refusal = checkFields(request);
    if (refusal == null) {
      refusal = checkTimes(request, pending.received().timestamp());
    }
    return refusal == null ? pending : pending.refuse(refusal.reason(), refusal.message());
  }

  private static Refusal checkFields(IssuanceRequest request) {
    Refusal refusal = checkText(request.getIssuerId(), "issuerId");
    if (refusal == null) {
      refusal = checkText(request.getDocumentType(), "documentType");
    }
    if (refusal == null) {
      refusal = checkText(request.getSubject(), "subject");
    }
    if (refusal != null) {
      return refusal;
    }
    if (request.getIssuerKeyId() != null && !KEY_ID.matcher(request.getIssuerKeyId()).matches()) {
      return new Refusal(RejectionReason.MALFORMED, "issuerKeyId must be null or 8 lowercase hex digits");
    }
    ByteBuffer documentId = request.getDocumentId();
    if (documentId.remaining() != Documents.DOCUMENT_ID_SIZE) {
      return new Refusal(RejectionReason.MALFORMED, "documentId must be " + Documents.DOCUMENT_ID_SIZE
          + " bytes, not " + documentId.remaining());
    }
    for (int i = 0; i < request.getClaims().size(); i++) {
      Claim claim = request.getClaims().get(i);
      refusal = checkText(claim.getName(), "the name of claim " + i);
      if (refusal != null) {
        return refusal;
      }
      if (claim.getValue().length() > Documents.MAX_TEXT_LENGTH) {
        return new Refusal(RejectionReason.OVERSIZE, "the value of claim " + i + " is longer than "
            + Documents.MAX_TEXT_LENGTH + " characters");
      }
    }
    try {
      Documents.sortedClaims(request.getClaims());
    } catch (RecordException e) {
      return new Refusal(RejectionReason.of(e.fault()), e.getMessage());
    }
    return null;
  }

  private Refusal checkTimes(IssuanceRequest request, long issuedAt) {
    if (request.getExpiresAt() <= issuedAt) {
      return new Refusal(RejectionReason.EXPIRED, "expiresAt " + request.getExpiresAt()
          + " is not after the issue time " + issuedAt);
    }
    long latest = saturatedAdd(issuedAt, maxClockSkewMillis);
    if (request.getRequestedAt() > latest) {
      return new Refusal(RejectionReason.FUTURE_DATED, "requestedAt " + request.getRequestedAt()
          + " is later than the record time " + issuedAt + " plus " + maxClockSkewMillis + " ms");
    }
    long earliest = saturatedSubtract(issuedAt, maxRequestAgeMillis);
    if (request.getRequestedAt() < earliest) {
      return new Refusal(RejectionReason.STALE_REQUEST, "requestedAt " + request.getRequestedAt()
          + " is earlier than the record time " + issuedAt + " minus " + maxRequestAgeMillis + " ms");
    }
    return null;
  }

  private static Refusal checkText(String text, String name) {
    if (text.isEmpty()) {
      return new Refusal(RejectionReason.MALFORMED, name + " is empty");
    }
    if (text.length() > Documents.MAX_TEXT_LENGTH) {
      return new Refusal(RejectionReason.OVERSIZE, name + " is longer than " + Documents.MAX_TEXT_LENGTH + " characters");
    }
    return null;
  }

  /** {@code a + b}, clamped to the range of {@code long}: times never wrap around. */
  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }

  /** {@code a - b}, clamped to the range of {@code long}. */
  static long saturatedSubtract(long a, long b) {
    long difference = a - b;
    if (((a ^ b) & (a ^ difference)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return difference;
  }
}
