package org.civictrust.connect.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The grammar of archive keys: relative, {@code /}-separated, each segment non-empty, of
 * {@code A-Z a-z 0-9 . _ - % ~}, and not starting with a dot (so never {@code .} or {@code ..}, and
 * the dot names stay the store's own: temporary files, locks).
 */
public final class Keys {
  private static final String SEGMENT = "[A-Za-z0-9_%~-][A-Za-z0-9._%~-]*";
  private static final Pattern KEY = Pattern.compile(SEGMENT + "(/" + SEGMENT + ")*");

  private Keys() {}

  /**
   * Returns {@code key} if it is a key.
   *
   * @throws IllegalArgumentException if it is not
   */
  public static String check(String key) {
    Objects.requireNonNull(key, "key");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("not an archive key: " + key);
    }
    return key;
  }

  /**
   * Returns {@code prefix} if it is "" or a key followed by {@code /}.
   *
   * @throws IllegalArgumentException if it is not
   */
  public static String checkPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.isEmpty() && (!prefix.endsWith("/") || !KEY.matcher(prefix.substring(0, prefix.length() - 1)).matches())) {
      throw new IllegalArgumentException("not an archive key prefix: " + prefix);
    }
    return prefix;
  }
}
