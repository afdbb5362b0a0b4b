package org.civictrust.text;

/**
 * Text broke the grammar it was parsed against. Checked, so that a caller cannot let a parse failure
 * escape by accident: {@code org.civictrust.tlog} and the modules that verify turn it into their
 * {@code MALFORMED} reason code, command-line parsers into a usage error. The message names the field
 * (the {@code what} argument of the parser) and the rule it broke, never the rejected input, which may
 * be a secret.
 */
public final class MalformedTextException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public MalformedTextException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public MalformedTextException(String message, Throwable cause) {
    super(message, cause);
  }
}
