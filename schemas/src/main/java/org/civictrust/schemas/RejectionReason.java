package org.civictrust.schemas;

/**
 * Why a record landed on {@value Topics#REJECTED}: the one vocabulary of the {@code reason} field of a
 * {@link Rejection}, for every processor that writes one. Part of the wire contract, like {@link Topics}.
 *
 * <p>The wire form of a reason is its {@link #name()}; each also has a numeric {@link #id()}. A name is
 * never renamed or given another meaning, and an id is never reused or renumbered, even after its reason
 * is retired; a new reason takes the next free id. {@code RejectionReasonTest} pins every pair, and
 * {@code docs/formats.md} lists them.
 *
 * <p>Ids 1 to 6 are the seed reasons, whose ids were published first (as the anchor processor's seed
 * faults); the issuance topology's reasons, which had names but no ids, follow from 7 in the order they
 * were declared; then the anchor processor's other two.
 *
 * <p>Who writes what: the issuance topology rejects requests from {@link #MALFORMED} to {@link
 * #ISSUANCE_STATE_UNAVAILABLE} (ids 7 to 24); the anchor processor (the sequencer) rejects seeds with the
 * {@code SEED_} reasons and documents with {@link #CORRUPT_ISSUED_DOCUMENT} and {@link #LOG_AWAITING_SEED}.
 */
public enum RejectionReason {
  // ----- The anchor processor: a LogSeed it does not adopt. -----

  /** The record is not a LogSeed of the pinned schema, its tree size is below 1, or a field has the wrong length or count. */
  SEED_MALFORMED(1),
  /** The seed names another log than the one of the partition it arrived on. */
  SEED_WRONG_LOG(2),
  /** The seed's checkpoint is not a checkpoint of this log signed by this log's key (the tlog reason is in the message). */
  SEED_BAD_CHECKPOINT(3),
  /** The seed's checkpoint's size or root is not the seed's tree size or its compact range's root. */
  SEED_ROOT_MISMATCH(4),
  /** A partial tile of the seed does not hash to the compact range's nodes at its levels. */
  SEED_TILE_MISMATCH(5),
  /** The log already holds leaves (or was continued from another seed). */
  SEED_LOG_NOT_EMPTY(6),

  // ----- The issuance topology: a request it does not issue. -----

  /** Not a decodable request, a missing or empty required field, a field of the wrong shape, or repeated claim names. */
  MALFORMED(7),
  /** Framed for another schema than the pinned {@code IssuanceRequest} schema. */
  WRONG_SCHEMA(8),
  /** The record, a field, or the canonical document (over 64 KiB) is too large. */
  OVERSIZE(9),
  /** {@code expiresAt} is not after the issue time (the record timestamp). */
  EXPIRED(10),
  /** {@code requestedAt} is later than the record timestamp plus the allowed clock skew. */
  FUTURE_DATED(11),
  /** {@code requestedAt} is earlier than the record timestamp minus the accepted request age. */
  STALE_REQUEST(12),
  /** The issuer registry knows no issuer of that id. */
  UNKNOWN_ISSUER(13),
  /** The issuer may not issue documents of that type. */
  DOCUMENT_TYPE_NOT_ALLOWED(14),
  /** {@code expiresAt - issuedAt} exceeds the issuer's maximum validity. */
  VALIDITY_TOO_LONG(15),
  /** The request names a key the issuer does not have. */
  UNKNOWN_KEY(16),
  /**
   * The request names a retiring key past its overlap window (or one whose state forbids new documents
   * without a more specific reason): it signs no new document. Revoked keys get {@link #KEY_REVOKED}.
   */
  KEY_NOT_ACTIVE(17),
  /** The request names no key and the issuer has no active key. */
  NO_ACTIVE_KEY(18),
  /** A retry: the same requestId with the same value bytes. The message states the original outcome. */
  DUPLICATE_REQUEST(19),
  /** The requestId was already used for a request with other value bytes. */
  REQUEST_ID_CONFLICT(20),
  /** The same canonical document (same SHA-256) was already issued under another requestId. */
  DUPLICATE_DOCUMENT(21),
  /** The request names a key revoked at the request's record time (at or after the key's cutoff). */
  KEY_REVOKED(22),
  /**
   * The chosen key may sign, but this deployment holds no signer (secret) key for it: the issuance store
   * lists the key, the local key files do not. It blames the deployment, not the request: a retry after
   * the key is provisioned is evaluated again.
   */
  NO_SIGNER_KEY(23),
  /**
   * The issuance state (issuers, key lifecycles) could not be read fresh within its bound: the store is
   * unreachable or its local cache is stale. The gate fails closed. It blames the deployment, not the
   * request: a retry is evaluated again.
   */
  ISSUANCE_STATE_UNAVAILABLE(24),

  // ----- The anchor processor: an issued document it does not append. -----

  /** A record on the issued-documents topic is neither a LogSeed nor an IssuedDocument with a canonical entry. */
  CORRUPT_ISSUED_DOCUMENT(25),
  /**
   * The document reached an empty log of a deployment restoring it ({@code up --restoring}) before the
   * log's seed: the log starts no tree of its own.
   */
  LOG_AWAITING_SEED(26);

  private final int id;

  RejectionReason(int id) {
    this.id = id;
  }

  /** The stable numeric id of this reason; its wire form is {@link #name()}. */
  public int id() {
    return id;
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
