package org.civictrust.kv;

import java.util.Objects;

/**
 * The outcome of one command, as the store recorded it when it applied the command. A retry of the
 * same command (same request id, same bytes) returns this same result, {@code logIndex} included.
 *
 * @param reason {@link ReasonCode#OK} or why nothing changed
 * @param version the target record's version after the command (on OK), or its current version (0 if
 *     absent) when the command was refused
 * @param logIndex the Raft log index at which the command was applied
 * @param detail a short explanation for people; never parse it, switch on {@code reason}
 */
public record KvResult(ReasonCode reason, long version, long logIndex, String detail) {
  /** The longest detail kept, in characters. */
  public static final int MAX_DETAIL = 256;

  /**
   * Validates the result.
   *
   * @throws IllegalArgumentException if the version or index is negative
   */
  public KvResult {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    if (version < 0 || logIndex < 0) {
      throw new IllegalArgumentException("version and logIndex are not negative");
    }
    if (detail.length() > MAX_DETAIL) {
      detail = detail.substring(0, MAX_DETAIL);
    }
  }

  /** Whether the command was applied. */
  public boolean ok() {
    return reason == ReasonCode.OK;
  }
}
