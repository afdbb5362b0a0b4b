package org.civictrust.tlog;

import java.security.SecureRandom;
import java.util.Objects;
import org.civictrust.tlog.internal.Ed25519Keys;
import org.civictrust.tlog.internal.KeyEncoding;
import org.civictrust.tlog.internal.PrivateKeyText;

/**
 * A witness's Ed25519 cosigner key, signature type 0x04 (C2SP tlog-cosignature, sections "Format" and
 * "Ed25519 signed message"). A cosignature states that, as of its timestamp, the checkpoint is the
 * largest consistent tree head the witness has seen for that origin.
 *
 * <p>Text form: no spec defines one for cosigner private keys, so CivicTrust uses Go's signer-key form
 * with the type byte 0x04: {@code PRIVATE+KEY+<name>+<hex8 key ID>+<base64(0x04 || 32-byte seed)>},
 * where the key ID is {@code SHA-256(name || 0x0A || 0x04 || public key)[:4]}. The type byte keeps a
 * cosigner key from being loaded as a plain note {@link SignerKey} and the reverse. (Go's
 * transparency-dev/formats instead derives cosigners from type 0x01 keys; such a key text is rejected
 * here.)
 *
 * <p>The Ed25519 cosigned message does not commit to the cosigner's name, so one public key must never
 * serve two cosigner names (tlog-cosignature, "Ed25519 signed message"). Immutable and thread-safe;
 * {@link #toString()} never prints the seed.
 */
public final class CosignerKey {
  private static final int COSIGNATURE_SIZE = 8 + Ed25519Keys.SIGNATURE_SIZE;

  private final String name;
  private final int keyId;
  private final byte[] seed;
  private final byte[] publicKey;

  private CosignerKey(String name, int keyId, byte[] seed, byte[] publicKey) {
    this.name = name;
    this.keyId = keyId;
    this.seed = seed;
    this.publicKey = publicKey;
  }

  /**
   * Parses a cosigner key strictly (see the class comment for the form); the key ID must match the
   * derived public key. Messages never echo the input.
   *
   * @throws IllegalArgumentException if {@code skey} is not a type 0x04 signer key
   */
  public static CosignerKey parse(String skey) {
    PrivateKeyText.Parsed parsed = PrivateKeyText.parse(skey, VerifierKey.TYPE_COSIGNATURE_V1);
    return new CosignerKey(parsed.name(), parsed.keyId(), parsed.seed(), parsed.publicKey());
  }

  /**
   * Generates a fresh cosigner key named {@code name}, drawing the seed from {@code random}.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid key name
   */
  public static CosignerKey generate(String name, SecureRandom random) {
    KeyEncoding.checkName(name);
    Objects.requireNonNull(random, "random");
    byte[] seed = Ed25519Keys.generateSeed(random);
    byte[] publicKey = Ed25519Keys.publicKey(seed);
    int keyId = KeyEncoding.keyId(name, VerifierKey.TYPE_COSIGNATURE_V1, publicKey);
    return new CosignerKey(name, keyId, seed, publicKey);
  }

  /** Returns the secret key text, the inverse of {@link #parse}. Handle it as a secret. */
  public String format() {
    return PrivateKeyText.format(name, keyId, VerifierKey.TYPE_COSIGNATURE_V1, seed);
  }

  /** Returns the matching verifier key (type 0x04, same name and key ID). */
  public VerifierKey verifierKey() {
    return VerifierKey.of(name, VerifierKey.TYPE_COSIGNATURE_V1, publicKey);
  }

  /** The cosigner name. */
  public String name() {
    return name;
  }

  /** The key ID, a big-endian uint32 held in an {@code int}. */
  public int keyId() {
    return keyId;
  }

  /**
   * Returns a signer that cosigns at {@code unixSeconds}: each signature is the 72-byte
   * {@code timestamped_signature}, the big-endian u64 timestamp followed by the Ed25519 signature of
   * {@code "cosignature/v1\ntime <unixSeconds>\n" || note text}. The time is a parameter, never read
   * from a clock, so replaying the same inputs gives the same bytes.
   *
   * <p>Requires the note text to be a checkpoint the witness has verified as consistent; this signer
   * does not check that.
   *
   * @param unixSeconds POSIX seconds; requires {@code 0 <= unixSeconds} (so at most 2^63 - 1)
   * @throws IllegalArgumentException if {@code unixSeconds} is negative
   */
  public NoteSigner at(long unixSeconds) {
    if (unixSeconds < 0) {
      throw new IllegalArgumentException("a cosignature timestamp is in [0, 2^63-1], got " + unixSeconds);
    }
    return new NoteSigner() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int keyId() {
        return keyId;
      }

      @Override
      public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        byte[] signature = new byte[COSIGNATURE_SIZE];
        for (int i = 0; i < 8; i++) {
          signature[i] = (byte) (unixSeconds >>> (56 - 8 * i));
        }
        byte[] ed25519 = Ed25519Keys.sign(seed, publicKey, VerifierKey.cosignedMessage(unixSeconds, message));
        System.arraycopy(ed25519, 0, signature, 8, ed25519.length);
        return signature;
      }

      @Override
      public String toString() {
        return CosignerKey.this + " at " + unixSeconds;
      }
    };
  }

  /**
   * Reads the timestamp out of a tlog-cosignature/v1 signature. Requires {@code cosignature} to have
   * been verified (for example, returned by {@link Cosignatures#verifyQuorum}): an unverified
   * timestamp is just a number anyone could have written.
   *
   * @return POSIX seconds, in {@code [0, 2^63 - 1]}
   * @throws VerificationException with {@link Reason#MALFORMED} if the signature is not 72 bytes or its
   *     timestamp exceeds 2^63 - 1
   */
  public static long timestamp(NoteSignature cosignature) throws VerificationException {
    byte[] signature = cosignature.signature();
    if (signature.length != COSIGNATURE_SIZE) {
      throw new VerificationException(
          Reason.MALFORMED, "a cosignature/v1 signature is 72 bytes, got " + signature.length);
    }
    long timestamp = VerifierKey.readTimestamp(signature);
    if (timestamp < 0) {
      throw new VerificationException(Reason.MALFORMED, "cosignature timestamp exceeds 2^63-1");
    }
    return timestamp;
  }

  /** Prints the name and key ID, never the seed. */
  @Override
  public String toString() {
    return "CosignerKey[" + name + "+" + KeyEncoding.hex8(keyId) + "]";
  }
}
