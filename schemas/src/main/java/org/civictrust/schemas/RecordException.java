package org.civictrust.schemas;

import java.util.Objects;

/** A record could not be read or written as CivicTrust requires; {@link #fault()} says why, stably. */
public final class RecordException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a record was refused. Names are stable reason codes. */
  public enum Fault {
    /** Not a valid encoding of the schema: truncated, trailing bytes, impossible lengths, bad values. */
    MALFORMED,
    /** Framed for another schema than the pinned one (fingerprint or registry id). */
    WRONG_SCHEMA,
    /** Larger than the limit for its kind. */
    OVERSIZE,
    /** Decodes, but is not the canonical form (e.g. unsorted claims): re-encoding gives other bytes. */
    NOT_CANONICAL
  }

  private final Fault fault;

  public RecordException(Fault fault, String message) {
    super(Objects.requireNonNull(fault, "fault") + ": " + message);
    this.fault = fault;
  }

  public RecordException(Fault fault, String message, Throwable cause) {
    super(Objects.requireNonNull(fault, "fault") + ": " + message, cause);
    this.fault = fault;
  }

  /** The stable reason code. */
  public Fault fault() {
    return fault;
  }
}
