package org.civictrust.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** How the long-running commands ({@code up}, {@code kv up}, {@code monitor}, {@code witness}) end. */
final class UntilStopped {
  private UntilStopped() {}

  /**
   * Waits until the JVM is asked to stop (SIGINT or SIGTERM: a shutdown hook), the thread is
   * interrupted, or {@code limit} passes (null: no limit), then closes {@code running}, exactly once.
   * An interrupt is a request to stop like Ctrl-C: {@code running} is closed first, and the interrupt
   * is then kept in the thread's status.
   */
  static void run(Duration limit, AutoCloseable running) {
    run(limit, running, new CompletableFuture<Void>(), failure -> { });
  }

  /**
   * As {@link #run(Duration, AutoCloseable)}, and also stops when {@code failed} completes normally (a part
   * of {@code running} failed): {@code report} is then given its value, before {@code running} is closed.
   *
   * @return the value of {@code failed} if it completed, else empty (stopped by a signal, an interrupt or the limit)
   */
  static <F> Optional<F> run(Duration limit, AutoCloseable running, CompletableFuture<F> failed,
      Consumer<? super F> report) {
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean closed = new AtomicBoolean();
    Runnable close = () -> {
      if (closed.compareAndSet(false, true)) {
        try {
          running.close();
        } catch (Exception e) {
          throw new IllegalStateException("closing " + running + " failed", e);
        } finally {
          stopped.countDown();
        }
      }
    };
    Thread hook = new Thread(close, "civictrust-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    failed.whenComplete((value, error) -> stopped.countDown());
    boolean interrupted = false;
    Optional<F> failure = Optional.empty();
    try {
      if (limit == null) {
        stopped.await();
      } else {
        stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (failed.isDone() && !failed.isCompletedExceptionally()) {
        failure = Optional.ofNullable(failed.join());
        failure.ifPresent(report);
      }
      if (!closed.get()) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The JVM is shutting down and the hook closes; closing here too is harmless (once).
        }
        close.run();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return failure;
  }
}
