package org.civictrust.monitor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.civictrust.monitor.internal.HttpLog;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.VerificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.civictrust.tlog.MonitoredLog;

/**
 * The monitor for remote logs over HTTP (C2SP tlog-tiles): every poll fetches each log's
 * {@code /checkpoint} and decides it with the {@link Monitor} core, reading consistency proofs from the
 * log's tiles. A log that does not answer is LOG_UNREACHABLE until it answers again. With the full
 * audit on, the poller also downloads the entry bundles up to each accepted checkpoint and recomputes
 * its root from the entries (as certspotter does); a mismatch is an AUDIT_MISMATCH warning. Accepted
 * checkpoints are appended, signed, to the observation log (if any) and handed to the listener with
 * every signed incident. Gossip from other monitors comes in through {@link #observeGossip}.
 * Thread-safe: polls and gossip are serialized.
 */
public final class LogPoller implements AutoCloseable {
  /** Receives what the poller produces. */
  public interface Listener {
    /** A checkpoint was accepted; {@code signedObservation} is the monitor's signed observation of it. */
    void observed(Observation observation, byte[] signedObservation);

    /** An incident was raised; {@code signedIncident} is its signed note. */
    void incident(Incident incident, byte[] signedIncident);
  }

  /**
   * A remote log.
   *
   * @param log its origin and key
   * @param prefix the URL prefix of its tlog-tiles resources
   */
  public record Remote(MonitoredLog log, URI prefix) {
    public Remote {
      Objects.requireNonNull(log, "log");
      Objects.requireNonNull(prefix, "prefix");
    }
  }

  private static final class Audit {
    final CompactRange range = CompactRange.empty(0);
  }

  private static final Logger LOG = LoggerFactory.getLogger(LogPoller.class);

  private final SignerKey key;
  private final Monitor monitor;
  private final Map<String, HttpLog> remotes = new LinkedHashMap<>();
  private final Map<String, Audit> audits = new HashMap<>();
  private final boolean audit;
  private final ObservationLog observations;
  private final Listener listener;
  private final LongSupplier clock;
  private ScheduledExecutorService scheduler;

  private LogPoller(SignerKey key, Monitor monitor, boolean audit, ObservationLog observations, Listener listener,
      LongSupplier clock) {
    this.key = key;
    this.monitor = monitor;
    this.audit = audit;
    this.observations = observations;
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * A poller signing with {@code key} (its name is the monitor's), following {@code logs}.
   *
   * @param observations the observation log to resume from and append to, or null for none
   * @param audit whether to recompute each accepted root from the entry bundles
   * @param clock milliseconds since the epoch
   */
  public static LogPoller create(SignerKey key, List<Remote> logs, Monitor.Settings settings, ObservationLog observations,
      boolean audit, Listener listener, Duration timeout, LongSupplier clock) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    Map<String, HttpLog> remotes = new LinkedHashMap<>();
    List<MonitoredLog> followed = new ArrayList<>();
    for (Remote remote : logs) {
      followed.add(remote.log());
      remotes.put(remote.log().origin(), new HttpLog(remote.prefix(), http, timeout));
    }
    Monitor monitor = new Monitor(key.name(), followed, ProofSource.tiles(remotes), settings);
    LogPoller poller = new LogPoller(key, monitor, audit, observations, Objects.requireNonNull(listener, "listener"), clock);
    poller.remotes.putAll(remotes);
    if (observations != null) {
      observations.replay(monitor, List.of(key.verifierKey()), clock.getAsLong());
    }
    return poller;
  }

  /** The monitor core, for its view of each log. */
  public synchronized Monitor monitor() {
    return monitor;
  }

  /** Polls every log once. */
  public synchronized void pollOnce() {
    long now = clock.getAsLong();
    for (Map.Entry<String, HttpLog> remote : remotes.entrySet()) {
      String origin = remote.getKey();
      byte[] note;
      try {
        note = remote.getValue().checkpoint();
      } catch (IOException e) {
        emit(new Monitor.Outcome(Monitor.Outcome.Status.REJECTED, List.of(),
            monitor.unreachable(origin, remote.getValue().prefix() + "checkpoint: " + e, now)), now);
        continue;
      }
      monitor.reachable(origin);
      emit(monitor.observe(note, now), now);
    }
    for (Incident incident : monitor.tick(now)) {
      listener.incident(incident, incident.sign(key));
    }
  }

  /** Decides an observation another monitor gossiped (already authenticated) against this view. */
  public synchronized void observeGossip(Observation observation) {
    long now = clock.getAsLong();
    emit(monitor.observeGossip(observation, now), now);
  }

  /** Polls every {@code interval} on a thread of its own until {@link #close}. */
  public synchronized void start(Duration interval) {
    if (scheduler != null) {
      throw new IllegalStateException("already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "civictrust-log-poller");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        pollOnce();
      } catch (RuntimeException e) {
        LOG.error("a poll failed; polling goes on", e);
      }
    }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void emit(Monitor.Outcome outcome, long now) {
    for (byte[] accepted : outcome.accepted()) {
      Observation observation = new Observation(key.name(), now, accepted);
      byte[] signed = observation.sign(key);
      if (observations != null) {
        try {
          observations.append(signed);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("cannot append to the observation log " + observations.file(), e);
        }
      }
      listener.observed(observation, signed);
      if (audit) {
        audit(accepted, now);
      }
    }
    for (Incident incident : outcome.incidents()) {
      listener.incident(incident, incident.sign(key));
    }
  }

  /** Extends the audit of the log up to an accepted checkpoint and compares the roots. */
  private void audit(byte[] accepted, long now) {
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(Note.parse(accepted).text());
    } catch (VerificationException e) {
      throw new IllegalStateException("an accepted checkpoint no longer parses", e);
    }
    Audit state = audits.computeIfAbsent(checkpoint.origin(), o -> new Audit());
    HttpLog remote = remotes.get(checkpoint.origin());
    long size = checkpoint.treeSize();
    try {
      while (state.range.end() < size) {
        long index = state.range.end() / Tile.FULL_WIDTH;
        int width = (int) Math.min(Tile.FULL_WIDTH, size - index * Tile.FULL_WIDTH);
        List<byte[]> entries = EntryBundle.parse(remote.readEntryBundle(new Tile(0, index, width)), width);
        for (int i = (int) (state.range.end() - index * Tile.FULL_WIDTH); i < width; i++) {
          state.range.append(Rfc9162.leafHash(entries.get(i)));
        }
      }
    } catch (IOException | VerificationException e) {
      emitIncidents(monitor.warn(IncidentReason.AUDIT_MISMATCH, checkpoint.origin(), null,
          "the entries up to size " + size + " cannot be audited: " + e, now));
      return;
    }
    if (!state.range.rootHash().equals(checkpoint.rootHash())) {
      emitIncidents(monitor.warn(IncidentReason.AUDIT_MISMATCH, checkpoint.origin(), accepted, "the entries give root "
          + state.range.rootHash() + " at size " + size + ", the log signed " + checkpoint.rootHash(), now));
    }
  }

  private void emitIncidents(List<Incident> incidents) {
    for (Incident incident : incidents) {
      listener.incident(incident, incident.sign(key));
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
