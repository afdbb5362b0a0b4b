package org.civictrust.tlog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.civictrust.tlog.internal.Ed25519Keys;
import org.civictrust.tlog.internal.KeyEncoding;

/**
 * A verifier key ("vkey", C2SP signed-note section "Verifier keys"):
 * {@code <name>+<hex8 key ID>+<base64(type || public key)>}, for one of two Ed25519 signature types:
 *
 * <ul>
 *   <li>{@link #TYPE_ED25519} (0x01, signed-note section "Ed25519 signatures"): a 64-byte signature over
 *       the note text. Logs sign checkpoints with such keys.
 *   <li>{@link #TYPE_COSIGNATURE_V1} (0x04, tlog-cosignature section "Format"): a 72-byte
 *       {@code timestamped_signature}, a big-endian u64 timestamp then a 64-byte signature over
 *       {@code "cosignature/v1\ntime <timestamp>\n" || note text} (section "Ed25519 signed message").
 *       Witnesses cosign checkpoints with such keys.
 * </ul>
 *
 * <p>Keys are configuration, so {@link #parse} reports bad input with {@link
 * IllegalArgumentException}, never echoing the input: a malformed string, an unsupported type, a key
 * ID that does not match {@code SHA-256(name || 0x0A || type || key)[:4]}, or a public key that is not
 * a valid Ed25519 point (non-canonical, off the curve, or of small order). The point is decoded once,
 * here, so that verifications do not redo it. Immutable, thread-safe, equal by content.
 */
public final class VerifierKey implements NoteVerifier {
  /** Signature type 0x01: Ed25519 over the note text. */
  public static final byte TYPE_ED25519 = 0x01;

  /** Signature type 0x04: timestamped Ed25519 checkpoint cosignature, tlog-cosignature/v1. */
  public static final byte TYPE_COSIGNATURE_V1 = 0x04;

  private static final int TIMESTAMP_SIZE = 8;
  private static final byte[] COSIGNATURE_HEADER = "cosignature/v1\ntime ".getBytes(StandardCharsets.US_ASCII);

  private final String name;
  private final int keyId;
  private final byte type;
  private final byte[] publicKey;
  private final Ed25519.PublicPoint point;

  private VerifierKey(String name, int keyId, byte type, byte[] publicKey, Ed25519.PublicPoint point) {
    this.name = name;
    this.keyId = keyId;
    this.type = type;
    this.publicKey = publicKey;
    this.point = point;
  }

  /**
   * Returns the verifier for an Ed25519 public key of the given type, computing its key ID.
   *
   * @param type {@link #TYPE_ED25519} or {@link #TYPE_COSIGNATURE_V1}
   * @param publicKey the 32-byte RFC 8032 encoding, copied
   * @throws IllegalArgumentException if the name is invalid, the type unsupported, or the key not a
   *     valid Ed25519 public key
   */
  public static VerifierKey of(String name, byte type, byte[] publicKey) {
    KeyEncoding.checkName(name);
    checkType(type);
    Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.length != Ed25519Keys.PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + publicKey.length);
    }
    byte[] key = publicKey.clone();
    Ed25519.PublicPoint point = Ed25519Keys.decodePublicKey(key);
    if (point == null) {
      throw new IllegalArgumentException("not a valid Ed25519 public key (or one of small order)");
    }
    return new VerifierKey(name, KeyEncoding.keyId(name, type, key), type, key, point);
  }

  /**
   * Parses a vkey strictly: {@code <name>+<8 lowercase hex digits>+<canonical base64 of 33 bytes>}.
   *
   * @throws IllegalArgumentException if {@code vkey} is malformed, of an unsupported type, carries a
   *     key ID that does not match its name and key, or holds an invalid public key
   */
  public static VerifierKey parse(String vkey) {
    KeyEncoding.Parts parts = KeyEncoding.parse(vkey, 1 + Ed25519Keys.PUBLIC_KEY_SIZE);
    byte[] material = parts.material();
    if (material.length != 1 + Ed25519Keys.PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException("vkey material must be a type byte and a 32-byte key");
    }
    VerifierKey key = of(parts.name(), material[0], Arrays.copyOfRange(material, 1, material.length));
    if (key.keyId != parts.keyId()) {
      throw new IllegalArgumentException("vkey key ID does not match its name, type and key");
    }
    return key;
  }

  /** Returns the vkey text, the inverse of {@link #parse}. */
  public String format() {
    byte[] material = new byte[1 + publicKey.length];
    material[0] = type;
    System.arraycopy(publicKey, 0, material, 1, publicKey.length);
    return KeyEncoding.format(name, keyId, material);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int keyId() {
    return keyId;
  }

  /** The signature type: {@link #TYPE_ED25519} or {@link #TYPE_COSIGNATURE_V1}. */
  public byte type() {
    return type;
  }

  /** Returns a copy of the 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * Checks a signature over a note text. For {@link #TYPE_COSIGNATURE_V1} the signature is the 72-byte
   * {@code timestamped_signature}; a timestamp above 2^63 - 1 is rejected, as tlog-cosignature
   * requires. Timestamps are not compared with any clock: that is the caller's policy (see {@link
   * CosignerKey#timestamp}).
   *
   * @throws VerificationException with {@link Reason#BAD_SIGNATURE} if the signature is invalid or of
   *     the wrong length
   */
  @Override
  public void verify(byte[] message, byte[] signature) throws VerificationException {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    boolean valid;
    if (type == TYPE_ED25519) {
      valid = signature.length == Ed25519Keys.SIGNATURE_SIZE
          && Ed25519Keys.verify(point, message, signature, 0);
    } else {
      long timestamp = signature.length == TIMESTAMP_SIZE + Ed25519Keys.SIGNATURE_SIZE
          ? readTimestamp(signature) : -1;
      valid = timestamp >= 0
          && Ed25519Keys.verify(point, cosignedMessage(timestamp, message), signature, TIMESTAMP_SIZE);
    }
    if (!valid) {
      throw new VerificationException(
          Reason.BAD_SIGNATURE, "invalid signature for key " + name + "+" + KeyEncoding.hex8(keyId));
    }
  }

  /** The message a type 0x04 cosigner signs: {@code "cosignature/v1\ntime <t>\n" || text}. */
  static byte[] cosignedMessage(long timestamp, byte[] text) {
    byte[] time = (Long.toString(timestamp) + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] message = new byte[COSIGNATURE_HEADER.length + time.length + text.length];
    System.arraycopy(COSIGNATURE_HEADER, 0, message, 0, COSIGNATURE_HEADER.length);
    System.arraycopy(time, 0, message, COSIGNATURE_HEADER.length, time.length);
    System.arraycopy(text, 0, message, COSIGNATURE_HEADER.length + time.length, text.length);
    return message;
  }

  /** The big-endian u64 at the start of a timestamped signature, as a possibly negative long. */
  static long readTimestamp(byte[] signature) {
    long timestamp = 0;
    for (int i = 0; i < TIMESTAMP_SIZE; i++) {
      timestamp = timestamp << 8 | (signature[i] & 0xff);
    }
    return timestamp;
  }

  static void checkType(byte type) {
    if (type != TYPE_ED25519 && type != TYPE_COSIGNATURE_V1) {
      throw new IllegalArgumentException(
          "unsupported signature type 0x" + String.format("%02x", type) + "; supported: 0x01, 0x04");
    }
  }

  /** Equal when name, key ID, type and public key are all equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof VerifierKey
        && ((VerifierKey) other).name.equals(name)
        && ((VerifierKey) other).keyId == keyId
        && ((VerifierKey) other).type == type
        && MessageDigest.isEqual(((VerifierKey) other).publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + keyId;
  }

  /** Returns the vkey text; it holds only public data. */
  @Override
  public String toString() {
    return format();
  }
}
