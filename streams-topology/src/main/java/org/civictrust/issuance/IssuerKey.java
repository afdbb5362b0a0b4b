package org.civictrust.issuance;

import java.util.Objects;
import java.util.Optional;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerifierKey;

/**
 * One key of an issuer: a C2SP signed-note Ed25519 key (signature type 0x01) whose name is the issuer
 * id, its lifecycle state, and, when this deployment may sign with it, its {@link SignerKey}. An active
 * key always has its signer; a retiring or revoked key may be known by its verifier key alone.
 *
 * @param verifierKey the public key, of type {@link VerifierKey#TYPE_ED25519}
 * @param state the lifecycle state
 * @param signer the secret key matching {@code verifierKey}; required when {@code state} is active
 */
public record IssuerKey(VerifierKey verifierKey, KeyState state, Optional<SignerKey> signer) {
  /**
   * Validates the key.
   *
   * @throws IllegalArgumentException if the verifier key is not of type 0x01, the signer does not match
   *     it, or an active key has no signer
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
    if (state == KeyState.ACTIVE && signer.isEmpty()) {
      throw new IllegalArgumentException("the active key " + hex(verifierKey.keyId()) + " has no signer key");
    }
  }

  /** A key this deployment can sign with. */
  public static IssuerKey of(SignerKey signer, KeyState state) {
    return new IssuerKey(signer.verifierKey(), state, Optional.of(signer));
  }

  /** A key known only by its public half (retiring or revoked). */
  public static IssuerKey ofVerifier(VerifierKey verifierKey, KeyState state) {
    return new IssuerKey(verifierKey, state, Optional.empty());
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
