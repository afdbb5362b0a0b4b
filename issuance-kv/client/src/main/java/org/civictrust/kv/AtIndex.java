package org.civictrust.kv;

import java.util.Objects;

/**
 * A value read from the store with the log index it reflects: the answering peer had applied exactly
 * the commands up to {@code appliedIndex} when it read {@code value}.
 *
 * @param appliedIndex the answering peer's last applied log index
 * @param value what was read
 * @param <T> the type of value
 */
public record AtIndex<T>(long appliedIndex, T value) {
  /**
   * Validates the pair.
   *
   * @throws IllegalArgumentException if the index is negative
   */
  public AtIndex {
    Objects.requireNonNull(value, "value");
    if (appliedIndex < 0) {
      throw new IllegalArgumentException("appliedIndex must not be negative");
    }
  }
}
