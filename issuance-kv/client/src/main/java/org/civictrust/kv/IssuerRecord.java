package org.civictrust.kv;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.civictrust.kv.protocol.Fields;

/**
 * An issuer as the store keeps it: who may issue which document types, for how long at most.
 *
 * @param issuerId the issuer id, a C2SP signed-note key name (the name of each of its keys)
 * @param documentTypes the document types it may issue: 1 to 64, kept sorted and distinct
 * @param maxValidityMillis the longest validity ({@code expiresAt - issuedAt}) it may grant, positive
 * @param version the record's version: 1 when created, one more on every write
 */
public record IssuerRecord(String issuerId, List<String> documentTypes, long maxValidityMillis, long version) {
  /**
   * Validates and normalizes the record.
   *
   * @throws IllegalArgumentException if a field breaks its rule
   */
  public IssuerRecord {
    Fields.issuerId(issuerId);
    documentTypes = normalizedTypes(documentTypes);
    if (maxValidityMillis <= 0) {
      throw new IllegalArgumentException("maxValidityMillis must be positive");
    }
    Fields.version(version);
  }

  /** The longest validity as a duration. */
  public Duration maxValidity() {
    return Duration.ofMillis(maxValidityMillis);
  }

  /** Whether the issuer may issue documents of {@code documentType}. */
  public boolean allows(String documentType) {
    return documentTypes.contains(documentType);
  }

  static List<String> normalizedTypes(List<String> documentTypes) {
    Objects.requireNonNull(documentTypes, "documentTypes");
    TreeSet<String> sorted = new TreeSet<>();
    for (String type : documentTypes) {
      sorted.add(Fields.documentType(type));
    }
    if (sorted.isEmpty() || sorted.size() > Fields.MAX_DOCUMENT_TYPES) {
      throw new IllegalArgumentException("documentTypes must hold 1 to " + Fields.MAX_DOCUMENT_TYPES + " types");
    }
    return List.copyOf(sorted);
  }
}
