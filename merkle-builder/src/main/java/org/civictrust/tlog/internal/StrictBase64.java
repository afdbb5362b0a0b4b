package org.civictrust.tlog.internal;

import java.util.Base64;
import java.util.Objects;

/**
 * Strict standard base64 (RFC 4648 section 4), as C2SP signed-note, tlog-checkpoint and tlog-proof use
 * it: the alphabet {@code A-Z a-z 0-9 + /}, padding with {@code =} required, no line breaks or other
 * characters, and only the canonical encoding accepted (the unused low bits of the last character must
 * be zero).
 *
 * <p>The JDK decoder alone is not strict enough: it accepts missing padding and non-canonical final
 * characters, so {@code "AAB="} and {@code "AAA="} would decode to the same bytes. That would make a
 * signed note malleable (two different byte strings carrying the same signature), so every decode here
 * re-encodes and compares. For use by {@code org.civictrust.tlog} only.
 */
public final class StrictBase64 {
  private StrictBase64() {}

  /**
   * Decodes {@code text}, which must be the canonical padded base64 encoding of some byte string
   * (possibly empty).
   *
   * @throws IllegalArgumentException if {@code text} is not canonical padded base64
   */
  public static byte[] decode(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() % 4 != 0) {
      throw new IllegalArgumentException("base64 length " + text.length() + " is not a multiple of 4");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '+' || c == '/';
      if (!alphabet && c != '=') {
        throw new IllegalArgumentException("character at " + i + " is not in the base64 alphabet");
      }
    }
    byte[] decoded = Base64.getDecoder().decode(text);
    if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
      throw new IllegalArgumentException("base64 is not in canonical form");
    }
    return decoded;
  }

  /**
   * Decodes {@code text} as {@link #decode(String)} does and requires exactly {@code length} bytes.
   * Checks the encoded length first, so an oversized input is rejected without decoding it.
   *
   * @throws IllegalArgumentException if {@code text} is not canonical base64 of {@code length} bytes
   */
  public static byte[] decode(String text, int length) {
    Objects.requireNonNull(text, "text");
    if (text.length() != encodedLength(length)) {
      throw new IllegalArgumentException(
          "expected base64 of " + length + " bytes (" + encodedLength(length) + " characters), got "
              + text.length() + " characters");
    }
    byte[] decoded = decode(text);
    if (decoded.length != length) {
      throw new IllegalArgumentException("expected " + length + " bytes, got " + decoded.length);
    }
    return decoded;
  }

  /** The length of the padded base64 encoding of {@code byteCount} bytes. */
  public static int encodedLength(int byteCount) {
    return (byteCount + 2) / 3 * 4;
  }

  /** Returns the padded standard base64 encoding of {@code bytes}. */
  public static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
