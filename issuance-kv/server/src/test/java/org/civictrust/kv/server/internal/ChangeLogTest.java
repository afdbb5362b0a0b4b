package org.civictrust.kv.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.civictrust.kv.Change;
import org.civictrust.kv.ChangeBatch;
import org.civictrust.kv.WatermarkRecord;
import org.junit.jupiter.api.Test;

class ChangeLogTest {
  private static Change change(long index, String origin) {
    return Change.of(index, new WatermarkRecord(origin, index, 0, 1));
  }

  @Test
  void answersTheChangesAfterAnIndexInOrder() {
    ChangeLog log = new ChangeLog(100);
    log.reset(10);
    log.append(List.of(change(11, "a")));
    log.append(List.of(change(12, "a"), change(12, "b")));
    ChangeBatch batch = log.since(11, 100, 13);
    assertFalse(batch.reset());
    assertEquals(2, batch.changes().size());
    assertEquals(13, batch.nextIndex());
    assertEquals(0, log.since(13, 100, 13).changes().size());
  }

  @Test
  void aQuestionBeforeWhatItHoldsIsAReset() {
    ChangeLog log = new ChangeLog(100);
    log.reset(10);
    assertTrue(log.since(9, 100, 10).reset());
    assertTrue(log.since(11, 100, 10).reset(), "an index beyond the applied one");
    assertFalse(log.since(10, 100, 10).reset());
  }

  @Test
  void dropsTheOldestChangesBeyondItsCapacityWholeCommandsAtATime() {
    ChangeLog log = new ChangeLog(3);
    log.reset(0);
    log.append(List.of(change(1, "a"), change(1, "b")));
    log.append(List.of(change(2, "a"), change(2, "b")));
    assertEquals(1, log.coveredAfter());
    assertTrue(log.since(0, 100, 2).reset());
    assertEquals(2, log.since(1, 100, 2).changes().size());
  }

  @Test
  void limitsABatchWithoutSplittingACommand() {
    ChangeLog log = new ChangeLog(100);
    log.reset(0);
    log.append(List.of(change(1, "a")));
    log.append(List.of(change(2, "a"), change(2, "b"), change(2, "c")));
    log.append(List.of(change(3, "a")));
    ChangeBatch batch = log.since(0, 2, 3);
    assertEquals(4, batch.changes().size());
    assertEquals(2, batch.nextIndex());
    assertEquals(1, log.since(batch.nextIndex(), 2, 3).changes().size());
  }
}
