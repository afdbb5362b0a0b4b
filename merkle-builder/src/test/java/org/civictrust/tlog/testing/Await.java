package org.civictrust.tlog.testing;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waits for a condition instead of sleeping for a guessed time: observes something every
 * {@code interval} until the condition holds, and fails at the deadline naming what was awaited and
 * the last value observed.
 */
public final class Await {
  /** One observation; it may throw, as reads of a store, a worker or a bucket do (an exception ends the wait). */
  @FunctionalInterface
  public interface Probe<T> {
    T observe() throws Exception;
  }

  private Await() {}

  /**
   * Observes {@code probe} until {@code done} holds for what it returned, and returns that value. The
   * last observation is made at the deadline at the latest.
   *
   * @throws AssertionError if {@code done} does not hold within {@code timeout}: the message names
   *     {@code what} and the last value observed
   */
  public static <T> T until(String what, Duration timeout, Duration interval, Probe<T> probe, Predicate<? super T> done)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value = probe.observe();
      if (done.test(value)) {
        return value;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("waited " + timeout + " for " + what + "; last observed: " + value);
      }
      Thread.sleep(Math.max(1, Math.min(interval.toMillis(), Duration.ofNanos(left).toMillis())));
    }
  }
}
