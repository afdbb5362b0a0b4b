package org.civictrust.kv;

import java.util.Objects;
import java.util.Optional;

/**
 * One record written by one applied command, as the change stream reports it: the log index of the
 * command and the record's new value. Exactly one of the record fields is present.
 *
 * @param index the log index of the command that wrote the record
 * @param issuer the new issuer record, or empty
 * @param key the new key record, or empty
 * @param document the new document record (stored state, not the effective one), or empty
 * @param watermark the new watermark record, or empty
 * @param revocation the new revocation record, or empty
 */
public record Change(long index, Optional<IssuerRecord> issuer, Optional<KeyRecord> key,
    Optional<DocumentRecord> document, Optional<WatermarkRecord> watermark, Optional<RevocationRecord> revocation) {
  /**
   * Validates the change.
   *
   * @throws IllegalArgumentException unless exactly one record is present and the index is positive
   */
  public Change {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(watermark, "watermark");
    Objects.requireNonNull(revocation, "revocation");
    int present = (issuer.isPresent() ? 1 : 0) + (key.isPresent() ? 1 : 0) + (document.isPresent() ? 1 : 0)
        + (watermark.isPresent() ? 1 : 0) + (revocation.isPresent() ? 1 : 0);
    if (present != 1 || index < 1) {
      throw new IllegalArgumentException("a change holds exactly one record and a positive index");
    }
  }

  /** A change of an issuer. */
  public static Change of(long index, IssuerRecord issuer) {
    return new Change(index, Optional.of(issuer), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** A change of a key. */
  public static Change of(long index, KeyRecord key) {
    return new Change(index, Optional.empty(), Optional.of(key), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A change of a document. */
  public static Change of(long index, DocumentRecord document) {
    return new Change(index, Optional.empty(), Optional.empty(), Optional.of(document), Optional.empty(),
        Optional.empty());
  }

  /** A change of a watermark. */
  public static Change of(long index, WatermarkRecord watermark) {
    return new Change(index, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(watermark),
        Optional.empty());
  }

  /** A new revocation. */
  public static Change of(long index, RevocationRecord revocation) {
    return new Change(index, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(revocation));
  }

  /** The issuer the changed record belongs to, or empty for a watermark. */
  public Optional<String> issuerId() {
    if (issuer.isPresent()) {
      return Optional.of(issuer.get().issuerId());
    }
    if (key.isPresent()) {
      return Optional.of(key.get().issuerId());
    }
    if (document.isPresent()) {
      return Optional.of(document.get().issuerId());
    }
    return revocation.map(RevocationRecord::issuerId);
  }
}
