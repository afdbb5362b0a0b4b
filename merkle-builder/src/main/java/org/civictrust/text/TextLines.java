package org.civictrust.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Strict reading of line-oriented texts (C2SP signed-note "Format": a text is a sequence of
 * newline-terminated lines; C2SP tlog-checkpoint and CivicTrust's incidents, observations, witness
 * requests and revocation snapshots build on it): splitting a text into its lines, {@code <keyword>
 * <value>} lines, and whether a string is one line.
 */
public final class TextLines {
  private TextLines() {}

  /**
   * Splits {@code text} into its lines, without their newlines: it must end in a newline; no line may
   * be empty unless {@code allowEmpty}.
   *
   * @throws MalformedTextException if {@code text} is empty, does not end in a newline, or has an
   *     empty line that is not allowed
   */
  public static List<String> split(String text, boolean allowEmpty) throws MalformedTextException {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
      throw new MalformedTextException("text must end in a newline");
    }
    List<String> lines = new ArrayList<>();
    for (int begin = 0; begin < text.length(); ) {
      int end = text.indexOf('\n', begin);
      if (end == begin && !allowEmpty) {
        throw new MalformedTextException("empty line " + (lines.size() + 1));
      }
      lines.add(text.substring(begin, end));
      begin = end + 1;
    }
    return lines;
  }

  /**
   * The value of a line {@code <keyword> <value>}: the line starts with {@code keyword} and one space,
   * and the value after them is non-empty.
   *
   * @throws MalformedTextException otherwise
   */
  public static String value(String line, String keyword) throws MalformedTextException {
    String prefix = keyword + " ";
    if (!line.startsWith(prefix) || line.length() == prefix.length()) {
      throw new MalformedTextException("expected a line '" + keyword + " <value>'");
    }
    return line.substring(prefix.length());
  }

  /** Whether {@code line} is a {@code <keyword> <value>} line, that is starts with the keyword and a space. */
  public static boolean is(String line, String keyword) {
    return line.startsWith(keyword + " ");
  }

  /**
   * Whether {@code line} is one non-empty line without control characters (below U+0020, so no
   * newline either) and without unpaired surrogates, so has a UTF-8 encoding.
   */
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
}
