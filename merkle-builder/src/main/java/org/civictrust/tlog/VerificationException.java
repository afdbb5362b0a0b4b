package org.civictrust.tlog;

import java.util.Objects;
import org.civictrust.text.MalformedTextException;

/**
 * A verification failed closed. Carries a stable {@link Reason} and a message that holds the evidence
 * (the indexes, sizes and hashes that did not fit); callers decide on the reason, humans read the
 * message.
 */
public final class VerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Reason reason;

  /** A failure for {@code reason}, with {@code message} stating the evidence. */
  public VerificationException(Reason reason, String message) {
    super(Objects.requireNonNull(reason, "reason") + ": " + message);
    this.reason = reason;
  }

  /** A failure for {@code reason} caused by {@code cause}. */
  public VerificationException(Reason reason, String message, Throwable cause) {
    super(Objects.requireNonNull(reason, "reason") + ": " + message, cause);
    this.reason = reason;
  }

  /**
   * A {@link Reason#MALFORMED} failure for text that broke its grammar, with the parser's message (which
   * names the field and the rule, never the input).
   */
  public static VerificationException malformed(MalformedTextException cause) {
    return new VerificationException(Reason.MALFORMED, cause.getMessage(), cause);
  }

  /** The stable reason code. */
  public Reason reason() {
    return reason;
  }
}
