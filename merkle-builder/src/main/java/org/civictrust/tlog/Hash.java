package org.civictrust.tlog;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictBase64;

/**
 * A SHA-256 hash: exactly {@value #SIZE} bytes, immutable, equal by content, printed as base64.
 *
 * <p>Bytes are copied in by {@link #of(byte[])} and out by {@link #bytes()}, so a {@code Hash} can be
 * shared freely. RFC 9162 section 2.1 defines the hashes it carries (leaf and node hashes, tree roots).
 */
public final class Hash implements Comparable<Hash> {
  /** The size of a SHA-256 hash in bytes. */
  public static final int SIZE = 32;

  private final byte[] bytes;

  private Hash(byte[] owned) {
    this.bytes = owned;
  }

  /**
   * Returns the hash holding a copy of {@code bytes}.
   *
   * @throws IllegalArgumentException unless {@code bytes} is exactly 32 bytes long
   */
  public static Hash of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("a hash is " + SIZE + " bytes, got " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  /**
   * Returns the hash held in {@code source[offset, offset + 32)}.
   *
   * @throws IndexOutOfBoundsException if fewer than 32 bytes follow {@code offset}
   */
  public static Hash of(byte[] source, int offset) {
    Objects.checkFromIndexSize(offset, SIZE, source.length);
    return new Hash(Arrays.copyOfRange(source, offset, offset + SIZE));
  }

  /**
   * Parses the standard (RFC 4648 section 4) base64 form of a hash, strictly: 44 characters of the
   * standard alphabet, padded, canonical (re-encoding gives the same text), exactly 32 bytes.
   *
   * @throws IllegalArgumentException if {@code base64} is not such a string
   */
  public static Hash fromBase64(String base64) {
    try {
      return new Hash(StrictBase64.decodeExactly(base64, SIZE, "a hash"));
    } catch (MalformedTextException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Wraps an array the caller gives up ownership of; for hashing code in this package only. */
  static Hash wrap(byte[] owned) {
    return new Hash(owned);
  }

  /** Returns a copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Copies the 32 bytes into {@code destination} at {@code offset}. */
  public void copyTo(byte[] destination, int offset) {
    System.arraycopy(bytes, 0, destination, offset, SIZE);
  }

  /** The internal array, never to be modified or handed out; for hashing code in this package. */
  byte[] unsafeBytes() {
    return bytes;
  }

  /** Returns the standard base64 encoding (44 characters). */
  public String toBase64() {
    return StrictBase64.encode(bytes);
  }

  /** Returns the lowercase hex encoding (64 characters). */
  public String toHex() {
    StringBuilder hex = new StringBuilder(2 * SIZE);
    for (byte b : bytes) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash && MessageDigest.isEqual(bytes, ((Hash) other).bytes);
  }

  @Override
  public int hashCode() {
    return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
  }

  /** Orders hashes as unsigned big-endian numbers. */
  @Override
  public int compareTo(Hash other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  /** Returns the base64 form, as transparency tooling prints hashes. */
  @Override
  public String toString() {
    return toBase64();
  }
}
