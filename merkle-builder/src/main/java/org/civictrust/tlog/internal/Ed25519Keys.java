package org.civictrust.tlog.internal;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * RFC 8032 Ed25519 through Bouncy Castle's low-level {@link Ed25519}, never the JCA. Ed25519 signing is
 * deterministic, so the same seed and message always give the same 64 bytes, as in Go. For use by
 * {@code org.civictrust.tlog} only.
 */
public final class Ed25519Keys {
  /** Size of a seed, the RFC 8032 private key: 32 bytes. */
  public static final int SEED_SIZE = Ed25519.SECRET_KEY_SIZE;

  /** Size of an encoded public key: 32 bytes. */
  public static final int PUBLIC_KEY_SIZE = Ed25519.PUBLIC_KEY_SIZE;

  /** Size of a signature: 64 bytes. */
  public static final int SIGNATURE_SIZE = Ed25519.SIGNATURE_SIZE;

  private Ed25519Keys() {}

  /** Draws a fresh 32-byte seed from {@code random}. */
  public static byte[] generateSeed(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] seed = new byte[SEED_SIZE];
    Ed25519.generatePrivateKey(random, seed);
    return seed;
  }

  /** Derives the 32-byte public key of a 32-byte seed. */
  public static byte[] publicKey(byte[] seed) {
    checkSize(seed, SEED_SIZE, "seed");
    byte[] publicKey = new byte[PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  /**
   * Signs {@code message}. Requires {@code publicKey} to be the one derived from {@code seed}
   * (passing it saves deriving it again on every signature).
   */
  public static byte[] sign(byte[] seed, byte[] publicKey, byte[] message) {
    checkSize(seed, SEED_SIZE, "seed");
    checkSize(publicKey, PUBLIC_KEY_SIZE, "public key");
    byte[] signature = new byte[SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  /**
   * Decodes and fully validates a public key once, so that verifications need not redo it. Full
   * validation rejects non-canonical encodings, points off the curve and points of small order.
   *
   * @return the decoded point, or {@code null} if {@code publicKey} is not a valid public key
   */
  public static Ed25519.PublicPoint decodePublicKey(byte[] publicKey) {
    checkSize(publicKey, PUBLIC_KEY_SIZE, "public key");
    return Ed25519.validatePublicKeyFullExport(publicKey, 0);
  }

  /** Reports whether {@code signature} is a valid signature of {@code message} under {@code key}. */
  public static boolean verify(Ed25519.PublicPoint key, byte[] message, byte[] signature, int offset) {
    Objects.checkFromIndexSize(offset, SIGNATURE_SIZE, signature.length);
    return Ed25519.verify(signature, offset, key, message, 0, message.length);
  }

  private static void checkSize(byte[] bytes, int size, String what) {
    Objects.requireNonNull(bytes, what);
    if (bytes.length != size) {
      throw new IllegalArgumentException(what + " must be " + size + " bytes, got " + bytes.length);
    }
  }
}
