package org.civictrust.monitor;

/**
 * How bad an incident is. {@link #CRITICAL}: proven misbehaviour of a log, two checkpoints it validly
 * signed that cannot both be honest, with the evidence to convince anyone. {@link #WARNING}: something
 * an operator should look at that proves nothing about the log (it is unreachable or stale, a note does
 * not verify or parse, a proof could not be had).
 */
public enum Severity {
  CRITICAL("critical"),
  WARNING("warning");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  /** The lowercase form incidents carry: {@code critical} or {@code warning}. */
  public String label() {
    return label;
  }

  /**
   * The severity of a label.
   *
   * @throws IllegalArgumentException for anything but {@code critical} or {@code warning}
   */
  public static Severity ofLabel(String label) {
    for (Severity severity : values()) {
      if (severity.label.equals(label)) {
        return severity;
      }
    }
    throw new IllegalArgumentException("not a severity: " + label);
  }
}
