package org.civictrust.kv.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a {@link RegisterHistory} for linearizability: is there one order of all operations,
 * consistent with real time (an operation that returned before another was invoked comes first), in
 * which every observed outcome is what the register model gives? The Wing &amp; Gong search with
 * Lowe's memoization (as in Knossos' "wgl" and Porcupine): walk the events in time order, tentatively
 * linearize each call whose outcome the model allows, backtrack on a return whose call is not yet
 * linearized, and never revisit a (set of linearized operations, model state) pair. Registers are
 * independent, so each key is checked on its own (linearizability is compositional). Operations with
 * an unknown outcome get a response at infinity, so they may be linearized anywhere after their call
 * (at the very end: as if they never happened).
 */
final class LinearizabilityChecker {
  private LinearizabilityChecker() {}

  /** The first key whose history is not linearizable, with a description; empty if all are. */
  static Optional<String> check(RegisterHistory history) {
    for (Map.Entry<String, List<RegisterHistory.Op>> entry : history.byKey().entrySet()) {
      if (!linearizable(entry.getValue())) {
        return Optional.of("key " + entry.getKey() + ": no linearization of " + entry.getValue().size() + " ops: "
            + describe(entry.getValue()));
      }
    }
    return Optional.empty();
  }

  private static final class Event {
    final boolean call;
    final int op;
    final long time;
    Event match;
    Event prev;
    Event next;

    Event(boolean call, int op, long time) {
      this.call = call;
      this.op = op;
      this.time = time;
    }
  }

  private record Memo(BitSet linearized, RegisterHistory.State state) {}

  private record Frame(Event call, RegisterHistory.State state) {}

  /** Whether one register's operations are linearizable. */
  static boolean linearizable(List<RegisterHistory.Op> ops) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      Event call = new Event(true, i, ops.get(i).invoked());
      Event ret = new Event(false, i, ops.get(i).returned());
      call.match = ret;
      ret.match = call;
      events.add(call);
      events.add(ret);
    }
    // Time order; at equal times calls first (overlapping is the weaker claim, so never a false alarm).
    events.sort((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Boolean.compare(b.call, a.call));
    Event head = new Event(true, -1, Long.MIN_VALUE);
    Event last = head;
    for (Event event : events) {
      last.next = event;
      event.prev = last;
      last = event;
    }
    BitSet linearized = new BitSet(ops.size());
    Set<Memo> seen = new HashSet<>();
    Deque<Frame> stack = new ArrayDeque<>();
    RegisterHistory.State state = RegisterHistory.State.ABSENT;
    Event entry = head.next;
    while (head.next != null) {
      if (entry.call) {
        RegisterHistory.State next = RegisterHistory.step(state, ops.get(entry.op));
        boolean advanced = false;
        if (next != null) {
          BitSet candidate = (BitSet) linearized.clone();
          candidate.set(entry.op);
          if (seen.add(new Memo(candidate, next))) {
            stack.push(new Frame(entry, state));
            state = next;
            linearized.set(entry.op);
            lift(entry);
            entry = head.next;
            advanced = true;
          }
        }
        if (!advanced) {
          entry = entry.next;
        }
      } else {
        if (stack.isEmpty()) {
          return false;
        }
        Frame frame = stack.pop();
        state = frame.state();
        linearized.clear(frame.call().op);
        unlift(frame.call());
        entry = frame.call().next;
      }
    }
    return true;
  }

  /** Takes a call and its return out of the event list. */
  private static void lift(Event call) {
    call.prev.next = call.next;
    if (call.next != null) {
      call.next.prev = call.prev;
    }
    Event ret = call.match;
    ret.prev.next = ret.next;
    if (ret.next != null) {
      ret.next.prev = ret.prev;
    }
  }

  /** Puts them back, in the reverse order. */
  private static void unlift(Event call) {
    Event ret = call.match;
    ret.prev.next = ret;
    if (ret.next != null) {
      ret.next.prev = ret;
    }
    call.prev.next = call;
    if (call.next != null) {
      call.next.prev = call;
    }
  }

  private static String describe(List<RegisterHistory.Op> ops) {
    StringBuilder text = new StringBuilder();
    for (RegisterHistory.Op op : ops.subList(0, Math.min(ops.size(), 40))) {
      text.append("\n  ").append(op);
    }
    return text.toString();
  }
}
