package org.civictrust.kv.protocol;

import java.io.IOException;
import org.civictrust.kv.ReasonCode;

/**
 * Set on a transaction whose command fails validation in {@code startTransaction} (it never reaches
 * the log). Ratis hands the client a {@code StateMachineException} carrying this message, which
 * starts with {@link #MARKER} and the reason code's name, so the client can return the reason code.
 */
public final class CommandRejectedException extends IOException {
  private static final long serialVersionUID = 1L;
  /** The text before the reason code in the message. */
  public static final String MARKER = "civictrust-kv-rejected ";

  private final ReasonCode reason;

  public CommandRejectedException(ReasonCode reason, String detail) {
    super(MARKER + reason.name() + ": " + detail);
    this.reason = reason;
  }

  public ReasonCode reason() {
    return reason;
  }

  /** The reason code named in a message that carries {@link #MARKER}, if any. */
  public static java.util.Optional<ReasonCode> reasonIn(String message) {
    if (message == null) {
      return java.util.Optional.empty();
    }
    int at = message.indexOf(MARKER);
    if (at < 0) {
      return java.util.Optional.empty();
    }
    String rest = message.substring(at + MARKER.length());
    int colon = rest.indexOf(':');
    String name = colon < 0 ? rest : rest.substring(0, colon);
    for (ReasonCode code : ReasonCode.values()) {
      if (code.name().equals(name)) {
        return java.util.Optional.of(code);
      }
    }
    return java.util.Optional.empty();
  }
}
