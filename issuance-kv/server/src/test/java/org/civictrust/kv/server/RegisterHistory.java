package org.civictrust.kv.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A history of concurrent operations on versioned registers (one register per key), as clients saw
 * them: invocation and response times from one monotonic clock, the operation and its observed
 * outcome. An operation whose outcome is unknown (the client gave up) has no response: it may have
 * taken effect at any time after its invocation, or never.
 *
 * <p>The register model matches the store's issuer records: a register holds a version (0: absent)
 * and a value. WRITE sets the value unconditionally and returns the new version; CAS sets it only if
 * the version is the expected one and otherwise reports the current version; READ returns version and
 * value.
 */
final class RegisterHistory {
  /** The kinds of operation. */
  enum Kind { WRITE, CAS, READ }

  /**
   * One operation.
   *
   * @param client who ran it
   * @param key the register
   * @param kind what it did
   * @param expectedVersion for CAS, the expected version
   * @param value for WRITE and CAS, the value written; for READ, the value read (-1: absent)
   * @param ok for CAS, whether it applied; WRITE and READ always true when known
   * @param version the version returned: new version (WRITE, applied CAS), current version (refused
   *     CAS), version read (READ, 0 if absent)
   * @param invoked invocation time, nanoseconds
   * @param returned response time, or {@link Long#MAX_VALUE} if the outcome is unknown
   */
  record Op(int client, String key, Kind kind, long expectedVersion, long value, boolean ok, long version, long invoked,
      long returned) {
    boolean unknown() {
      return returned == Long.MAX_VALUE;
    }
  }

  /** The register's state in the model. */
  record State(long version, long value) {
    static final State ABSENT = new State(0, -1);
  }

  private final List<Op> ops = Collections.synchronizedList(new ArrayList<>());

  void add(Op op) {
    ops.add(Objects.requireNonNull(op));
  }

  List<Op> ops() {
    synchronized (ops) {
      return List.copyOf(ops);
    }
  }

  /** The operations by key. */
  Map<String, List<Op>> byKey() {
    Map<String, List<Op>> byKey = new TreeMap<>();
    for (Op op : ops()) {
      byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    }
    return byKey;
  }

  /**
   * The state after {@code op} from {@code state}, or null if {@code op}'s observed outcome is
   * impossible from {@code state}. An operation with an unknown outcome is possible from any state
   * and has the effect it would have had.
   */
  static State step(State state, Op op) {
    switch (op.kind()) {
      case WRITE:
        if (op.unknown()) {
          return new State(state.version() + 1, op.value());
        }
        return op.version() == state.version() + 1 ? new State(op.version(), op.value()) : null;
      case CAS:
        if (op.unknown()) {
          return op.expectedVersion() == state.version() ? new State(state.version() + 1, op.value()) : state;
        }
        if (op.ok()) {
          return state.version() == op.expectedVersion() && op.version() == state.version() + 1
              ? new State(op.version(), op.value()) : null;
        }
        return state.version() != op.expectedVersion() && state.version() == op.version() ? state : null;
      case READ:
        if (op.unknown()) {
          return state;
        }
        return state.version() == op.version() && state.value() == op.value() ? state : null;
      default:
        throw new IllegalStateException("unknown kind");
    }
  }
}
