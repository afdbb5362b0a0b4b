package org.civictrust.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
    boolean interrupted = false;
    try {
      if (limit == null) {
        stopped.await();
      } else {
        stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (stopped.getCount() > 0) {
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
  }
}
