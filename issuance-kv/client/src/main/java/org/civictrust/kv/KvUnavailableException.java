package org.civictrust.kv;

/**
 * The store did not answer in time: no leader could be reached, or every attempt failed, until the
 * client's deadline. For a command the outcome is unknown: it may have been applied. Sending the same
 * command again (same request id) is always safe: it is applied at most once and the retry returns
 * the original result.
 */
public final class KvUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception with a message saying what was tried. */
  public KvUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
