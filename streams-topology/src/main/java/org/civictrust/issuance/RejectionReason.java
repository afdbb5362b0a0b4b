package org.civictrust.issuance;

import org.civictrust.schemas.RecordException;

/**
 * Why an issuance request was not issued: the stable reason code written to the {@code reason} field
 * of a {@link org.civictrust.schemas.Rejection}. The names are a public format; a name is never reused
 * for another meaning and never renamed.
 *
 * <p>Groups, in the order the topology checks them: decoding ({@link #MALFORMED}, {@link
 * #WRONG_SCHEMA}, {@link #OVERSIZE}), request-id deduplication ({@link #DUPLICATE_REQUEST}, {@link
 * #REQUEST_ID_CONFLICT}), validation ({@link #MALFORMED}, {@link #OVERSIZE}, {@link #EXPIRED}, {@link
 * #FUTURE_DATED}, {@link #STALE_REQUEST}), the issuer policy ({@link #UNKNOWN_ISSUER} …
 * {@link #NO_ACTIVE_KEY}), the canonical document ({@link #OVERSIZE}) and document deduplication
 * ({@link #DUPLICATE_DOCUMENT}).
 */
public enum RejectionReason {
  /** Not a decodable request, a missing or empty required field, a field of the wrong shape, or repeated claim names. */
  MALFORMED,
  /** Framed for another schema than the pinned {@code IssuanceRequest} schema. */
  WRONG_SCHEMA,
  /** The record, a field, or the canonical document (over 64 KiB) is too large. */
  OVERSIZE,
  /** {@code expiresAt} is not after the issue time (the record timestamp). */
  EXPIRED,
  /** {@code requestedAt} is later than the record timestamp plus the allowed clock skew. */
  FUTURE_DATED,
  /** {@code requestedAt} is earlier than the record timestamp minus the accepted request age. */
  STALE_REQUEST,
  /** The issuer registry knows no issuer of that id. */
  UNKNOWN_ISSUER,
  /** The issuer may not issue documents of that type. */
  DOCUMENT_TYPE_NOT_ALLOWED,
  /** {@code expiresAt - issuedAt} exceeds the issuer's maximum validity. */
  VALIDITY_TOO_LONG,
  /** The request names a key the issuer does not have. */
  UNKNOWN_KEY,
  /** The request names a key that is retiring or revoked: such keys sign no new document. */
  KEY_NOT_ACTIVE,
  /** The request names no key and the issuer has no active key. */
  NO_ACTIVE_KEY,
  /** A retry: the same requestId with the same value bytes. The message states the original outcome. */
  DUPLICATE_REQUEST,
  /** The requestId was already used for a request with other value bytes. */
  REQUEST_ID_CONFLICT,
  /** The same canonical document (same SHA-256) was already issued under another requestId. */
  DUPLICATE_DOCUMENT;

  /** The reason for a record that failed to decode or encode with {@code fault}. */
  public static RejectionReason of(RecordException.Fault fault) {
    switch (fault) {
      case WRONG_SCHEMA:
        return WRONG_SCHEMA;
      case OVERSIZE:
        return OVERSIZE;
      case MALFORMED:
      case NOT_CANONICAL:
      default:
        return MALFORMED;
    }
  }
}
