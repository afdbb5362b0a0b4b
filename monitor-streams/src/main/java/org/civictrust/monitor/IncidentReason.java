package org.civictrust.monitor;

/**
 * Why a monitor raised an incident: a stable code, with a numeric id that is never reused. The
 * three critical reasons are proven equivocation: two checkpoints validly signed by the log that are
 * not consistent (C2SP tlog-checkpoint, "Signatures": a log MUST NOT sign such a pair). Every other
 * reason is a warning.
 */
public enum IncidentReason {
  /** Two signed checkpoints of the same size with different root hashes. Evidence: both; no proof. */
  SAME_SIZE_DIFFERENT_ROOT(1, Severity.CRITICAL),
  /**
   * A signed checkpoint is not consistent with another of a different size: a seeded consistency proof
   * yields the larger one's root but not the smaller one's. Evidence: both and the proof.
   */
  INCONSISTENT_CHECKPOINTS(2, Severity.CRITICAL),
  /**
   * The log published a checkpoint smaller than one it published before, and not consistent with it:
   * it rolled back and went on with another history. Evidence as for {@link #INCONSISTENT_CHECKPOINTS}.
   */
  ROLLBACK(3, Severity.CRITICAL),
  /** The log's checkpoint or tiles could not be fetched. */
  LOG_UNREACHABLE(10, Severity.WARNING),
  /** The log's tree has not grown for longer than the freshness bound (or no checkpoint came). */
  STALE(11, Severity.WARNING),
  /** A checkpoint carries a signature by the log's key that does not verify. */
  BAD_SIGNATURE(12, Severity.WARNING),
  /** A checkpoint carries no signature by the log's key. */
  UNKNOWN_KEY(13, Severity.WARNING),
  /** A record, note or checkpoint does not parse. */
  MALFORMED(14, Severity.WARNING),
  /** A checkpoint of a log this monitor does not follow. */
  UNKNOWN_LOG(15, Severity.WARNING),
  /** No consistency proof for a checkpoint could be had within the monitor's patience. */
  PROOF_UNAVAILABLE(16, Severity.WARNING),
  /**
   * The proof the log's tiles (or the monitor's copy of its entries) give does not yield a signed
   * root: either the tiles lie or the checkpoint is from another history; unresolved within the
   * monitor's patience.
   */
  BAD_PROOF(17, Severity.WARNING),
  /** The log's entries do not hash to the root of a checkpoint the log signed (full audit). */
  AUDIT_MISMATCH(18, Severity.WARNING),
  /**
   * The log published a checkpoint smaller than one it published before, consistent with it: its head
   * went backwards, but no history was rewritten.
   */
  OLD_CHECKPOINT(19, Severity.WARNING),
  /** A gossiped observation is not signed by a monitor this monitor trusts. */
  UNTRUSTED_GOSSIP(20, Severity.WARNING);

  private final int id;
  private final Severity severity;

  IncidentReason(int id, Severity severity) {
    this.id = id;
    this.severity = severity;
  }

  /** The stable numeric id. */
  public int id() {
    return id;
  }

  /** The severity every incident of this reason has. */
  public Severity severity() {
    return severity;
  }
}
