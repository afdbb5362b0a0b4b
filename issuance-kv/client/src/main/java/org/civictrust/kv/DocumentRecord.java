package org.civictrust.kv;

import java.util.Objects;
import org.civictrust.kv.protocol.Fields;
import org.civictrust.tlog.Hash;

/**
 * An issued document's status, keyed by the SHA-256 of its canonical bytes (the public identity
 * receipts and log entries carry; no personal data). Reads return the <em>effective</em> state: a
 * document stored as {@link DocumentState#ISSUED} whose leaf index is below its log's anchored
 * watermark reads {@link DocumentState#ANCHORED} (one watermark write per checkpoint anchors every leaf
 * below it).
 *
 * @param documentHash SHA-256 of the canonical document
 * @param issuerId the issuer
 * @param keyId the signing key's ID, or "" if not recorded (a document revoked before it was recorded)
 * @param origin the log's origin, or "" if not known
 * @param leafIndex the leaf index in that log, or -1 if not known
 * @param issuedAt when it was issued, or -1 if not known
 * @param state the state
 * @param reason why it is revoked or failed to anchor ("" otherwise)
 * @param stateAt when the state was last set
 * @param version the record's version
 */
public record DocumentRecord(Hash documentHash, String issuerId, String keyId, String origin, long leafIndex,
    long issuedAt, DocumentState state, String reason, long stateAt, long version) {
  /**
   * Validates the record.
   *
   * @throws IllegalArgumentException if a field breaks its rule
   */
  public DocumentRecord {
    Objects.requireNonNull(documentHash, "documentHash");
    Fields.issuerId(issuerId);
    if (!keyId.isEmpty()) {
      Fields.keyId(keyId);
    }
    if (!origin.isEmpty()) {
      Fields.origin(origin);
    }
    if (leafIndex < -1 || (origin.isEmpty() != (leafIndex == -1))) {
      throw new IllegalArgumentException("origin and leafIndex are both set or both unset");
    }
    Fields.optionalTime(issuedAt, "issuedAt");
    Objects.requireNonNull(state, "state");
    Fields.reason(reason);
    Fields.time(stateAt, "stateAt");
    Fields.version(version);
  }

  /** This record with another state (used for the effective state of reads). */
  public DocumentRecord withState(DocumentState newState) {
    return new DocumentRecord(documentHash, issuerId, keyId, origin, leafIndex, issuedAt, newState, reason, stateAt,
        version);
  }
}
