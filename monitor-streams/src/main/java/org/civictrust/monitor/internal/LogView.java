package org.civictrust.monitor.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.civictrust.monitor.Incident;
import org.civictrust.monitor.IncidentReason;
import org.civictrust.monitor.Monitor;
import org.civictrust.tlog.MonitoredLog;
import org.civictrust.monitor.ProofSource;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.VerificationException;

/**
 * One monitor's view of one log: the last checkpoint it accepted, the recent accepted ones by size,
 * the checkpoints it could not decide yet, and the alerts it raised. {@link #offer} decides a validly
 * signed checkpoint against the view: repeated, consistent (accepted if it is the log's own and larger),
 * proven inconsistent (a critical incident), or undecided for want of a proof that yields its root
 * (kept, retried when the view or the proof source moves on, a warning once the patience runs out).
 * Not thread-safe; for {@code org.civictrust.monitor} only.
 */
public final class LogView {
  /** What the view needs from its monitor. */
  public record Context(String monitor, ProofSource proofs, Monitor.Settings settings) {}

  private record Waiting(Held held, boolean own, String peer, long since, IncidentReason waitReason, boolean warned) {}

  private enum Verdict { ACCEPT, REPEATED, CONSISTENT, WAIT, CRITICAL, OLD }

  private record Decision(Verdict verdict, IncidentReason reason, List<Hash> proof, String detail) {
    static Decision of(Verdict verdict) {
      return new Decision(verdict, null, List.of(), null);
    }
  }

  private static final int FORMAT_VERSION = 1;
  private static final int MAX_RAISED_PAIRS = 256;

  private final MonitoredLog log;
  private Held latest;
  private final TreeMap<Long, Held> recent = new TreeMap<>();
  private final List<Waiting> pending = new ArrayList<>();
  private long createdAt;
  private long lastGrowth;
  private final Alerts alerts = new Alerts();
  private final LinkedHashSet<String> raisedPairs = new LinkedHashSet<>();

  public LogView(MonitoredLog log, long createdAt) {
    this.log = log;
    this.createdAt = createdAt;
    this.lastGrowth = createdAt;
  }

  public MonitoredLog log() {
    return log;
  }

  /** The last accepted checkpoint, or null. */
  public Held latest() {
    return latest;
  }

  /** The checkpoints not decided yet. */
  public int pendingCount() {
    return pending.size();
  }

  /** The smallest size among the undecided checkpoints, or -1 if none. */
  public long minPendingSize() {
    return pending.stream().mapToLong(w -> w.held.size()).min().orElse(-1);
  }

  /**
   * Decides a validly signed checkpoint of this log. {@code own}: it came from the log's own channel
   * (its checkpoints topic or its {@code /checkpoint}); otherwise {@code peer} gossiped it.
   *
   * @return the status of {@code candidate}; accepted notes and incidents are added to the lists
   */
  public Monitor.Outcome.Status offer(Held candidate, boolean own, String peer, long time, Context context,
      List<byte[]> accepted, List<Incident> incidents) {
    Decision decision = decide(candidate, own, true, context);
    Monitor.Outcome.Status status = apply(candidate, own, peer, time, true, decision, context, accepted, incidents);
    if (status == Monitor.Outcome.Status.ACCEPTED) {
      retry(time, context, accepted, incidents);
    }
    overdue(time, context, incidents);
    return status;
  }

  /** Takes {@code held}, accepted before this view was lost, as the latest checkpoint. */
  public void resume(Held held, long time, Context context) {
    latest = held;
    lastGrowth = time;
    recent.put(held.size(), held);
    while (recent.size() > context.settings().recentSizes()) {
      recent.pollFirstEntry();
    }
  }

  /** Decides again the checkpoints kept undecided, smallest first, until nothing changes. */
  public void retry(long time, Context context, List<byte[]> accepted, List<Incident> incidents) {
    boolean changed = true;
    while (changed && !pending.isEmpty()) {
      changed = false;
      pending.sort(Comparator.comparingLong((Waiting w) -> w.held.size()).thenComparingLong(w -> w.since));
      for (Waiting waiting : List.copyOf(pending)) {
        Decision decision = decide(waiting.held, waiting.own, false, context);
        if (decision.verdict == Verdict.WAIT) {
          replace(waiting, new Waiting(waiting.held, waiting.own, waiting.peer, waiting.since, decision.reason,
              waiting.warned));
          continue;
        }
        pending.remove(waiting);
        Monitor.Outcome.Status status = apply(waiting.held, waiting.own, waiting.peer, time, false, decision, context,
            accepted, incidents);
        if (status == Monitor.Outcome.Status.ACCEPTED) {
          changed = true;
          break;
        }
      }
    }
  }

  /**
   * The checks that depend on time alone: a log whose tree has not grown for longer than the
   * freshness bound is STALE; an undecided checkpoint of the log's own channel older than the patience
   * gets its warning (gossip waits silently: it is decided when this view catches up, or dropped).
   */
  public void tick(long now, Context context, List<Incident> incidents) {
    long freshness = context.settings().freshness().toMillis();
    if (freshness > 0 && now - lastGrowth > freshness) {
      String detail = latest == null
          ? "no checkpoint of this log in " + (now - createdAt) + " ms"
          : "the tree has stayed at size " + latest.size() + " for " + (now - lastGrowth) + " ms";
      warn(IncidentReason.STALE, latest == null ? List.of() : List.of(latest.note()), null, detail, now, true,
          context, incidents);
    }
    overdue(now, context, incidents);
  }

  /**
   * Raises a warning about this log unless suppressed. Sticky warnings hold until {@link #clear}.
   */
  public void warn(IncidentReason reason, List<byte[]> checkpoints, byte[] subject, String detail, long time,
      boolean sticky, Context context, List<Incident> incidents) {
    long suppressed = alerts.raise(reason.name(), time, context.settings().repeatAfter().toMillis(), sticky);
    if (suppressed >= 0) {
      incidents.add(Incident.of(context.monitor(), time, log.origin(), reason, checkpoints, List.of(), subject,
          detail, suppressed));
    }
  }

  /** The condition behind a sticky warning ended. */
  public void clear(IncidentReason reason) {
    alerts.clear(reason.name());
  }

  private Decision decide(Held candidate, boolean own, boolean fresh, Context context) {
    long size = candidate.size();
    Held same = latest != null && latest.size() == size ? latest : recent.get(size);
    if (same != null) {
      if (same.checkpoint().rootHash().equals(candidate.checkpoint().rootHash())) {
        return Decision.of(own && fresh && same != latest ? Verdict.OLD : Verdict.REPEATED);
      }
      return new Decision(Verdict.CRITICAL, IncidentReason.SAME_SIZE_DIFFERENT_ROOT, List.of(),
          "two roots for tree size " + size + ": " + same.checkpoint().rootHash() + " and "
              + candidate.checkpoint().rootHash());
    }
    if (latest == null || latest.size() == 0) {
      if (!own) {
        return latest == null ? new Decision(Verdict.WAIT, IncidentReason.PROOF_UNAVAILABLE, List.of(),
            "no checkpoint of its own to compare with yet") : Decision.of(Verdict.CONSISTENT);
      }
      return auditFirst(candidate, context);
    }
    if (size == 0) {
      return Decision.of(own && fresh ? Verdict.OLD : Verdict.CONSISTENT);
    }
    boolean larger = size > latest.size();
    Held big = larger ? candidate : latest;
    Held small = larger ? latest : candidate;
    List<Hash> proof;
    ConsistencyEvidence.Roots roots;
    try {
      proof = ConsistencyEvidence.prove(small.size(), big.size(), context.proofs().tree(log.origin(), big.size()));
      roots = ConsistencyEvidence.roots(small.size(), big.size(), proof);
    } catch (IOException | RuntimeException | VerificationException e) {
      return new Decision(Verdict.WAIT, IncidentReason.PROOF_UNAVAILABLE, List.of(),
          "no consistency proof from size " + small.size() + " to " + big.size() + ": " + e);
    }
    if (!roots.newRoot().equals(big.checkpoint().rootHash())) {
      return new Decision(Verdict.WAIT, IncidentReason.BAD_PROOF, List.of(), "the proof from size " + small.size()
          + " to " + big.size() + " yields root " + roots.newRoot() + ", not the signed " + big.checkpoint().rootHash());
    }
    if (roots.oldRoot().equals(small.checkpoint().rootHash())) {
      if (larger) {
        return Decision.of(own ? Verdict.ACCEPT : Verdict.CONSISTENT);
      }
      return Decision.of(own && fresh ? Verdict.OLD : Verdict.CONSISTENT);
    }
    IncidentReason reason = !larger && own && fresh ? IncidentReason.ROLLBACK : IncidentReason.INCONSISTENT_CHECKPOINTS;
    return new Decision(Verdict.CRITICAL, reason, proof, "the tree of size " + big.size() + " holds root "
        + roots.oldRoot() + " at size " + small.size() + ", but the log signed " + small.checkpoint().rootHash());
  }

  /** The first checkpoint of a log is accepted when the proof source's tree has its root. */
  private Decision auditFirst(Held candidate, Context context) {
    long size = candidate.size();
    Hash root;
    try {
      root = size == 0 ? Rfc9162.EMPTY_ROOT
          : CompactRange.read(0, size, context.proofs().tree(log.origin(), size)).rootHash();
    } catch (IOException | RuntimeException e) {
      return new Decision(Verdict.WAIT, IncidentReason.PROOF_UNAVAILABLE, List.of(),
          "the tree of size " + size + " cannot be read: " + e);
    }
    if (!root.equals(candidate.checkpoint().rootHash())) {
      return new Decision(Verdict.WAIT, IncidentReason.BAD_PROOF, List.of(), "the tree of size " + size
          + " has root " + root + ", not the signed " + candidate.checkpoint().rootHash());
    }
    return Decision.of(Verdict.ACCEPT);
  }

  private Monitor.Outcome.Status apply(Held candidate, boolean own, String peer, long time, boolean fresh,
      Decision decision, Context context, List<byte[]> accepted, List<Incident> incidents) {
    switch (decision.verdict) {
      case ACCEPT:
        if (latest == null || candidate.size() > latest.size()) {
          lastGrowth = time;
          clear(IncidentReason.STALE);
        }
        latest = candidate;
        recent.put(candidate.size(), candidate);
        while (recent.size() > context.settings().recentSizes()) {
          recent.pollFirstEntry();
        }
        accepted.add(candidate.note().clone());
        return Monitor.Outcome.Status.ACCEPTED;
      case REPEATED:
        return Monitor.Outcome.Status.REPEATED;
      case CONSISTENT:
        return Monitor.Outcome.Status.CONSISTENT;
      case WAIT:
        if (fresh && pending.stream().noneMatch(w -> w.held.equals(candidate) && (w.own || !own))) {
          // The log's own channel showing a checkpoint a peer gossiped first: it waits as the log's own.
          pending.removeIf(w -> w.held.equals(candidate));
          pending.add(new Waiting(candidate, own, peer, time, decision.reason, false));
          trimPending(own, time, context, incidents);
        }
        return Monitor.Outcome.Status.PENDING;
      case OLD:
        warn(IncidentReason.OLD_CHECKPOINT, List.of(latest.note(), candidate.note()), null, "the log published size "
            + candidate.size() + " after size " + latest.size() + " (consistent)", time, false, context, incidents);
        return Monitor.Outcome.Status.REJECTED;
      case CRITICAL:
        critical(decision, candidate, own, peer, time, context, incidents);
        return Monitor.Outcome.Status.REJECTED;
      default:
        throw new IllegalStateException("unknown verdict " + decision.verdict);
    }
  }

  /**
   * Keeps at most {@code maxPending} undecided checkpoints of the log's own channel and as many
   * gossiped ones. An own checkpoint given up on is a warning. Of gossip, the smallest sizes go first,
   * silently: a monitor that gossips a fork goes on gossiping larger checkpoints of it, each as
   * inconsistent with this view as the ones dropped.
   */
  private void trimPending(boolean own, long time, Context context, List<Incident> incidents) {
    int max = context.settings().maxPending();
    List<Waiting> kind = pending.stream().filter(w -> w.own == own).toList();
    if (kind.size() <= max) {
      return;
    }
    if (own) {
      Waiting dropped = kind.stream().min(Comparator.comparingLong((Waiting w) -> w.since)).orElseThrow();
      pending.remove(dropped);
      warn(IncidentReason.PROOF_UNAVAILABLE, List.of(dropped.held.note()), null, "more than " + max
          + " checkpoints undecided; gave up on size " + dropped.held.size(), time, false, context, incidents);
    } else {
      pending.remove(kind.stream().min(Comparator.comparingLong((Waiting w) -> w.held.size())).orElseThrow());
    }
  }

  private void critical(Decision decision, Held candidate, boolean own, String peer, long time, Context context,
      List<Incident> incidents) {
    Held first = decision.reason == IncidentReason.SAME_SIZE_DIFFERENT_ROOT
        ? (latest != null && latest.size() == candidate.size() ? latest : recent.get(candidate.size()))
        : latest;
    String pair = pairKey(first.note(), candidate.note());
    if (raisedPairs.contains(pair)) {
      return;
    }
    raisedPairs.add(pair);
    while (raisedPairs.size() > MAX_RAISED_PAIRS) {
      raisedPairs.remove(raisedPairs.iterator().next());
    }
    long suppressed = alerts.raise(decision.reason.name(), time, context.settings().repeatAfter().toMillis(), false);
    if (suppressed < 0) {
      return;
    }
    String detail = decision.detail + (own ? "" : " (gossiped by " + peer + ")");
    incidents.add(Incident.of(context.monitor(), time, log.origin(), decision.reason,
        List.of(first.note(), candidate.note()), decision.proof, null, detail, suppressed));
  }

  private void overdue(long now, Context context, List<Incident> incidents) {
    long patience = context.settings().patience().toMillis();
    for (Waiting waiting : List.copyOf(pending)) {
      if (waiting.own && !waiting.warned && now - waiting.since >= patience) {
        replace(waiting, new Waiting(waiting.held, waiting.own, waiting.peer, waiting.since, waiting.waitReason, true));
        List<byte[]> checkpoints = latest == null ? List.of(waiting.held.note())
            : List.of(latest.note(), waiting.held.note());
        warn(waiting.waitReason, checkpoints, null, "size " + waiting.held.size() + " undecided for "
            + (now - waiting.since) + " ms", now, false, context, incidents);
      }
    }
  }

  private void replace(Waiting old, Waiting updated) {
    int index = pending.indexOf(old);
    if (index >= 0) {
      pending.set(index, updated);
    }
  }

  private static String pairKey(byte[] a, byte[] b) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] x = sha.digest(a);
      byte[] y = sha.digest(b);
      boolean ordered = java.util.Arrays.compareUnsigned(x, y) <= 0;
      sha.update(ordered ? x : y);
      sha.update(ordered ? y : x);
      return Hash.of(sha.digest()).toBase64();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /** The view as bytes, to keep in a state store. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.writeLong(createdAt);
      out.writeLong(lastGrowth);
      writeNote(out, latest == null ? null : latest.note());
      out.writeInt(recent.size());
      for (Map.Entry<Long, Held> entry : recent.entrySet()) {
        writeNote(out, entry.getValue().note());
      }
      out.writeInt(pending.size());
      for (Waiting waiting : pending) {
        writeNote(out, waiting.held.note());
        out.writeBoolean(waiting.own);
        out.writeUTF(waiting.peer == null ? "" : waiting.peer);
        out.writeLong(waiting.since);
        out.writeUTF(waiting.waitReason.name());
        out.writeBoolean(waiting.warned);
      }
      alerts.write(out);
      out.writeInt(raisedPairs.size());
      for (String pair : raisedPairs) {
        out.writeUTF(pair);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a view written by {@link #toBytes}.
   *
   * @throws IOException if the bytes are not such a view
   */
  public static LogView fromBytes(MonitoredLog log, byte[] bytes) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readByte() != FORMAT_VERSION) {
        throw new IOException("unknown log view format");
      }
      LogView view = new LogView(log, in.readLong());
      view.lastGrowth = in.readLong();
      byte[] latest = readNote(in);
      view.latest = latest == null ? null : Held.restore(latest);
      int recent = in.readInt();
      for (int i = 0; i < recent; i++) {
        Held held = Held.restore(readNote(in));
        view.recent.put(held.size(), held);
      }
      int pending = in.readInt();
      for (int i = 0; i < pending; i++) {
        Held held = Held.restore(readNote(in));
        boolean own = in.readBoolean();
        String peer = in.readUTF();
        view.pending.add(new Waiting(held, own, peer.isEmpty() ? null : peer, in.readLong(),
            IncidentReason.valueOf(in.readUTF()), in.readBoolean()));
      }
      view.alerts.read(in);
      int pairs = in.readInt();
      for (int i = 0; i < pairs; i++) {
        view.raisedPairs.add(in.readUTF());
      }
      if (in.available() > 0) {
        throw new IOException("bytes trail the log view");
      }
      return view;
    } catch (VerificationException | IllegalArgumentException e) {
      throw new IOException("a stored checkpoint no longer parses", e);
    }
  }

  private static void writeNote(DataOutputStream out, byte[] note) throws IOException {
    if (note == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(note.length);
    out.write(note);
  }

  private static byte[] readNote(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > Incident.MAX_CHECKPOINT_SIZE) {
      throw new IOException("bad note length " + length);
    }
    return in.readNBytes(length);
  }
}
