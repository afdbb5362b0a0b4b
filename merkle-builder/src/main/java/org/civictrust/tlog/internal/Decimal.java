package org.civictrust.tlog.internal;

import org.civictrust.tlog.Reason;
import org.civictrust.tlog.VerificationException;

/**
 * Strict parsing of the ASCII decimal numbers in checkpoints and proofs (C2SP tlog-checkpoint, "Note
 * text", item 2; C2SP tlog-proof, "Format"): {@code 0|[1-9][0-9]*}, no sign, no leading zero, no
 * whitespace, fitting in unsigned 64 bits. {@link Long#parseLong} accepts {@code +5}, {@code 007} and
 * non-ASCII digits, so it is only ever called here on text already checked digit by digit.
 *
 * <p>This implementation represents sizes and indexes as {@code long}, so values from 2^63 to 2^64 - 1
 * are grammatical but rejected as beyond this implementation's limit. For use by
 * {@code org.civictrust.tlog} only.
 */
public final class Decimal {
  /** More digits than 2^64 - 1 has (20) are rejected before any arithmetic. */
  private static final int MAX_DIGITS = 20;

  private Decimal() {}

  /**
   * Parses {@code text} as a decimal in {@code [0, 2^63 - 1]}; {@code what} names the field in
   * messages.
   *
   * @throws VerificationException with {@link Reason#MALFORMED} if {@code text} is not
   *     {@code 0|[1-9][0-9]*}, or is not below 2^64, or is 2^63 or more
   */
  public static long parseUint63(String text, String what) throws VerificationException {
    if (text.isEmpty()) {
      throw new VerificationException(Reason.MALFORMED, what + " is empty");
    }
    if (text.length() > MAX_DIGITS) {
      throw new VerificationException(Reason.MALFORMED, what + " has more than 20 digits");
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
    long value;
    try {
      value = Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw new VerificationException(Reason.MALFORMED, what + " " + text + " does not fit in 64 bits");
    }
    if (value < 0) {
      throw new VerificationException(
          Reason.MALFORMED,
          what + " " + text + " exceeds this implementation's limit of 2^63-1 (" + Long.MAX_VALUE + ")");
    }
    return value;
  }
}
