package org.civictrust.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File and directory names for names that come from records (request ids, log origins), which may hold
 * any character. The mapping is injective, so two names never share a file:
 *
 * <ul>
 *   <li>each UTF-8 byte of {@code A-Z a-z 0-9 . _ -} is kept, except a leading {@code .} (so no name is
 *       hidden, {@code .} or {@code ..});
 *   <li>every other byte, and that leading dot, becomes {@code %XX} (two uppercase hex digits);
 *   <li>the empty name becomes {@code %} (every other {@code %} is followed by two hex digits);
 *   <li>a result longer than {@value #MAX_LENGTH} characters is cut to its first {@value #KEPT}
 *       characters, then {@code ~} and the first 16 hex digits of SHA-256 of the name's UTF-8 bytes
 *       ({@code ~} never appears otherwise), which keeps file names within every file system's limit.
 * </ul>
 */
final class SafeNames {
  /** The longest name returned. */
  static final int MAX_LENGTH = 200;
  /** How much of an over-long name is kept before its hash. */
  static final int KEPT = MAX_LENGTH - 17;

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private SafeNames() {}

  /** The file name (without extension) for {@code name}, as described above. */
  static String fileName(String name) {
    if (name.isEmpty()) {
      return "%";
    }
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(utf8.length + 8);
    for (int i = 0; i < utf8.length; i++) {
      int b = utf8[i] & 0xff;
      if (isSafe(b) && !(i == 0 && b == '.')) {
        out.append((char) b);
      } else {
        out.append('%').append(HEX.toHexDigits((byte) b));
      }
    }
    if (out.length() <= MAX_LENGTH) {
      return out.toString();
    }
    return out.substring(0, KEPT) + "~" + HexFormat.of().formatHex(sha256(utf8), 0, 8);
  }

  private static boolean isSafe(int b) {
    return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '.' || b == '_'
        || b == '-';
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
