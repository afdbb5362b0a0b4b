package org.civictrust.issuance;

import java.util.Objects;
import java.util.Optional;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerifierKey;

/**
 * One key of an issuer: a C2SP signed-note Ed25519 key (signature type 0x01) whose name is the issuer
 * id, its lifecycle state, when this deployment may sign with it its {@link SignerKey}, and, for a
 * retiring key, the end of its overlap window. A key may be known by its verifier key alone: an active
 * key without a signer is a key this deployment cannot sign with (the policy gate refuses it with
 * {@link org.civictrust.schemas.RejectionReason#NO_SIGNER_KEY}); a configuration file requires a signer for an active key.
 *
 * @param verifierKey the public key, of type {@link VerifierKey#TYPE_ED25519}
 * @param state the lifecycle state
 * @param signer the secret key matching {@code verifierKey}, if this deployment holds it
 * @param overlapUntil for a retiring key, the record time before which a request naming it is still
 *     accepted; {@link #NO_OVERLAP} when there is no such window (and for every other state)
 */
public record IssuerKey(VerifierKey verifierKey, KeyState state, Optional<SignerKey> signer, long overlapUntil) {
  /** {@link #overlapUntil} of a key no request may name any more (or that is not retiring). */
  public static final long NO_OVERLAP = Long.MIN_VALUE;

  /**
   * Validates the key.
   *
   * @throws IllegalArgumentException if the verifier key is not of type 0x01, the signer does not match
   *     it, or a key that is not retiring has an overlap window
   */
  public IssuerKey {
    Objects.requireNonNull(verifierKey, "verifierKey");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(signer, "signer");
    if (verifierKey.type() != VerifierKey.TYPE_ED25519) {
      throw new IllegalArgumentException("an issuer key has signature type 0x01");
    }
    if (signer.isPresent() && !signer.get().verifierKey().equals(verifierKey)) {
      throw new IllegalArgumentException("the signer key does not match the verifier key " + verifierKey.name());
    }
    if (state != KeyState.RETIRING && overlapUntil != NO_OVERLAP) {
      throw new IllegalArgumentException("only a retiring key has an overlap window");
    }
  }

  /** A key this deployment can sign with, without overlap window. */
  public static IssuerKey of(SignerKey signer, KeyState state) {
    return new IssuerKey(signer.verifierKey(), state, Optional.of(signer), NO_OVERLAP);
  }

  /** A key known only by its public half, without overlap window. */
  public static IssuerKey ofVerifier(VerifierKey verifierKey, KeyState state) {
    return new IssuerKey(verifierKey, state, Optional.empty(), NO_OVERLAP);
  }

  /** A retiring key whose overlap window ends at {@code overlapUntil} (record time, exclusive). */
  public static IssuerKey retiring(VerifierKey verifierKey, Optional<SignerKey> signer, long overlapUntil) {
    return new IssuerKey(verifierKey, KeyState.RETIRING, signer, overlapUntil);
  }

  /**
   * Whether a request naming this key, with record time {@code at}, may be issued with it (if this
   * deployment holds its signer): the key is active, or retiring and {@code at} is before the end of
   * its overlap window.
   */
  public boolean acceptsRequestAt(long at) {
    switch (state) {
      case ACTIVE:
        return true;
      case RETIRING:
        return at < overlapUntil;
      case REVOKED:
      default:
        return false;
    }
  }

  /** The C2SP key ID as 8 lowercase hex digits, as {@code Document.issuerKeyId} carries it. */
  public String keyId() {
    return hex(verifierKey.keyId());
  }

  /** The key name: the issuer id. */
  public String name() {
    return verifierKey.name();
  }

  static String hex(int keyId) {
    String digits = Integer.toHexString(keyId);
    return "00000000".substring(digits.length()) + digits;
  }
}
