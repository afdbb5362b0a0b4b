package org.civictrust.kv;

import java.util.Objects;
import org.civictrust.kv.protocol.Fields;
import org.civictrust.tlog.Hash;

/**
 * A revocation, immutable once recorded: of an issuer key (nothing it signed at or after {@code
 * cutoff} is accepted) or of one document.
 *
 * @param kind what is revoked
 * @param issuerId the issuer
 * @param subject the key ID (8 hex digits) of a key, or the base64 SHA-256 of a document
 * @param cutoff for a key, the cutoff time; for a document, the time it was revoked
 * @param revokedAt when the revocation was recorded (the command's time)
 * @param reason why
 * @param index the log index of the command that recorded it
 */
public record RevocationRecord(Kind kind, String issuerId, String subject, long cutoff, long revokedAt, String reason,
    long index) {
  /** What a revocation revokes. */
  public enum Kind {
    /** An issuer key. */
    KEY(0),
    /** One document. */
    DOCUMENT(1);

    private final int id;

    Kind(int id) {
      this.id = id;
    }

    /** The stable numeric id, as the wire format carries it. */
    public int id() {
      return id;
    }
  }

  /**
   * Validates the record.
   *
   * @throws IllegalArgumentException if a field breaks its rule
   */
  public RevocationRecord {
    Objects.requireNonNull(kind, "kind");
    Fields.issuerId(issuerId);
    Objects.requireNonNull(subject, "subject");
    if (kind == Kind.KEY) {
      Fields.keyId(subject);
    } else if (!Hash.fromBase64(subject).toBase64().equals(subject)) {
      throw new IllegalArgumentException("a document's subject is its base64 SHA-256");
    }
    Fields.time(cutoff, "cutoff");
    Fields.time(revokedAt, "revokedAt");
    Fields.reason(reason);
    if (index < 1) {
      throw new IllegalArgumentException("index must be positive");
    }
  }
}
