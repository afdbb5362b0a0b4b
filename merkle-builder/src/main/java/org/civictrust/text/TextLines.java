package org.civictrust.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.VerificationException;

/**
 * Strict reading of the line-oriented texts of this module (incidents, observations, witness
 * requests): newline-terminated lines, {@code <keyword> <value>} pairs, decimals of the C2SP grammar
 * {@code 0|[1-9][0-9]*} and canonical standard base64. Every failure is {@link Reason#MALFORMED}.
 */
public final class TextLines {
  private TextLines() {}

  /**
   * Splits {@code text} into its lines: it must end in a newline; no line may be empty unless
   * {@code allowEmpty}.
   */
  public static List<String> split(String text, boolean allowEmpty) throws VerificationException {
    if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
      throw new VerificationException(Reason.MALFORMED, "text must end in a newline");
    }
    List<String> lines = new ArrayList<>();
    for (int begin = 0; begin < text.length(); ) {
      int end = text.indexOf('\n', begin);
      if (end == begin && !allowEmpty) {
        throw new VerificationException(Reason.MALFORMED, "empty line " + (lines.size() + 1));
      }
      lines.add(text.substring(begin, end));
      begin = end + 1;
    }
    return lines;
  }

  /** The value of a line {@code <keyword> <value>}; the value is non-empty. */
  public static String value(String line, String keyword) throws VerificationException {
    String prefix = keyword + " ";
    if (!line.startsWith(prefix) || line.length() == prefix.length()) {
      throw new VerificationException(Reason.MALFORMED, "expected a line '" + keyword + " <value>'");
    }
    return line.substring(prefix.length());
  }

  /** Whether {@code line} is a {@code <keyword> <value>} line. */
  public static boolean is(String line, String keyword) {
    return line.startsWith(keyword + " ");
  }

  /**
   * Parses a decimal {@code 0|[1-9][0-9]*} that fits in {@code [0, 2^63 - 1]}; {@code what} names
   * the field in messages.
   */
  public static long decimal(String text, String what) throws VerificationException {
    if (text.isEmpty() || text.length() > 19) {
      throw new VerificationException(Reason.MALFORMED, what + " is not a decimal of 1 to 19 digits");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new VerificationException(Reason.MALFORMED, what + " is not an ASCII decimal");
      }
    }
    if (text.charAt(0) == '0' && text.length() > 1) {
      throw new VerificationException(Reason.MALFORMED, what + " has a leading zero");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new VerificationException(Reason.MALFORMED, what + " exceeds 2^63-1", e);
    }
  }

  /** Decodes canonical, padded standard base64 of at most {@code maxBytes} bytes. */
  public static byte[] base64(String text, int maxBytes, String what) throws VerificationException {
    if (text.length() > 4L * ((maxBytes + 2) / 3)) {
      throw new VerificationException(Reason.MALFORMED, what + " exceeds " + maxBytes + " bytes");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(Reason.MALFORMED, what + " is not base64", e);
    }
    if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
      throw new VerificationException(Reason.MALFORMED, what + " is not canonical base64");
    }
    return bytes;
  }

  /** Parses a base64 SHA-256 hash strictly. */
  public static Hash hash(String text, String what) throws VerificationException {
    try {
      return Hash.fromBase64(text);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(Reason.MALFORMED, what + " is not a base64 SHA-256 hash", e);
    }
  }

  /** Standard padded base64. */
  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Whether {@code line} is one non-empty line without control characters. */
  public static boolean isLine(String line) {
    if (line == null || line.isEmpty()) {
      return false;
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < 0x20 || Character.isSurrogate(c) && !validSurrogate(line, i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean validSurrogate(String line, int i) {
    char c = line.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < line.length() && Character.isLowSurrogate(line.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(line.charAt(i - 1));
  }

  /** A copy of {@code bytes}, or null for null. */
  public static byte[] copy(byte[] bytes) {
    return bytes == null ? null : Arrays.copyOf(bytes, bytes.length);
  }
}
