package org.civictrust.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.civictrust.schemas.SchemaRegistryException.Failure;
import org.junit.jupiter.api.Test;

/** The handler's decision per fault, its backoff, and the failure it reports. */
class StreamsHealthTest {
  private static final String APP = "civictrust-test-app";

  /** A fault as a stream thread reports it: the decoder's unchecked wrapper around the registry's failure. */
  private static StreamsException registryFault(Failure failure, int status) {
    SchemaRegistryException e = new SchemaRegistryException(failure, status, OptionalInt.empty(), "GET /schemas/ids/1",
        new ConnectException("Connection refused"));
    return new StreamsException("Exception caught in process", new UncheckedIOException(e));
  }

  @Test
  void aRegistryThatDoesNotAnswerReplacesTheThreadAndNeverFailsTheApplication() {
    StreamsHealth health = new StreamsHealth(APP);
    for (StreamsException fault : new StreamsException[] {registryFault(Failure.UNREACHABLE, 0),
        registryFault(Failure.TIMEOUT, 0), registryFault(Failure.HTTP_ERROR, 503)}) {
      assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, health.handle(fault));
    }
    assertEquals(3, health.retries());
    assertFalse(health.failure().isDone());
  }

  @Test
  void aRegistryThatRefusesOrAnyOtherFaultStopsTheApplicationInError() {
    for (Throwable fault : new Throwable[] {registryFault(Failure.HTTP_ERROR, 401), registryFault(Failure.BAD_ANSWER, 200),
        new StreamsException("Exception caught in process", new IllegalStateException("a pending document no longer decodes")),
        new MissingSourceTopicException("One or more source topics were missing during rebalance"),
        new UncheckedIOException(new java.io.IOException("the node store lost a hash")), new OutOfMemoryError()}) {
      StreamsHealth health = new StreamsHealth(APP);
      health.onChange(State.RUNNING, State.REBALANCING);
      assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, health.handle(fault), fault.toString());
      assertEquals(0, health.retries());
      assertFalse(health.failure().isDone(), "not before the application is in ERROR");
      health.onChange(State.PENDING_ERROR, State.RUNNING);
      health.onChange(State.ERROR, State.PENDING_ERROR);
      StreamsHealth.Failure failure = health.failure().getNow(null);
      assertEquals(APP, failure.applicationId());
      assertEquals(StreamsHealth.Reason.UNEXPECTED_FAULT, failure.reason());
      assertSame(fault, failure.fault().orElseThrow());
      assertEquals(State.ERROR, health.state());
    }
  }

  @Test
  void errorWithoutAFaultAtTheHandlerIsAStreamsError() {
    StreamsHealth health = new StreamsHealth(APP);
    health.onChange(State.RUNNING, State.REBALANCING);
    health.onChange(State.PENDING_ERROR, State.RUNNING);
    health.onChange(State.ERROR, State.PENDING_ERROR);
    StreamsHealth.Failure failure = health.failure().getNow(null);
    assertEquals(StreamsHealth.Reason.STREAMS_ERROR, failure.reason());
    assertTrue(failure.fault().isEmpty());
  }

  @Test
  void aNormalCloseIsNoFailure() {
    StreamsHealth health = new StreamsHealth(APP);
    health.onChange(State.RUNNING, State.REBALANCING);
    health.onChange(State.PENDING_SHUTDOWN, State.RUNNING);
    health.onChange(State.NOT_RUNNING, State.PENDING_SHUTDOWN);
    assertFalse(health.failure().isDone());
  }

  @Test
  void aFailureFutureHandedOutCannotCompleteAnothers() {
    StreamsHealth health = new StreamsHealth(APP);
    CompletableFuture<StreamsHealth.Failure> mine = health.failure();
    mine.cancel(true);
    assertFalse(health.failure().isDone());
  }

  @Test
  void theBackoffDoublesFromOneSecondUpToThirtySeconds() {
    assertEquals(1_000, StreamsHealth.backoffMillis(1));
    assertEquals(2_000, StreamsHealth.backoffMillis(2));
    assertEquals(16_000, StreamsHealth.backoffMillis(5));
    assertEquals(30_000, StreamsHealth.backoffMillis(6));
    assertEquals(30_000, StreamsHealth.backoffMillis(Integer.MAX_VALUE));
  }

  @Test
  void aRunningApplicationWaitsTheBackoffBeforeTheThreadIsReplaced() {
    StreamsHealth health = new StreamsHealth(APP);
    health.onChange(State.RUNNING, State.REBALANCING);
    long start = System.nanoTime();
    assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, health.handle(registryFault(Failure.UNREACHABLE, 0)));
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(StreamsHealth.FIRST_BACKOFF_MILLIS).toNanos(),
        "waited the first backoff");
  }

  @Test
  void closingTheApplicationEndsTheWait() throws Exception {
    StreamsHealth health = new StreamsHealth(APP);
    for (int i = 0; i < 5; i++) {
      health.handle(registryFault(Failure.UNREACHABLE, 0)); // not running yet: no wait, but the backoff grows
    }
    health.onChange(State.RUNNING, State.REBALANCING);
    CompletableFuture<StreamThreadExceptionResponse> waiting = new CompletableFuture<>();
    Thread thread = new Thread(() -> waiting.complete(health.handle(registryFault(Failure.UNREACHABLE, 0))));
    thread.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (thread.getState() != Thread.State.TIMED_WAITING) {
      assertTrue(System.nanoTime() < deadline, "the handler is waiting");
      Thread.onSpinWait();
    }
    // The sixth wait is 30 s; closing must end it long before.
    health.onChange(State.PENDING_SHUTDOWN, State.RUNNING);
    assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, waiting.get(10, TimeUnit.SECONDS));
    assertEquals(6, health.retries());
  }

  @Test
  void aCycleOfCausesEnds() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertFalse(StreamsHealth.isDependencyOutage(a));
    StreamsHealth.Failure failure = new StreamsHealth.Failure(APP, StreamsHealth.Reason.UNEXPECTED_FAULT,
        java.util.Optional.of(a));
    assertFalse(failure.summary().isEmpty());
  }

  @Test
  void theSummaryIsOneLineNamingTheApplicationAndReason() {
    StreamsHealth.Failure failure = new StreamsHealth.Failure(APP, StreamsHealth.Reason.UNEXPECTED_FAULT,
        java.util.Optional.of(new StreamsException("process\nfailed", new IllegalStateException("line 1\nline 2"))));
    String summary = failure.summary();
    assertFalse(summary.contains("\n"), summary);
    assertTrue(summary.contains(APP) && summary.contains("UNEXPECTED_FAULT"), summary);
  }
}
