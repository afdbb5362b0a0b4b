package org.civictrust.anchor;

import java.util.Optional;
import org.civictrust.tlog.Reason;

/**
 * Why a {@link org.civictrust.schemas.LogSeed} was not adopted: a stable {@link Fault} (the sequencer
 * names it on the rejection topic as {@code SEED_<fault>}), the tlog {@link Reason} when a signature or
 * checkpoint check failed, and a message with the evidence.
 */
public final class SeedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a seed was refused. Ids are never reused or renumbered. */
  public enum Fault {
    /** The record is not a LogSeed of the pinned schema, or a field has the wrong shape or count. */
    MALFORMED(1),
    /** The seed names another log than the one of the partition it arrived on. */
    WRONG_LOG(2),
    /** Its checkpoint is not a checkpoint of this log signed by this log's key (see {@link #reason()}). */
    BAD_CHECKPOINT(3),
    /** Its checkpoint's size or root is not the seed's tree size or its compact range's root. */
    ROOT_MISMATCH(4),
    /** A partial tile does not hash to the compact range's nodes at its levels. */
    TILE_MISMATCH(5),
    /** The log already holds leaves (and did not adopt this very seed). */
    LOG_NOT_EMPTY(6);

    private final int id;

    Fault(int id) {
      this.id = id;
    }

    /** The stable numeric id of this fault. */
    public int id() {
      return id;
    }

    /** The reason code of a rejection: {@code SEED_<name>}. */
    public String reasonCode() {
      return "SEED_" + name();
    }
  }

  private final Fault fault;
  private final Reason reason;

  /** A refusal for {@code fault}. */
  public SeedException(Fault fault, String message) {
    this(fault, null, message, null);
  }

  /** A refusal for {@code fault} caused by a failed tlog check of {@code reason}. */
  public SeedException(Fault fault, Reason reason, String message, Throwable cause) {
    super(fault.reasonCode() + ": " + message, cause);
    this.fault = fault;
    this.reason = reason;
  }

  public Fault fault() {
    return fault;
  }

  /** The tlog reason of a failed signature or checkpoint check, if that is what failed. */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }
}
