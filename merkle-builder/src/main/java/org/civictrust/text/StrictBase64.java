package org.civictrust.text;

import java.util.Base64;
import java.util.Objects;

/**
 * Strict standard base64 (RFC 4648 section 4), as C2SP signed-note, tlog-checkpoint and tlog-proof and
 * CivicTrust's own formats use it: the alphabet {@code A-Z a-z 0-9 + /}, padding with {@code =}
 * required, no line breaks, whitespace or other characters, and only the canonical encoding (the
 * unused low bits of the last character zero), so that one byte string has exactly one text form.
 *
 * <p>The JDK decoder alone accepts missing padding and non-canonical final characters ({@code "AAB="}
 * and {@code "AAA="} decode to the same bytes), which would make a signed text malleable; every decode
 * here therefore re-encodes and compares. Every decode is bounded: the text's length is checked against
 * the encoding of the largest allowed byte count <em>before</em> anything is decoded or allocated.
 */
public final class StrictBase64 {
  /** The largest byte count whose encoding fits in a Java string. */
  public static final int MAX_BYTES = Integer.MAX_VALUE / 4 * 3;

  private StrictBase64() {}

  /**
   * Decodes {@code text}, the canonical padded base64 of at most {@code maxBytes} bytes (possibly none).
   *
   * @param what names the field in the message; the input itself is never echoed
   * @throws MalformedTextException if {@code text} is longer than the encoding of {@code maxBytes}
   *     bytes (checked first), is not canonical padded base64, or decodes to more than {@code maxBytes}
   *     bytes
   * @throws IllegalArgumentException unless {@code 0 <= maxBytes <= MAX_BYTES}
   */
  public static byte[] decode(String text, int maxBytes, String what) throws MalformedTextException {
    Objects.requireNonNull(text, "text");
    int maxLength = encodedLength(maxBytes);
    if (text.length() > maxLength) {
      throw new MalformedTextException(
          what + " has " + text.length() + " base64 characters, more than the " + maxLength + " of " + maxBytes
              + " bytes");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedTextException(what + " is not standard base64", e);
    }
    if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
      throw new MalformedTextException(what + " is not canonical padded base64");
    }
    if (decoded.length > maxBytes) {
      throw new MalformedTextException(what + " holds " + decoded.length + " bytes, more than " + maxBytes);
    }
    return decoded;
  }

  /**
   * Decodes {@code text}, the canonical padded base64 of exactly {@code length} bytes. The encoded
   * length is checked first.
   *
   * @param what names the field in the message; the input itself is never echoed
   * @throws MalformedTextException if {@code text} is not canonical padded base64 of {@code length}
   *     bytes
   * @throws IllegalArgumentException unless {@code 0 <= length <= MAX_BYTES}
   */
  public static byte[] decodeExactly(String text, int length, String what) throws MalformedTextException {
    Objects.requireNonNull(text, "text");
    if (text.length() != encodedLength(length)) {
      throw new MalformedTextException(
          what + " has " + text.length() + " base64 characters, not the " + encodedLength(length) + " of "
              + length + " bytes");
    }
    byte[] decoded = decode(text, length, what);
    if (decoded.length != length) {
      throw new MalformedTextException(what + " holds " + decoded.length + " bytes, not " + length);
    }
    return decoded;
  }

  /** Returns the padded standard base64 encoding of {@code bytes}; {@link #decode} gives them back. */
  public static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * The length of the padded base64 encoding of {@code byteCount} bytes.
   *
   * @throws IllegalArgumentException unless {@code 0 <= byteCount <= MAX_BYTES}
   */
  public static int encodedLength(int byteCount) {
    if (byteCount < 0 || byteCount > MAX_BYTES) {
      throw new IllegalArgumentException("a byte count in [0, " + MAX_BYTES + "], got " + byteCount);
    }
    return (int) ((byteCount + 2L) / 3 * 4);
  }
}
