package org.civictrust.monitor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civictrust.monitor.IncidentVerdict.Problem;
import org.civictrust.monitor.internal.ConsistencyEvidence;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifierKey;
import org.civictrust.tlog.MonitoredLog;

/**
 * Verifies incidents offline, for a third party who trusts nobody but the keys it is given: the
 * monitors' keys and the logs' keys. No network, no clock.
 *
 * <ol>
 *   <li>The incident note must be signed by a trusted monitor key named as its monitor, and parse
 *       strictly ({@link Incident#open}). A warning then is {@link IncidentVerdict.Status#AUTHENTIC}:
 *       the monitor said it, which proves nothing about the log.
 *   <li>A critical incident must be about a trusted log, and both checkpoints must be signed by that
 *       log's key and be checkpoints of its origin.
 *   <li>{@link IncidentReason#SAME_SIZE_DIFFERENT_ROOT}: the sizes are equal, the roots differ.
 *       {@link IncidentReason#INCONSISTENT_CHECKPOINTS} and {@link IncidentReason#ROLLBACK} (whose second
 *       checkpoint must be the smaller): the seeded proof from the smaller size to the larger must yield
 *       the larger checkpoint's root and a root other than the smaller checkpoint's. Then the log signed
 *       two checkpoints that cannot both be honest: {@link IncidentVerdict.Status#PROVEN}.
 * </ol>
 */
public final class IncidentVerifier {
  private final List<VerifierKey> monitors;
  private final Map<String, MonitoredLog> logs;

  private IncidentVerifier(List<VerifierKey> monitors, Map<String, MonitoredLog> logs) {
    this.monitors = monitors;
    this.logs = logs;
  }

  /**
   * A verifier trusting {@code monitors} (note keys, type 0x01) to sign incidents and {@code logs}.
   *
   * @throws IllegalArgumentException if a log's origin appears twice
   */
  public static IncidentVerifier of(Collection<VerifierKey> monitors, Collection<MonitoredLog> logs) {
    Map<String, MonitoredLog> byOrigin = new HashMap<>();
    for (MonitoredLog log : logs) {
      if (byOrigin.put(log.origin(), log) != null) {
        throw new IllegalArgumentException("log " + log.origin() + " listed twice");
      }
    }
    return new IncidentVerifier(List.copyOf(monitors), Map.copyOf(byOrigin));
  }

  /** Verifies one signed incident note; never throws for bad input. */
  public IncidentVerdict verify(byte[] signedIncident) {
    Objects.requireNonNull(signedIncident, "signedIncident");
    Incident incident;
    try {
      incident = Incident.open(signedIncident, monitors);
    } catch (VerificationException e) {
      Problem problem = switch (e.reason()) {
        case UNKNOWN_KEY -> Problem.UNKNOWN_MONITOR;
        case BAD_SIGNATURE -> Problem.BAD_MONITOR_SIGNATURE;
        default -> Problem.MALFORMED;
      };
      return IncidentVerdict.failed(problem, null, e.getMessage());
    }
    if (incident.severity() == Severity.WARNING) {
      return new IncidentVerdict(IncidentVerdict.Status.AUTHENTIC, null, incident,
          "a warning signed by monitor " + incident.monitor() + ": " + incident.detail().orElse(incident.reason().name()));
    }
    MonitoredLog log = logs.get(incident.origin());
    if (log == null) {
      return IncidentVerdict.failed(Problem.UNKNOWN_LOG, incident, "no trusted log " + incident.origin());
    }
    List<Checkpoint> checkpoints = new ArrayList<>(2);
    for (byte[] note : incident.checkpoints()) {
      try {
        checkpoints.add(Checkpoint.open(note, log.origin(), log.key()));
      } catch (VerificationException e) {
        Problem problem = switch (e.reason()) {
          case BAD_SIGNATURE -> Problem.BAD_LOG_SIGNATURE;
          case UNKNOWN_KEY -> Problem.NOT_SIGNED_BY_LOG;
          default -> Problem.NOT_A_CHECKPOINT;
        };
        return IncidentVerdict.failed(problem, incident, "checkpoint " + (checkpoints.size() + 1) + ": " + e.getMessage());
      }
    }
    return checkEvidence(incident, checkpoints.get(0), checkpoints.get(1));
  }

  private static IncidentVerdict checkEvidence(Incident incident, Checkpoint first, Checkpoint second) {
    long a = first.treeSize();
    long b = second.treeSize();
    if (incident.reason() == IncidentReason.SAME_SIZE_DIFFERENT_ROOT) {
      if (a != b) {
        return IncidentVerdict.failed(Problem.SIZES_DO_NOT_FIT, incident, "sizes " + a + " and " + b + " differ");
      }
      if (first.rootHash().equals(second.rootHash())) {
        return IncidentVerdict.failed(Problem.CONSISTENT, incident, "both checkpoints have root " + first.rootHash());
      }
      return new IncidentVerdict(IncidentVerdict.Status.PROVEN, null, incident, "log " + first.origin()
          + " signed two roots for tree size " + a + ": " + first.rootHash() + " and " + second.rootHash());
    }
    if (a == b || Math.min(a, b) == 0 || incident.reason() == IncidentReason.ROLLBACK && b > a) {
      return IncidentVerdict.failed(Problem.SIZES_DO_NOT_FIT, incident,
          "sizes " + a + " then " + b + " do not fit " + incident.reason());
    }
    Checkpoint small = a < b ? first : second;
    Checkpoint big = a < b ? second : first;
    ConsistencyEvidence.Roots roots;
    try {
      roots = ConsistencyEvidence.roots(small.treeSize(), big.treeSize(), incident.proof());
    } catch (VerificationException e) {
      return IncidentVerdict.failed(Problem.WRONG_PROOF_SIZE, incident, e.getMessage());
    }
    if (!roots.newRoot().equals(big.rootHash())) {
      return IncidentVerdict.failed(Problem.PROOF_DOES_NOT_YIELD_ROOT, incident, "the proof yields root "
          + roots.newRoot() + " for size " + big.treeSize() + ", but the log signed " + big.rootHash());
    }
    if (roots.oldRoot().equals(small.rootHash())) {
      return IncidentVerdict.failed(Problem.CONSISTENT, incident, "the proof shows size " + small.treeSize()
          + " is a prefix of size " + big.treeSize());
    }
    return new IncidentVerdict(IncidentVerdict.Status.PROVEN, null, incident, "log " + big.origin() + " signed size "
        + big.treeSize() + " whose first " + small.treeSize() + " leaves have root " + roots.oldRoot()
        + ", and size " + small.treeSize() + " with root " + small.rootHash());
  }
}
