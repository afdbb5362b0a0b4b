package org.civictrust.monitor.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Suppression of repeated alerts for the same cause, by a key naming the cause. A <em>windowed</em>
 * cause is raised at most once per window; a <em>sticky</em> cause (a condition such as "unreachable")
 * is raised once and then held until {@link #clear} says the condition ended. Repeats are counted and
 * the count travels with the next alert raised for that cause. At most {@value #MAX_CAUSES} causes are
 * remembered (least recently raised forgotten first). Time is a parameter, never read from a clock.
 */
public final class Alerts {
  /** The most causes remembered. */
  public static final int MAX_CAUSES = 256;

  private record Cause(long windowEnd, long suppressed, boolean sticky) {}

  private final LinkedHashMap<String, Cause> causes = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cause> eldest) {
      return size() > MAX_CAUSES;
    }
  };

  /**
   * Whether an alert for {@code cause} at {@code now} is raised: returns how many repeats were
   * suppressed since the last raised one ({@code >= 0}), or -1 if this one is suppressed too.
   */
  public long raise(String cause, long now, long windowMillis, boolean sticky) {
    Cause previous = causes.get(cause);
    if (previous != null && (previous.sticky || now < previous.windowEnd)) {
      causes.put(cause, new Cause(previous.windowEnd, previous.suppressed + 1, previous.sticky));
      return -1;
    }
    causes.put(cause, new Cause(saturatedAdd(now, windowMillis), 0, sticky));
    return previous == null ? 0 : previous.suppressed;
  }

  /** The condition behind a sticky {@code cause} ended: its next alert is raised at once. */
  public void clear(String cause) {
    causes.remove(cause);
  }

  /** Whether {@code cause} is an active sticky condition. */
  public boolean isActive(String cause) {
    Cause current = causes.get(cause);
    return current != null && current.sticky;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** Writes the remembered causes, oldest first. */
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(causes.size());
    for (Map.Entry<String, Cause> entry : causes.entrySet()) {
      out.writeUTF(entry.getKey());
      out.writeLong(entry.getValue().windowEnd);
      out.writeLong(entry.getValue().suppressed);
      out.writeBoolean(entry.getValue().sticky);
    }
  }

  /** Reads what {@link #write} wrote into this (empty) instance. */
  public void read(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > MAX_CAUSES) {
      throw new IOException("bad cause count " + count);
    }
    for (int i = 0; i < count; i++) {
      causes.put(in.readUTF(), new Cause(in.readLong(), in.readLong(), in.readBoolean()));
    }
  }
}
