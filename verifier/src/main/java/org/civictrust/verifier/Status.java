package org.civictrust.verifier;

/**
 * The outcome of verifying one receipt: a stable code that programs decide on. Humans read the
 * {@link Verdict#explanation()}; programs switch on this.
 *
 * <p>Each status has a numeric id that is never reused or renumbered; new statuses get new ids.
 */
public enum Status {
  /**
   * Every check passed: the checkpoint is signed by a trusted log, the entry is in that log, the
   * document is the one the entry commits to, the issuer and its key are trusted, the issuer's
   * signature verifies, and the document had not expired at the verification time.
   */
  VERIFIED(0),
  /**
   * Something authenticated does not match: a checkpoint of a trusted log's origin not signed by its
   * trusted key or with a bad signature, an inclusion proof that does not lead to the signed root, a
   * document whose SHA-256 is not the entry's documentHash, entry fields that differ from the
   * document's, or an issuer signature that does not verify.
   */
  TAMPERED(1),
  /**
   * The receipt carries no tlog-proof (its {@code tlogProof} is the empty string) and everything else
   * verifies: a genuine document, signed by a trusted issuer key, that is not (yet) anchored in a log,
   * so not final. An unanchored receipt never verifies, whatever its expiry.
   */
  NOT_ANCHORED(2),
  /**
   * The document's issuer is not in the trust store, or its key ID is not among that issuer's keys.
   * Checked only after the entry is proven in a trusted log and matches the document.
   */
  UNKNOWN_ISSUER(3),
  /** The checkpoint's origin is not a log in the trust store; nothing else was checked. */
  UNKNOWN_LOG(4),
  /**
   * The receipt is genuine and everything verifies, but the verification time is at or after the
   * document's expiresAt.
   */
  EXPIRED(5),
  /**
   * The receipt does not follow its format: not strict JSON, a wrong mediaType, a missing, unknown or
   * oversized field, non-canonical base64, a tlog-proof, checkpoint, entry or document that does not
   * parse (canonically), an inclusion proof of the wrong shape; or the receipt file cannot be read.
   */
  MALFORMED(6),
  /**
   * The receipt is genuine (the document is logged and signed by a trusted issuer key), but a
   * revocation snapshot signed by a trusted revocation key says it no longer counts: the document
   * itself was revoked at or before the verification time, or its issuer key was revoked with a cutoff
   * at or before the document's issuedAt. Reported only when the verifier was handed a snapshot.
   */
  REVOKED(7),
  /**
   * The trust store requires witness cosignatures on the log's checkpoints, and fewer than its quorum
   * of trusted witnesses cosigned the receipt's checkpoint: the log signed it, but nobody the verifier
   * trusts vouches that the log showed everyone this same history. Nothing after the checkpoint was
   * checked.
   */
  UNWITNESSED(8);

  private final int id;

  Status(int id) {
    this.id = id;
  }

  /** The stable numeric id of this status. */
  public int id() {
    return id;
  }
}
