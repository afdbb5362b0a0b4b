package org.civictrust.tlog;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Merkle tree hashing of RFC 9162 section 2.1.1 with SHA-256: a leaf hash is
 * {@code SHA-256(0x00 || entry)}, an interior node hash is {@code SHA-256(0x01 || left || right)},
 * and the empty tree's root is {@code SHA-256()}.
 *
 * <p>Uses the JDK's {@link MessageDigest} (with its SHA-NI intrinsic), one instance per thread.
 */
public final class Rfc9162 {
  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Rfc9162::newSha256);

  /** The root hash of the empty tree: SHA-256 of no bytes. */
  public static final Hash EMPTY_ROOT = Hash.wrap(sha256().digest());

  private Rfc9162() {}

  /** Returns {@code SHA-256(0x00 || entry)}. */
  public static Hash leafHash(byte[] entry) {
    Objects.requireNonNull(entry, "entry");
    return leafHash(entry, 0, entry.length);
  }

  /** Returns {@code SHA-256(0x00 || entry[offset, offset + length))}. */
  public static Hash leafHash(byte[] entry, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, entry.length);
    MessageDigest sha = sha256();
    sha.update(LEAF_PREFIX);
    sha.update(entry, offset, length);
    return Hash.wrap(sha.digest());
  }

  /** Returns {@code SHA-256(0x01 || left || right)}. */
  public static Hash nodeHash(Hash left, Hash right) {
    return Hash.wrap(nodeHash(left.unsafeBytes(), right.unsafeBytes()));
  }

  /** Node hash over raw 32-byte arrays, returning a fresh array; for chains that avoid wrapping. */
  static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest sha = sha256();
    sha.update(NODE_PREFIX);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  /**
   * Node hash of the two 32-byte hashes at {@code leftAt} in {@code left} and {@code rightAt} in
   * {@code right}, written at {@code outAt} in {@code out}; for tile rows hashed in place.
   */
  static void nodeHash(byte[] left, int leftAt, byte[] right, int rightAt, byte[] out, int outAt) {
    MessageDigest sha = sha256();
    sha.update(NODE_PREFIX);
    sha.update(left, leftAt, Hash.SIZE);
    sha.update(right, rightAt, Hash.SIZE);
    try {
      sha.digest(out, outAt, Hash.SIZE);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 writes 32 bytes into 32 bytes of room", e);
    }
  }

  /** Returns the thread's SHA-256 digest, reset. */
  static MessageDigest sha256() {
    MessageDigest sha = SHA256.get();
    sha.reset();
    return sha;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
