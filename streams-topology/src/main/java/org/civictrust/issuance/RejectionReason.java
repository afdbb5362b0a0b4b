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
 * #FUTURE_DATED}, {@link #STALE_REQUEST}), the issuer policy ({@link #ISSUANCE_STATE_UNAVAILABLE},
 * {@link #UNKNOWN_ISSUER} … {@link #NO_ACTIVE_KEY}, {@link #KEY_REVOKED}, {@link #NO_SIGNER_KEY}), the
 * canonical document ({@link #OVERSIZE}) and document deduplication ({@link #DUPLICATE_DOCUMENT}).
 *
 * <p>Every rejection is {@linkplain #isFinal() final}, remembered under the request id (a retry gets
 * {@link #DUPLICATE_REQUEST}), except two that blame the deployment rather than the request: {@link
 * #ISSUANCE_STATE_UNAVAILABLE} and {@link #NO_SIGNER_KEY}. A retry of those is evaluated again.
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
  /**
   * The request names a retiring key past its overlap window (or one whose state forbids new documents
   * without a more specific reason): it signs no new document. Revoked keys get {@link #KEY_REVOKED}.
   */
  KEY_NOT_ACTIVE,
  /** The request names no key and the issuer has no active key. */
  NO_ACTIVE_KEY,
  /** A retry: the same requestId with the same value bytes. The message states the original outcome. */
  DUPLICATE_REQUEST,
  /** The requestId was already used for a request with other value bytes. */
  REQUEST_ID_CONFLICT,
  /** The same canonical document (same SHA-256) was already issued under another requestId. */
  DUPLICATE_DOCUMENT,
  /** The request names a key revoked at the request's record time (at or after the key's cutoff). */
  KEY_REVOKED,
  /**
   * The chosen key may sign, but this deployment holds no signer (secret) key for it: the issuance store
   * lists the key, the local key files do not. Not final: a retry after the key is provisioned is
   * evaluated again.
   */
  NO_SIGNER_KEY,
  /**
   * The issuance state (issuers, key lifecycles) could not be read fresh within its bound: the store is
   * unreachable or its local cache is stale. The gate fails closed. Not final: a retry is evaluated again.
   */
  ISSUANCE_STATE_UNAVAILABLE;

  /**
   * Whether the rejection is the request's final outcome, remembered under its request id. False only
   * for {@link #ISSUANCE_STATE_UNAVAILABLE} and {@link #NO_SIGNER_KEY}, which depend on the deployment
   * at the moment of processing, not on the request; replaying the requests topic may decide those
   * requests otherwise.
   */
  public boolean isFinal() {
    return this != ISSUANCE_STATE_UNAVAILABLE && this != NO_SIGNER_KEY;
  }

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
