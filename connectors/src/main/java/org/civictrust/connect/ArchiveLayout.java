package org.civictrust.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where a log lives in an archive: below the prefix named after its origin, the C2SP tlog-tiles
 * resources {@value #CHECKPOINT}, {@code tile/<L>/<N>[.p/<W>]} and {@code tile/entries/<N>[.p/<W>]}.
 * An archive served at {@code https://archive.example/} thus serves the log {@code example.org/log/0} at
 * {@code https://archive.example/example.org/log/0/}, the URL a tlog client is given.
 *
 * <p>The origin comes from records, so it may hold any character: each {@code /}-separated segment is
 * named as {@code civictrust replay} names its directories, injectively: each UTF-8 byte of
 * {@code A-Z a-z 0-9 . _ -} is kept, except a leading {@code .}; every other byte becomes {@code %XX};
 * an empty segment becomes {@code %}; a name longer than 200 characters is cut to 183 and followed by
 * {@code ~} and 16 hex digits of the SHA-256 of the segment.
 */
public final class ArchiveLayout {
  /** The signed checkpoint's path below the log's prefix. */
  public static final String CHECKPOINT = "checkpoint";
  /** The prefix of every tile and entry bundle below the log's prefix. */
  public static final String TILES = "tile/";

  private static final int MAX_SEGMENT = 200;
  private static final int KEPT = MAX_SEGMENT - 17;
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private ArchiveLayout() {}

  /** The key prefix of the log {@code origin}: its escaped segments, each followed by {@code /}. */
  public static String logPrefix(String origin) {
    Objects.requireNonNull(origin, "origin");
    StringBuilder prefix = new StringBuilder();
    for (String segment : origin.split("/", -1)) {
      prefix.append(segmentName(segment)).append('/');
    }
    return prefix.toString();
  }

  private static String segmentName(String segment) {
    if (segment.isEmpty()) {
      return "%";
    }
    byte[] utf8 = segment.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(utf8.length + 8);
    for (int i = 0; i < utf8.length; i++) {
      int b = utf8[i] & 0xff;
      boolean safe = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '.'
          || b == '_' || b == '-';
      if (safe && !(i == 0 && b == '.')) {
        out.append((char) b);
      } else {
        out.append('%').append(HEX.toHexDigits((byte) b));
      }
    }
    if (out.length() <= MAX_SEGMENT) {
      return out.toString();
    }
    return out.substring(0, KEPT) + "~" + HexFormat.of().formatHex(sha256(utf8), 0, 8);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
