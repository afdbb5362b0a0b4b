package org.civictrust.issuance;

import java.util.Objects;

/**
 * An issuer registry file could not be loaded; {@link #problem()} says why, stably, and the message
 * names the place in the file ({@code issuers[0].keys[1].state}). Messages never echo secret key text.
 */
public final class RegistryConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a registry file was refused. Names are stable. */
  public enum Problem {
    /** The registry file does not exist, cannot be read, or is larger than {@link IssuerRegistryFile#MAX_FILE_SIZE}. */
    UNREADABLE,
    /** Not one JSON object: bad syntax, duplicate names, trailing data. */
    MALFORMED_JSON,
    /** A required field is missing. */
    MISSING_FIELD,
    /** A field the format does not define. */
    UNKNOWN_FIELD,
    /** A field of the wrong JSON type, empty, or out of range (e.g. a maximum validity that is not a positive ISO-8601 duration). */
    INVALID_VALUE,
    /** A key state other than {@code active}, {@code retiring}, {@code revoked}. */
    UNKNOWN_STATE,
    /** A signer-key file that does not exist or cannot be read. */
    KEY_FILE_UNREADABLE,
    /** Key text that is not a valid signer or verifier key, or a key with more than one source. */
    INVALID_KEY,
    /** A key named otherwise than its issuer, or whose key ID differs from the {@code keyId} written beside it. */
    KEY_MISMATCH,
    /** An issuer id or a key ID listed twice. */
    DUPLICATE,
    /** An active key given without its signer key. */
    ACTIVE_KEY_WITHOUT_SIGNER
  }

  private final Problem problem;

  /** A failure for {@code problem}; {@code message} names the place. */
  public RegistryConfigException(Problem problem, String message) {
    super(Objects.requireNonNull(problem, "problem") + ": " + message);
    this.problem = problem;
  }

  /** A failure for {@code problem} caused by {@code cause}. */
  public RegistryConfigException(Problem problem, String message, Throwable cause) {
    super(Objects.requireNonNull(problem, "problem") + ": " + message, cause);
    this.problem = problem;
  }

  /** The stable reason. */
  public Problem problem() {
    return problem;
  }
}
