package org.civictrust.verifier;

/**
 * The check of a receipt verification that decided a verdict other than VERIFIED, in the order the
 * checks run (see {@link ReceiptVerifier}): a finer, stable code than the {@link Status}, for tests
 * and for programs that want to know which evidence failed. Each constant says which statuses it can
 * decide. Names and ids are never reused or renumbered.
 */
public enum Check {
  /**
   * The receipt file: strict JSON, the exact mediaType, the four fields, sizes, canonical base64; or
   * the file could not be read. Decides MALFORMED.
   */
  RECEIPT(1),
  /** The tlog-proof text follows the C2SP tlog-proof grammar. Decides MALFORMED. */
  TLOG_PROOF(2),
  /** The checkpoint's (not yet authenticated) origin names a log of the trust store. Decides UNKNOWN_LOG. */
  LOG(3),
  /**
   * The checkpoint note is signed by the log's trusted key (else TAMPERED) and is a well-formed signed
   * checkpoint (else MALFORMED).
   */
  CHECKPOINT(4),
  /**
   * The inclusion proof leads from the entry's RFC 9162 leaf hash to the checkpoint's root hash (else
   * TAMPERED) and has the shape its index and the tree size require (else MALFORMED).
   */
  INCLUSION(5),
  /** The entry bytes are a canonical IssuedEntry. Decides MALFORMED. */
  ENTRY(6),
  /** SHA-256 of the document bytes is the entry's documentHash. Decides TAMPERED. */
  DOCUMENT_HASH(7),
  /** The document bytes are a canonical Document. Decides MALFORMED. */
  DOCUMENT(8),
  /** The entry's issuerId, issuerKeyId, issuedAt and documentType equal the document's. Decides TAMPERED. */
  ENTRY_FIELDS(9),
  /** The issuer id is in the trust store. Decides UNKNOWN_ISSUER. */
  ISSUER(10),
  /** The issuer key id is among that issuer's keys in the trust store. Decides UNKNOWN_ISSUER. */
  ISSUER_KEY(11),
  /** The issuer's Ed25519 signature over the canonical document bytes verifies. Decides TAMPERED. */
  ISSUER_SIGNATURE(12),
  /** The receipt carries a tlog-proof at all (an empty {@code tlogProof} is not anchored). Decides NOT_ANCHORED. */
  ANCHOR(13),
  /** The verification time is before the document's expiresAt. Decides EXPIRED. */
  VALIDITY(14),
  /**
   * Run after CHECKPOINT when the trust store lists witnesses for the log: at least its quorum of them
   * cosigned the checkpoint (else UNWITNESSED), and every cosignature by one of them verifies (else
   * TAMPERED; a witness that cosigned twice is MALFORMED).
   */
  WITNESSES(15),
  /**
   * Run after ISSUER_SIGNATURE when the verifier holds a {@link RevocationSnapshot}: the document is not
   * listed as revoked at or before the verification time, and its key's revocation cutoff, if any, is
   * after the document's issuedAt. Decides REVOKED.
   */
  REVOCATION(16);

  private final int id;

  Check(int id) {
    this.id = id;
  }

  /** The stable numeric id of this check. */
  public int id() {
    return id;
  }
}
