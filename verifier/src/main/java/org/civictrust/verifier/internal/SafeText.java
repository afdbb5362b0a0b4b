package org.civictrust.verifier.internal;

import java.util.Objects;

/**
 * Text for explanations that quote untrusted input. A receipt is attacker-controlled: an issuer id or
 * origin could hold a newline and forge a second status line in the verifier's line-based output, or
 * bidirectional controls that make a terminal show another name. So every explanation is made one
 * line of printable text ({@link #oneLine}) and quoted values are escaped and shortened ({@link
 * #quote}). For use by {@code org.civictrust.verifier} only.
 */
public final class SafeText {
  /** The most characters of an untrusted value quoted in an explanation. */
  public static final int MAX_QUOTED = 120;

  private SafeText() {}

  /**
   * Returns {@code text} with every character that is not safe on one terminal line escaped as
   * <code>&#92;uXXXX</code>: ASCII controls (newline included), DEL, C1 controls, Unicode format characters
   * (bidirectional controls among them), line and paragraph separators, and unpaired surrogates.
   */
  public static String oneLine(String text) {
    Objects.requireNonNull(text, "text");
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean unsafe = isUnsafe(text, i);
      if (unsafe && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (unsafe) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /**
   * Quotes an untrusted value for an explanation: in double quotes, a backslash or double quote
   * escaped with a backslash, unsafe characters escaped as {@link #oneLine} does, and cut after
   * {@value #MAX_QUOTED} characters with the full length stated.
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    String cut = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) : value;
    String escaped = oneLine(cut.replace("\\", "\\\\").replace("\"", "\\\""));
    return "\"" + escaped + (cut.length() < value.length() ? "\"... (" + value.length() + " characters)" : "\"");
  }

  /** The 8 lowercase hex digits of a C2SP key ID. */
  public static String hex8(int keyId) {
    return String.format("%08x", keyId);
  }

  private static boolean isUnsafe(String text, int i) {
    char c = text.charAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
    }
    int type = Character.getType(c);
    return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }
}
