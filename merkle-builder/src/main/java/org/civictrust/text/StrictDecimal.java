package org.civictrust.text;

import java.util.Objects;

/**
 * Strict ASCII decimals, the grammar of C2SP tlog-checkpoint ("Note text", the tree size), C2SP
 * tlog-proof (the {@code index} line) and CivicTrust's own line formats: {@code 0|[1-9][0-9]*}, no
 * sign, no leading zero, no whitespace, no non-ASCII digit. {@link Long#parseLong} accepts {@code +5},
 * {@code 007} and non-ASCII digits, so it is never called on text not checked digit by digit first.
 *
 * <p>The specs allow values up to 2^64 - 1 (20 digits); Java's {@code long} is signed, so CivicTrust
 * represents tree sizes, indexes and times as {@code long} in {@code [0, 2^63 - 1]}. Values from 2^63 to
 * 2^64 - 1 are grammatical but rejected here as beyond this implementation's limit, and any text of more
 * than 20 digits is rejected before any arithmetic.
 */
public final class StrictDecimal {
  /** The digits of 2^64 - 1, the largest value the specs' grammar allows. */
  private static final int MAX_DIGITS = 20;

  private StrictDecimal() {}

  /**
   * Parses {@code text} as a decimal {@code 0|[1-9][0-9]*} in {@code [0, 2^63 - 1]}.
   *
   * @param what names the field in the message
   * @throws MalformedTextException if {@code text} is empty, has more than 20 characters, holds
   *     anything but ASCII digits, has a leading zero, or is 2^63 or more
   */
  public static long parseUint63(String text, String what) throws MalformedTextException {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new MalformedTextException(what + " is empty");
    }
    if (text.length() > MAX_DIGITS) {
      throw new MalformedTextException(what + " has more than " + MAX_DIGITS + " digits");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new MalformedTextException(what + " is not an ASCII decimal");
      }
    }
    if (text.charAt(0) == '0' && text.length() > 1) {
      throw new MalformedTextException(what + " has a leading zero");
    }
    long value;
    try {
      value = Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw new MalformedTextException(what + " does not fit in 64 bits", e);
    }
    if (value < 0) {
      throw new MalformedTextException(what + " exceeds this implementation's limit of 2^63 - 1");
    }
    return value;
  }
}
