package org.civictrust.tlog.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 conversion: malformed input (invalid sequences, overlong forms, encoded surrogates) and,
 * in the other direction, unpaired UTF-16 surrogates are errors, never silently replaced. The JDK's
 * {@code new String(bytes, UTF_8)} and {@code String.getBytes(UTF_8)} replace instead, which would let
 * two different byte strings parse to the same text. For use by {@code org.civictrust.tlog} only.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * Decodes {@code bytes[offset, offset + length)}.
   *
   * @throws CharacterCodingException if those bytes are not valid UTF-8
   */
  public static String decode(byte[] bytes, int offset, int length) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, offset, length))
        .toString();
  }

  /**
   * Encodes {@code text}.
   *
   * @throws CharacterCodingException if {@code text} holds an unpaired surrogate
   */
  public static byte[] encode(String text) throws CharacterCodingException {
    ByteBuffer encoded = StandardCharsets.UTF_8
        .newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .encode(CharBuffer.wrap(text));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }

  /** Reports whether {@code text} holds an unpaired surrogate, so has no UTF-8 encoding. */
  public static boolean hasUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reports whether {@code text} holds an ASCII control character (below U+0020) other than newline,
   * which C2SP signed-note section "Format" forbids anywhere in a note.
   */
  public static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n') {
        return true;
      }
    }
    return false;
  }
}
