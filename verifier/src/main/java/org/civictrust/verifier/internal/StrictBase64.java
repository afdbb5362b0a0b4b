package org.civictrust.verifier.internal;

import java.util.Base64;
import java.util.Objects;

/**
 * Strict standard base64 (RFC 4648 section 4) for the receipt format: the standard alphabet, padding
 * required, no whitespace or line breaks, and only the canonical encoding (the unused low bits of the
 * last character zero), so that one byte string has exactly one text form. The encoded length is
 * checked against the largest allowed decoded size <em>before</em> anything is decoded.
 *
 * <p>The JDK decoder alone accepts missing padding and non-canonical final characters; every decode
 * here therefore re-encodes and compares. For use by {@code org.civictrust.verifier} only.
 */
public final class StrictBase64 {
  private StrictBase64() {}

  /** The length of the padded base64 encoding of {@code byteCount} bytes. */
  public static int encodedLength(int byteCount) {
    return (byteCount + 2) / 3 * 4;
  }

  /**
   * Decodes {@code text}, the canonical padded base64 of at most {@code maxBytes} bytes.
   *
   * @param what names the field in the error message; the input itself is never echoed
   * @throws IllegalArgumentException if {@code text} is longer than the encoding of {@code maxBytes}
   *     bytes (checked first), or is not canonical padded base64, or decodes to more than {@code
   *     maxBytes} bytes
   */
  public static byte[] decode(String text, int maxBytes, String what) {
    Objects.requireNonNull(text, "text");
    if (text.length() > encodedLength(maxBytes)) {
      throw new IllegalArgumentException(what + " has " + text.length() + " base64 characters, more than the "
          + encodedLength(maxBytes) + " of " + maxBytes + " bytes");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not standard base64", e);
    }
    if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
      throw new IllegalArgumentException(what + " is not canonical padded base64");
    }
    if (decoded.length > maxBytes) {
      throw new IllegalArgumentException(what + " holds " + decoded.length + " bytes, more than " + maxBytes);
    }
    return decoded;
  }

  /** Returns the padded standard base64 encoding of {@code bytes}. */
  public static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
