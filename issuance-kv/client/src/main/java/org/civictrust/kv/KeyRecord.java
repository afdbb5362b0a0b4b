package org.civictrust.kv;

import java.util.Objects;
import org.civictrust.kv.protocol.Fields;

/**
 * One issuer key and where it is in its lifecycle ({@link KeyState}). Times are milliseconds since the
 * epoch as the command that set them said (the store never reads a clock); {@code -1} means "not
 * set".
 *
 * @param issuerId the issuer the key belongs to (the key's name)
 * @param keyId the C2SP key ID, 8 lowercase hex digits
 * @param verifierKey the public key in C2SP vkey form ({@code <name>+<hex8>+<base64>}), Ed25519
 * @param state the lifecycle state
 * @param activeFrom when the key became active
 * @param retiredAt when it became retiring, or -1
 * @param overlapUntil end of the overlap window of a retiring key (requests naming it are accepted
 *     before this time), or -1
 * @param cutoff for a revoked key, the time from which nothing signed by it is accepted; or -1
 * @param revokedAt when it was revoked, or -1
 * @param reason why it was revoked ("" otherwise)
 * @param version the record's version
 */
public record KeyRecord(String issuerId, String keyId, String verifierKey, KeyState state, long activeFrom,
    long retiredAt, long overlapUntil, long cutoff, long revokedAt, String reason, long version) {
  /**
   * Validates the record.
   *
   * @throws IllegalArgumentException if a field breaks its rule or the times do not fit the state
   */
  public KeyRecord {
    Fields.issuerId(issuerId);
    Fields.keyId(keyId);
    Objects.requireNonNull(verifierKey, "verifierKey");
    if (verifierKey.isEmpty() || verifierKey.length() > Fields.MAX_VERIFIER_KEY) {
      throw new IllegalArgumentException("verifierKey must be 1 to " + Fields.MAX_VERIFIER_KEY + " characters");
    }
    Objects.requireNonNull(state, "state");
    Fields.time(activeFrom, "activeFrom");
    Fields.optionalTime(retiredAt, "retiredAt");
    Fields.optionalTime(overlapUntil, "overlapUntil");
    Fields.optionalTime(cutoff, "cutoff");
    Fields.optionalTime(revokedAt, "revokedAt");
    Fields.reason(reason);
    Fields.version(version);
    if ((retiredAt == -1) != (overlapUntil == -1) || (state == KeyState.RETIRING && retiredAt == -1)
        || (state == KeyState.ACTIVE && retiredAt != -1)) {
      throw new IllegalArgumentException("retiredAt and overlapUntil are set exactly for a key that was retiring");
    }
    if ((state == KeyState.REVOKED) != (cutoff != -1) || (state == KeyState.REVOKED) != (revokedAt != -1)) {
      throw new IllegalArgumentException("cutoff and revokedAt are set exactly for a revoked key");
    }
  }

  /** Whether the key signs new documents: it is active. */
  public boolean signs() {
    return state == KeyState.ACTIVE;
  }

  /**
   * Whether a request naming this key, made at {@code time}, may be issued: the key is active, or
   * retiring and {@code time} is before the end of its overlap window.
   */
  public boolean acceptsRequestAt(long time) {
    switch (state) {
      case ACTIVE:
        return true;
      case RETIRING:
        return time < overlapUntil;
      case REVOKED:
      default:
        return false;
    }
  }

  /**
   * Whether a signature this key made at {@code signedAt} is still valid: always, unless the key is
   * revoked and {@code signedAt} is at or after its cutoff.
   */
  public boolean validSignatureAt(long signedAt) {
    return state != KeyState.REVOKED || signedAt < cutoff;
  }
}
