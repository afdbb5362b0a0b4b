package org.civictrust.monitor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.civictrust.monitor.internal.Alerts;
import org.civictrust.monitor.internal.Held;
import org.civictrust.monitor.internal.LogView;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.MonitoredLog;

/**
 * The monitor core: for each log it follows, the last checkpoint it accepted, and for every new signed
 * checkpoint a decision. It does no I/O of its own (proofs come through a {@link ProofSource}) and
 * reads no clock (every call takes the time), so the Kafka Streams monitor, the HTTP poller and tests
 * drive the same code.
 *
 * <p>For a checkpoint from the log's own channel ({@link #observe}): authenticate with the log's key,
 * parse strictly, then compare with the view. Same size: the roots must be equal. Larger: the seeded
 * consistency proof from the last accepted size, read from the source's tree of the new size, must
 * yield both roots; then the checkpoint is accepted. Smaller: the proof into the accepted tree must
 * yield the smaller root. A proof that yields the signed larger root but not the smaller is proven
 * equivocation: a {@link Severity#CRITICAL} incident carrying both checkpoints and the proof. A proof
 * that does not yield the larger root proves nothing: the checkpoint waits, is decided again when the
 * view or the source moves on, and becomes a warning if still undecided after the patience. Gossip
 * from other monitors ({@link #observeGossip}) is decided against the view the same way but never
 * changes it. Bad signatures, unknown keys and malformed notes are warnings; repeats of one cause are
 * suppressed ({@link Settings#repeatAfter}). Not thread-safe.
 */
public final class Monitor {
  /**
   * How a monitor behaves.
   *
   * @param freshness a log whose tree has not grown for longer is STALE; zero turns the check off
   * @param repeatAfter an alert is raised at most once per this long for one cause
   * @param patience how long a checkpoint may stay undecided before a warning
   * @param maxPending the most undecided checkpoints kept per log from its own channel, and as many gossiped
   * @param recentSizes the accepted checkpoints kept per log for same-size comparisons
   */
  public record Settings(Duration freshness, Duration repeatAfter, Duration patience, int maxPending,
      int recentSizes) {
    /** Validates. */
    public Settings {
      if (freshness.isNegative() || repeatAfter.isNegative() || patience.isNegative() || maxPending < 1
          || recentSizes < 1) {
        throw new IllegalArgumentException("durations are >= 0, counts >= 1");
      }
    }

    /** No freshness bound, alerts once an hour, 60 s of patience, 32 undecided, 16 recent. */
    public static Settings defaults() {
      return new Settings(Duration.ZERO, Duration.ofHours(1), Duration.ofSeconds(60), 32, 16);
    }

    /** These settings with another freshness bound. */
    public Settings withFreshness(Duration bound) {
      return new Settings(bound, repeatAfter, patience, maxPending, recentSizes);
    }

    /** These settings with another patience. */
    public Settings withPatience(Duration wait) {
      return new Settings(freshness, repeatAfter, wait, maxPending, recentSizes);
    }
  }

  /**
   * What became of one observed checkpoint.
   *
   * @param status the status of the observed checkpoint
   * @param accepted every checkpoint accepted by this call, in order (undecided ones may follow the
   *     observed one), as signed notes
   * @param incidents the incidents raised by this call, not yet signed
   */
  public record Outcome(Status status, List<byte[]> accepted, List<Incident> incidents) {
    /** The status of an observed checkpoint. */
    public enum Status {
      /** It became the monitor's latest checkpoint of the log. */
      ACCEPTED,
      /** The monitor already held it (or one of the same size and root). */
      REPEATED,
      /** Consistent with the view (gossip, or an older checkpoint) and nothing to change. */
      CONSISTENT,
      /** Undecided for want of a proof; kept and decided again later. */
      PENDING,
      /** Not accepted: an incident says why. */
      REJECTED
    }

    public Outcome {
      accepted = List.copyOf(accepted);
      incidents = List.copyOf(incidents);
    }
  }

  private final String name;
  private final Map<String, MonitoredLog> logs = new LinkedHashMap<>();
  private final Map<String, LogView> views = new LinkedHashMap<>();
  private final ProofSource proofs;
  private final Settings settings;
  private final LogView.Context context;
  private final Alerts unattributed = new Alerts();

  /**
   * A monitor named {@code name} (its key name) following {@code logs} (no origin twice).
   *
   * @throws IllegalArgumentException if an origin appears twice
   */
  public Monitor(String name, Collection<MonitoredLog> logs, ProofSource proofs, Settings settings) {
    this.name = Objects.requireNonNull(name, "name");
    for (MonitoredLog log : logs) {
      if (this.logs.put(log.origin(), log) != null) {
        throw new IllegalArgumentException("log " + log.origin() + " listed twice");
      }
    }
    this.proofs = Objects.requireNonNull(proofs, "proofs");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.context = new LogView.Context(name, proofs, settings);
  }

  /** The monitor's name: the key name it signs observations and incidents with. */
  public String name() {
    return name;
  }

  /** The origins of the logs it follows. */
  public Set<String> origins() {
    return Set.copyOf(logs.keySet());
  }

  public Settings settings() {
    return settings;
  }

  /** Decides a signed checkpoint from the log's own channel at {@code time} (ms since the epoch). */
  public Outcome observe(byte[] signedNote, long time) {
    return decide(signedNote, true, null, time);
  }

  /**
   * Decides a checkpoint another monitor gossiped, already authenticated as that monitor's
   * observation, against this monitor's view; the view does not change. Own observations are
   * REPEATED.
   */
  public Outcome observeGossip(Observation observation, long time) {
    if (observation.monitor().equals(name)) {
      return new Outcome(Outcome.Status.REPEATED, List.of(), List.of());
    }
    return decide(observation.checkpoint(), false, observation.monitor(), time);
  }

  private Outcome decide(byte[] signedNote, boolean own, String peer, long time) {
    List<Incident> incidents = new ArrayList<>();
    String via = own ? "" : " (gossiped by " + peer + ")";
    Note note;
    try {
      note = Note.parse(signedNote);
    } catch (VerificationException e) {
      incidents.addAll(unattributed(IncidentReason.MALFORMED, "-", signedNote, e.getMessage() + via, time));
      return rejected(incidents);
    }
    String origin = note.text().substring(0, note.text().indexOf('\n'));
    MonitoredLog log = logs.get(origin);
    if (log == null) {
      String hint = origin.isEmpty() ? "-" : origin;
      incidents.addAll(unattributed(IncidentReason.UNKNOWN_LOG, hint, signedNote, "no log " + origin + via, time));
      return rejected(incidents);
    }
    LogView view = view(origin, time);
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(signedNote, origin, log.key());
    } catch (VerificationException e) {
      IncidentReason reason = switch (e.reason()) {
        case BAD_SIGNATURE -> IncidentReason.BAD_SIGNATURE;
        case UNKNOWN_KEY -> IncidentReason.UNKNOWN_KEY;
        default -> IncidentReason.MALFORMED;
      };
      view.warn(reason, List.of(), signedNote, e.getMessage() + via, time, false, context, incidents);
      return rejected(incidents);
    }
    if (checkpoint.treeSize() == 0 && !checkpoint.rootHash().equals(Rfc9162.EMPTY_ROOT)) {
      view.warn(IncidentReason.MALFORMED, List.of(), signedNote, "a checkpoint of size 0 has root "
          + checkpoint.rootHash() + ", not the empty tree's" + via, time, false, context, incidents);
      return rejected(incidents);
    }
    List<byte[]> accepted = new ArrayList<>();
    Outcome.Status status = view.offer(new Held(signedNote.clone(), checkpoint), own, peer, time, context, accepted,
        incidents);
    return new Outcome(status, accepted, incidents);
  }

  private static Outcome rejected(List<Incident> incidents) {
    return new Outcome(Outcome.Status.REJECTED, List.of(), incidents);
  }

  /**
   * Decides again the undecided checkpoints of {@code origin}: call when its proof source moved on
   * (more entries, tiles back). Incidents and accepted checkpoints come in the outcome, whose status
   * is {@code CONSISTENT}.
   */
  public Outcome retry(String origin, long time) {
    LogView view = views.get(origin);
    List<byte[]> accepted = new ArrayList<>();
    List<Incident> incidents = new ArrayList<>();
    if (view != null) {
      view.retry(time, context, accepted, incidents);
      view.tick(time, context, incidents);
    }
    return new Outcome(Outcome.Status.CONSISTENT, accepted, incidents);
  }

  /** The time checks of every log at {@code now}: STALE logs and overdue undecided checkpoints. */
  public List<Incident> tick(long now) {
    List<Incident> incidents = new ArrayList<>();
    for (String origin : logs.keySet()) {
      view(origin, now).tick(now, context, incidents);
    }
    return incidents;
  }

  /** The log could not be reached: a LOG_UNREACHABLE warning, held until {@link #reachable}. */
  public List<Incident> unreachable(String origin, String detail, long time) {
    List<Incident> incidents = new ArrayList<>();
    view(requireLog(origin), time).warn(IncidentReason.LOG_UNREACHABLE, List.of(), null, detail, time, true,
        context, incidents);
    return incidents;
  }

  /** The log answered again. */
  public void reachable(String origin) {
    LogView view = views.get(requireLog(origin));
    if (view != null) {
      view.clear(IncidentReason.LOG_UNREACHABLE);
    }
  }

  /**
   * A warning about something that is not a checkpoint this monitor could read: an undecodable record,
   * untrusted gossip. {@code origin} is the best attribution, or {@code -}.
   */
  public List<Incident> warn(IncidentReason reason, String origin, byte[] subject, String detail, long time) {
    if (reason.severity() != Severity.WARNING) {
      throw new IllegalArgumentException(reason + " is not a warning");
    }
    return unattributed(reason, origin, subject, detail, time);
  }

  private List<Incident> unattributed(IncidentReason reason, String origin, byte[] subject, String detail, long time) {
    String attributed = origin != null && org.civictrust.text.TextLines.isLine(origin) ? origin : "-";
    long suppressed = unattributed.raise(reason + " " + attributed, time, settings.repeatAfter().toMillis(), false);
    if (suppressed < 0) {
      return List.of();
    }
    return List.of(Incident.of(name, time, attributed, reason, List.of(), List.of(), subject, detail, suppressed));
  }

  /** The last checkpoint accepted for {@code origin}, as the log signed it. */
  public Optional<byte[]> latest(String origin) {
    LogView view = views.get(origin);
    return view == null || view.latest() == null ? Optional.empty() : Optional.of(view.latest().note().clone());
  }

  /** The smallest size among the undecided checkpoints of {@code origin}. */
  public OptionalLong minPendingSize(String origin) {
    LogView view = views.get(origin);
    long size = view == null ? -1 : view.minPendingSize();
    return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
  }

  /** How many checkpoints of {@code origin} are undecided. */
  public int pendingCount(String origin) {
    LogView view = views.get(origin);
    return view == null ? 0 : view.pendingCount();
  }

  /** The whole view of {@code origin} as bytes, for a state store; empty if the monitor has none. */
  public Optional<byte[]> saveView(String origin) {
    LogView view = views.get(origin);
    return view == null ? Optional.empty() : Optional.of(view.toBytes());
  }

  /**
   * Restores a view saved by {@link #saveView}.
   *
   * @throws IOException if the bytes are not a saved view
   */
  public void loadView(String origin, byte[] saved) throws IOException {
    views.put(origin, LogView.fromBytes(logs.get(requireLog(origin)), saved));
  }

  /**
   * Resumes from an observation log: {@code signedNote} was accepted before (it is checked again with
   * the log's key), and becomes the latest if larger than the latest held.
   *
   * @throws VerificationException if it is not a checkpoint of a followed log signed by its key
   */
  public void resume(byte[] signedNote, long time) throws VerificationException {
    String text = Note.parse(signedNote).text();
    MonitoredLog log = logs.get(text.substring(0, text.indexOf('\n')));
    if (log == null) {
      throw new VerificationException(org.civictrust.tlog.Reason.UNKNOWN_ORIGIN, "not a followed log");
    }
    Checkpoint checkpoint = Checkpoint.open(signedNote, log.origin(), log.key());
    LogView view = view(log.origin(), time);
    if (view.latest() == null || checkpoint.treeSize() > view.latest().size()) {
      view.resume(new Held(signedNote.clone(), checkpoint), time, context);
    }
  }

  private String requireLog(String origin) {
    if (!logs.containsKey(origin)) {
      throw new IllegalArgumentException("not a followed log: " + origin);
    }
    return origin;
  }

  private LogView view(String origin, long time) {
    return views.computeIfAbsent(origin, o -> new LogView(logs.get(o), time));
  }

  @Override
  public String toString() {
    return "Monitor[" + name + ", " + String.join(",", logs.keySet()) + "]";
  }
}
