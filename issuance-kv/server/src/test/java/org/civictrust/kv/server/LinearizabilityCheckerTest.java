package org.civictrust.kv.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.civictrust.kv.server.RegisterHistory.Kind;
import org.civictrust.kv.server.RegisterHistory.Op;
import org.junit.jupiter.api.Test;

/** The checker accepts linearizable histories and catches the anomalies a broken store would show. */
class LinearizabilityCheckerTest {
  private static final long UNKNOWN = Long.MAX_VALUE;

  private static Op write(long value, long version, long from, long to) {
    return new Op(0, "k", Kind.WRITE, -1, value, true, version, from, to);
  }

  private static Op read(long value, long version, long from, long to) {
    return new Op(1, "k", Kind.READ, -1, value, true, version, from, to);
  }

  private static Op cas(long expected, long value, boolean ok, long version, long from, long to) {
    return new Op(2, "k", Kind.CAS, expected, value, ok, version, from, to);
  }

  @Test
  void acceptsASequentialHistory() {
    assertTrue(LinearizabilityChecker.linearizable(List.of(read(-1, 0, 0, 1), write(5, 1, 2, 3), read(5, 1, 4, 5),
        cas(1, 6, true, 2, 6, 7), cas(1, 7, false, 2, 8, 9), read(6, 2, 10, 11))));
  }

  @Test
  void acceptsAReadOverlappingAWriteSeeingEitherValue() {
    assertTrue(LinearizabilityChecker.linearizable(List.of(write(5, 1, 0, 10), read(5, 1, 2, 3))));
    assertTrue(LinearizabilityChecker.linearizable(List.of(write(5, 1, 0, 10), read(-1, 0, 2, 3))));
  }

  @Test
  void catchesAStaleReadAfterAnAcknowledgedWrite() {
    assertFalse(LinearizabilityChecker.linearizable(List.of(write(5, 1, 0, 1), read(-1, 0, 2, 3))));
  }

  @Test
  void catchesAWriteAppliedTwice() {
    assertFalse(LinearizabilityChecker.linearizable(List.of(write(5, 1, 0, 1), read(5, 2, 2, 3))));
  }

  @Test
  void catchesTwoWritesClaimingTheSameVersion() {
    assertFalse(LinearizabilityChecker.linearizable(List.of(write(5, 1, 0, 10), write(6, 1, 1, 11))));
  }

  @Test
  void catchesAReadThatGoesBackInTime() {
    assertFalse(LinearizabilityChecker.linearizable(List.of(write(5, 1, 0, 1), write(6, 2, 2, 20),
        read(6, 2, 3, 4), read(5, 1, 5, 6))));
  }

  @Test
  void anUnknownOutcomeMayOrMayNotHaveHappened() {
    assertTrue(LinearizabilityChecker.linearizable(List.of(write(5, 1, 0, UNKNOWN), read(5, 1, 10, 11))));
    assertTrue(LinearizabilityChecker.linearizable(List.of(write(5, 1, 0, UNKNOWN), read(-1, 0, 10, 11))));
    assertFalse(LinearizabilityChecker.linearizable(List.of(write(5, 1, 0, UNKNOWN), read(5, 1, 10, 11),
        read(-1, 0, 12, 13))), "once seen, it happened");
  }

  @Test
  void aRefusedCasMustSeeAnotherVersion() {
    assertFalse(LinearizabilityChecker.linearizable(List.of(write(5, 1, 0, 1), cas(1, 6, false, 1, 2, 3))));
    assertTrue(LinearizabilityChecker.linearizable(List.of(write(5, 1, 0, 1), cas(0, 6, false, 1, 2, 3))));
  }

  @Test
  void handlesManyConcurrentOperationsQuickly() {
    List<Op> ops = new java.util.ArrayList<>();
    long version = 0;
    for (int round = 0; round < 300; round++) {
      long t = round * 10L;
      ops.add(write(round, ++version, t, t + 15));
      ops.add(read(round, version, t + 16, t + 25));
      ops.add(new Op(3, "k", Kind.READ, -1, round, true, version, t + 14, t + 30));
    }
    long start = System.nanoTime();
    assertTrue(LinearizabilityChecker.linearizable(ops));
    assertTrue(System.nanoTime() - start < 5_000_000_000L);
  }
}
