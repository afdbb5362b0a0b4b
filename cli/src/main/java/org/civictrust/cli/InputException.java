package org.civictrust.cli;

/** Bad usage or unreadable input: the command exits 2 and prints the message on stderr. */
final class InputException extends Exception {
  private static final long serialVersionUID = 1L;

  InputException(String message) {
    super(message);
  }

  InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
