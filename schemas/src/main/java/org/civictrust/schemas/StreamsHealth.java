package org.civictrust.schemas;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uncaught-exception handler and the state listener of one Kafka Streams application, so that an
 * application that dies after start does not go unnoticed. {@link #watch} installs both on a
 * {@code KafkaStreams} before it starts; every CivicTrust application uses it. It logs each state
 * transition and each fault with the application id, and {@link #failure()} completes once the
 * application is in {@code ERROR}, for the process to report and exit non-zero.
 *
 * <p>The response depends on the fault:
 * <ul>
 *   <li><b>A dependency that does not answer now</b> (a {@link SchemaRegistryException} that is
 *       {@linkplain SchemaRegistryException#retriable() retriable} anywhere in the cause chain: the
 *       schema registry is down, times out or answers 5xx) makes the application wait and resume. The
 *       failing stream thread waits a backoff ({@value #FIRST_BACKOFF_MILLIS} ms, doubling up to
 *       {@value #MAX_BACKOFF_MILLIS} ms; it starts again from the first once {@value #RESET_AFTER_MILLIS} ms
 *       pass without such a fault), then is replaced ({@code REPLACE_THREAD}). Under
 *       {@code exactly_once_v2} the failed thread's transaction is aborted and the replacement resumes
 *       its tasks from their last commit: the record that met the outage is read again, nothing is lost,
 *       nothing is applied twice, and nothing is rejected because of the outage. Waiting on the failing
 *       thread, before it hands its tasks over, is what keeps this from spinning (a replacement would
 *       otherwise fail at once on the same record); the wait ends early when the application is closed.
 *       Streams keeps the failed thread's group membership when it replaces it, so the replacement gets
 *       the tasks once that membership lapses: each attempt takes the backoff plus the consumer session
 *       timeout (10 s in CivicTrust's settings), which is also how long processing lags behind the
 *       registry's return at most, besides the backoff.
 *   <li><b>Any other fault</b> (a bug, state that no longer decodes, a deleted source topic, Kafka out of
 *       reach for longer than Streams' own {@code task.timeout.ms}) moves the application to {@code
 *       ERROR} ({@code SHUTDOWN_CLIENT}): replacing the thread would repeat the fault forever behind a
 *       healthy-looking state. {@link #failure()} then says which application, why ({@link Reason}) and
 *       the fault itself.
 * </ul>
 *
 * <p>Why the thread is replaced rather than the record retried inside the processor: a stream thread
 * held in a processor longer than the transaction timeout (10 s under exactly-once) gets its transaction
 * aborted and its producer fenced, one held longer than {@code max.poll.interval.ms} is dropped from its
 * group, and {@code KafkaStreams.close()} cannot interrupt it. Replacing the thread reaches the same end
 * (the record is processed again after the outage) through the path Streams provides, whatever the
 * length of the outage. Why not {@code SHUTDOWN_APPLICATION}: an unexpected fault is reported by the
 * instance that met it; stopping the other instances of the group is for their operators to decide.
 *
 * <p>Thread-safe: Streams calls the handler on its stream threads and the listener on whichever thread
 * changes the state.
 */
public final class StreamsHealth {
  /** The first wait after a dependency outage, in milliseconds. */
  public static final long FIRST_BACKOFF_MILLIS = 1_000;
  /** The longest wait between two attempts while a dependency stays out, in milliseconds. */
  public static final long MAX_BACKOFF_MILLIS = 30_000;
  /** After this long without an outage fault, the backoff starts again from the first, in milliseconds. */
  public static final long RESET_AFTER_MILLIS = 2 * MAX_BACKOFF_MILLIS;
  /** How deep a cause chain is searched for a dependency outage. */
  private static final int MAX_CAUSES = 32;

  /** Why an application is in {@code ERROR}. Names are stable codes; never reused. */
  public enum Reason {
    /** A stream thread met a fault that is not a dependency outage; the handler stopped the application. */
    UNEXPECTED_FAULT,
    /**
     * Kafka Streams moved the application to {@code ERROR} without a fault reaching the handler (its global
     * thread died, or another instance of the application asked every instance to shut down).
     */
    STREAMS_ERROR
  }

  /**
   * An application in {@code ERROR}.
   *
   * @param applicationId the Streams application id
   * @param reason why
   * @param fault the fault the handler stopped the application for; empty for {@link Reason#STREAMS_ERROR}
   */
  public record Failure(String applicationId, Reason reason, Optional<Throwable> fault) {
    public Failure {
      Objects.requireNonNull(applicationId, "applicationId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(fault, "fault");
    }

    /**
     * One line for an operator: the application, the reason code and the innermost cause of the fault
     * (its class and message, control characters replaced), e.g. {@code the Kafka Streams application
     * civictrust-issuance is in ERROR (UNEXPECTED_FAULT): MissingSourceTopicException: ...}.
     */
    public String summary() {
      String cause = fault.map(StreamsHealth::innermost).map(t -> ": " + t.getClass().getSimpleName()
          + (t.getMessage() == null ? "" : ": " + t.getMessage())).orElse("");
      return ("the Kafka Streams application " + applicationId + " is in ERROR (" + reason + ")" + cause)
          .replaceAll("\\p{Cntrl}+", " ");
    }
  }

  private final String applicationId;
  private final Logger log = LoggerFactory.getLogger(StreamsHealth.class);
  private final CompletableFuture<Failure> failure = new CompletableFuture<>();
  private final AtomicLong retries = new AtomicLong();
  private final Object lock = new Object();
  private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
  /** Outage faults in a row (guarded by lock). */
  private int consecutive;
  /** When the last outage fault came, System.nanoTime (guarded by lock). */
  private long lastOutageNanos;
  /** The fault the handler stopped the application for (guarded by lock). */
  private Throwable fatal;

  StreamsHealth(String applicationId) {
    this.applicationId = Objects.requireNonNull(applicationId, "applicationId");
  }

  /**
   * Installs a new watch as {@code streams}' uncaught-exception handler and state listener (replacing any
   * set before) and returns it. Requires {@code streams} not started yet.
   *
   * @param applicationId the application's {@code application.id}, named in logs and failures
   * @throws IllegalStateException if {@code streams} has been started
   */
  public static StreamsHealth watch(KafkaStreams streams, String applicationId) {
    Objects.requireNonNull(streams, "streams");
    StreamsHealth health = new StreamsHealth(applicationId);
    streams.setUncaughtExceptionHandler(health::handle);
    streams.setStateListener(health::onChange);
    return health;
  }

  /** The application id. */
  public String applicationId() {
    return applicationId;
  }

  /** The application's latest state seen by the listener. */
  public KafkaStreams.State state() {
    return state;
  }

  /** How many times a dependency outage made a stream thread wait and be replaced. */
  public long retries() {
    return retries.get();
  }

  /**
   * Completes once the application is in {@code ERROR}; never completes otherwise (not on a normal close).
   * Each call returns a new future: completing or cancelling it affects no one else.
   */
  public CompletableFuture<Failure> failure() {
    return failure.copy();
  }

  /** The uncaught-exception handler's decision; waits first for a dependency outage (see the class comment). */
  StreamThreadExceptionResponse handle(Throwable fault) {
    if (isDependencyOutage(fault)) {
      long wait = nextBackoffMillis();
      retries.incrementAndGet();
      log.warn("{}: a dependency does not answer ({}); the stream thread waits {} ms and is replaced, its tasks "
          + "resume from their last commit", applicationId, describe(innermostOutage(fault)), wait);
      awaitBackoff(wait);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    synchronized (lock) {
      if (fatal == null) {
        fatal = fault;
      }
    }
    log.error("{}: unexpected fault in a stream thread; the application stops in ERROR", applicationId, fault);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** The state listener: logs the transition, wakes a waiting handler on close, completes the failure on ERROR. */
  void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
    state = newState;
    if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.PENDING_ERROR) {
      log.error("{}: {} -> {}", applicationId, oldState, newState);
    } else {
      log.info("{}: {} -> {}", applicationId, oldState, newState);
    }
    if (!newState.isRunningOrRebalancing()) {
      synchronized (lock) {
        lock.notifyAll();
      }
    }
    if (newState == KafkaStreams.State.ERROR) {
      Throwable fault;
      synchronized (lock) {
        fault = fatal;
      }
      failure.complete(new Failure(applicationId, fault == null ? Reason.STREAMS_ERROR : Reason.UNEXPECTED_FAULT,
          Optional.ofNullable(fault)));
    }
  }

  /** Whether {@code fault} was caused by a dependency that does not answer now (see the class comment). */
  static boolean isDependencyOutage(Throwable fault) {
    return innermostOutage(fault) != null;
  }

  private static SchemaRegistryException innermostOutage(Throwable fault) {
    SchemaRegistryException found = null;
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = fault; t != null && seen.size() < MAX_CAUSES && seen.add(t); t = t.getCause()) {
      if (t instanceof SchemaRegistryException e && e.retriable()) {
        found = e;
      }
    }
    return found;
  }

  /** The wait before the {@code attempt}-th replacement in a row (from 1): doubling, capped. */
  static long backoffMillis(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt " + attempt + " < 1");
    }
    return Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 20));
  }

  private long nextBackoffMillis() {
    synchronized (lock) {
      long now = System.nanoTime();
      if (consecutive > 0 && now - lastOutageNanos > Duration.ofMillis(RESET_AFTER_MILLIS).toNanos()) {
        consecutive = 0;
      }
      lastOutageNanos = now;
      consecutive = Math.min(consecutive + 1, 1_000);
      return backoffMillis(consecutive);
    }
  }

  /** Waits {@code millis}, or less if the application leaves RUNNING/REBALANCING (closing, failing). */
  private void awaitBackoff(long millis) {
    long deadline = System.nanoTime() + Duration.ofMillis(millis).toNanos();
    synchronized (lock) {
      long left;
      while (state.isRunningOrRebalancing() && (left = deadline - System.nanoTime()) > 0) {
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static Throwable innermost(Throwable fault) {
    Throwable last = fault;
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = fault; t != null && seen.size() < MAX_CAUSES && seen.add(t); t = t.getCause()) {
      last = t;
    }
    return last;
  }

  private static String describe(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
