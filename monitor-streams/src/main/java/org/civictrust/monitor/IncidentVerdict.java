package org.civictrust.monitor;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of verifying an incident offline ({@link IncidentVerifier}).
 *
 * @param status what the incident was found to be
 * @param problem why it failed; null unless {@link Status#FAILED}
 * @param incident the incident, once the monitor's signature verified; null otherwise
 * @param explanation the evidence, for humans
 */
public record IncidentVerdict(Status status, Problem problem, Incident incident, String explanation) {
  /** What an incident was found to be. */
  public enum Status {
    /** A critical incident whose evidence proves the log signed two inconsistent checkpoints. */
    PROVEN,
    /** A warning signed by a trusted monitor: authentic, but it proves nothing about the log. */
    AUTHENTIC,
    /** The incident does not verify: see the {@link Problem}. */
    FAILED
  }

  /** Why an incident failed verification: a stable code with an id never reused. */
  public enum Problem {
    /** The note or the incident text does not parse. */
    MALFORMED(1),
    /** No trusted monitor key signed it (or none named as its monitor). */
    UNKNOWN_MONITOR(2),
    /** A trusted monitor key's signature on it does not verify. */
    BAD_MONITOR_SIGNATURE(3),
    /** The incident is about a log the verifier does not trust. */
    UNKNOWN_LOG(4),
    /** A checkpoint carries a signature by the log's key that does not verify. */
    BAD_LOG_SIGNATURE(5),
    /** A checkpoint carries no signature by the log's key. */
    NOT_SIGNED_BY_LOG(6),
    /** A checkpoint does not parse, or is of another origin. */
    NOT_A_CHECKPOINT(7),
    /** The sizes of the two checkpoints are not what the reason says. */
    SIZES_DO_NOT_FIT(8),
    /** The proof has the wrong number of hashes for the two sizes. */
    WRONG_PROOF_SIZE(9),
    /** The proof does not yield the larger checkpoint's root, so it proves nothing. */
    PROOF_DOES_NOT_YIELD_ROOT(10),
    /** The two checkpoints are consistent: no misbehaviour is shown. */
    CONSISTENT(11);

    private final int id;

    Problem(int id) {
      this.id = id;
    }

    /** The stable numeric id. */
    public int id() {
      return id;
    }
  }

  /** Validates: a problem exactly when FAILED. */
  public IncidentVerdict {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(explanation, "explanation");
    if ((status == Status.FAILED) != (problem != null)) {
      throw new IllegalArgumentException("a problem is given exactly when the status is FAILED");
    }
  }

  static IncidentVerdict failed(Problem problem, Incident incident, String explanation) {
    return new IncidentVerdict(Status.FAILED, problem, incident, explanation);
  }

  /** The incident, if the monitor's signature verified. */
  public Optional<Incident> verifiedIncident() {
    return Optional.ofNullable(incident);
  }

  /** Whether a critical incident's evidence proved the log's misbehaviour. */
  public boolean isProven() {
    return status == Status.PROVEN;
  }
}
