package org.civictrust.kv.server.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.civictrust.kv.Change;
import org.civictrust.kv.ChangeBatch;

/**
 * The latest changes a peer applied, in memory, for the change stream: at most {@code capacity}
 * changes, oldest dropped first. It holds every change with index above {@link #coveredAfter()}; a
 * question about older changes is answered with a reset. It starts empty after a restart or a snapshot
 * install, covering from the state's applied index. Not thread-safe.
 */
final class ChangeLog {
  private final int capacity;
  private final ArrayDeque<Change> changes = new ArrayDeque<>();
  private long coveredAfter;

  ChangeLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** Drops every change: the log now covers only what is applied after {@code appliedIndex}. */
  void reset(long appliedIndex) {
    changes.clear();
    coveredAfter = appliedIndex;
  }

  /** Appends the changes of one applied command, in order. */
  void append(List<Change> applied) {
    changes.addAll(applied);
    while (changes.size() > capacity) {
      coveredAfter = Math.max(coveredAfter, changes.pollFirst().index());
      while (!changes.isEmpty() && changes.peekFirst().index() <= coveredAfter) {
        changes.pollFirst();
      }
    }
  }

  long coveredAfter() {
    return coveredAfter;
  }

  /** Whether some change has an index above {@code since}. */
  boolean hasChangesAfter(long since) {
    return !changes.isEmpty() && changes.peekLast().index() > since;
  }

  /**
   * The changes after {@code since}: at most {@code max} of them, but never splitting the changes of
   * one command; a reset if some of them are no longer (or were never) held here.
   */
  ChangeBatch since(long since, int max, long appliedIndex) {
    if (since < coveredAfter || since > appliedIndex) {
      return new ChangeBatch(true, List.of(), appliedIndex, appliedIndex);
    }
    List<Change> newer = new ArrayList<>();
    for (Iterator<Change> it = changes.descendingIterator(); it.hasNext(); ) {
      Change change = it.next();
      if (change.index() <= since) {
        break;
      }
      newer.add(change);
    }
    Collections.reverse(newer);
    if (newer.size() <= max) {
      return new ChangeBatch(false, newer, appliedIndex, appliedIndex);
    }
    int end = Math.max(1, max);
    long lastIndex = newer.get(end - 1).index();
    while (end < newer.size() && newer.get(end).index() == lastIndex) {
      end++;
    }
    return new ChangeBatch(false, newer.subList(0, end), lastIndex, appliedIndex);
  }
}
