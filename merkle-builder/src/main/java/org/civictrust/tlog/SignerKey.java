package org.civictrust.tlog;

import java.security.SecureRandom;
import java.util.Objects;
import org.civictrust.tlog.internal.Ed25519Keys;
import org.civictrust.tlog.internal.KeyEncoding;
import org.civictrust.tlog.internal.PrivateKeyText;

/**
 * An Ed25519 note signer, signature type 0x01 (C2SP signed-note, section "Ed25519 signatures"), in the
 * signer-key text form of Go's {@code golang.org/x/mod/sumdb/note}:
 *
 * <pre>
 *   PRIVATE+KEY+&lt;name&gt;+&lt;hex8 key ID&gt;+&lt;base64(0x01 || 32-byte seed)&gt;
 * </pre>
 *
 * <p>The key ID is {@code SHA-256(name || 0x0A || 0x01 || public key)[:4]}, a big-endian uint32; the
 * name is non-empty with no Unicode spaces and no {@code '+'}. Logs sign their checkpoints with such a
 * key. Signing is deterministic, so {@link Notes#sign} output can be compared byte for byte with Go's.
 *
 * <p>Immutable and thread-safe. The seed never leaves this object except through {@link #format()};
 * {@link #toString()} prints only the name and key ID.
 */
public final class SignerKey implements NoteSigner {
  private final String name;
  private final int keyId;
  private final byte[] seed;
  private final byte[] publicKey;

  private SignerKey(String name, int keyId, byte[] seed, byte[] publicKey) {
    this.name = name;
    this.keyId = keyId;
    this.seed = seed;
    this.publicKey = publicKey;
  }

  /**
   * Parses a signer key strictly: the {@code PRIVATE+KEY+} prefix, a valid name, exactly 8 lowercase
   * hex digits, canonical base64 of the type byte 0x01 and a 32-byte seed, and a key ID equal to the
   * one computed from the derived public key. Messages never echo the input.
   *
   * @throws IllegalArgumentException if {@code skey} is not such a key
   */
  public static SignerKey parse(String skey) {
    PrivateKeyText.Parsed parsed = PrivateKeyText.parse(skey, VerifierKey.TYPE_ED25519);
    return new SignerKey(parsed.name(), parsed.keyId(), parsed.seed(), parsed.publicKey());
  }

  /**
   * Generates a fresh key named {@code name}, drawing the seed from {@code random}.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid key name
   */
  public static SignerKey generate(String name, SecureRandom random) {
    KeyEncoding.checkName(name);
    Objects.requireNonNull(random, "random");
    byte[] seed = Ed25519Keys.generateSeed(random);
    byte[] publicKey = Ed25519Keys.publicKey(seed);
    return new SignerKey(name, KeyEncoding.keyId(name, VerifierKey.TYPE_ED25519, publicKey), seed, publicKey);
  }

  /** Returns the secret signer-key text, the inverse of {@link #parse}. Handle it as a secret. */
  public String format() {
    return PrivateKeyText.format(name, keyId, VerifierKey.TYPE_ED25519, seed);
  }

  /** Returns the matching verifier key (type 0x01, same name and key ID). */
  public VerifierKey verifierKey() {
    return VerifierKey.of(name, VerifierKey.TYPE_ED25519, publicKey);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int keyId() {
    return keyId;
  }

  /**
   * Returns the 64-byte Ed25519 signature of {@code message}, the note text (C2SP signed-note, section
   * "Ed25519 signatures"). Deterministic.
   */
  @Override
  public byte[] sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    return Ed25519Keys.sign(seed, publicKey, message);
  }

  /** Prints the name and key ID, never the seed. */
  @Override
  public String toString() {
    return "SignerKey[" + name + "+" + KeyEncoding.hex8(keyId) + "]";
  }
}
