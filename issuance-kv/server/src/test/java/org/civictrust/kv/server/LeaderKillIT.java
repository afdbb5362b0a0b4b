package org.civictrust.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.kv.IssuerView;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvPeerConfig;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.KvUnavailableException;
import org.civictrust.kv.ReasonCode;
import org.civictrust.kv.StateDigest;
import org.civictrust.tlog.testing.Await;

/**
 * Three peers, each a JVM of its own; the leader is killed with SIGKILL three times while four
 * clients write, compare-and-set and read. Afterwards: the history of every operation is
 * linearizable (checked by {@link LinearizabilityChecker}), no acknowledged write is lost and none
 * is applied twice (each client's counter register ends at exactly the number of its writes that were
 * applied), a new leader accepts writes within the election bound, and every peer reports the same
 * state digest.
 */
class LeaderKillIT {
  /**
   * The failover bound asserted here (kill to first acknowledged write). The design target is 600 ms
   * (docs/benchmarks/kv-*.md reports p50 and p99 over 20+ kills); on this shared 2-core
   * machine, with three peer JVMs, four writers and other builds running (load average 9-11), single
   * failovers took 1 to 6 s, so the test asserts an election bound with room: 10 s.
   */
  static final Duration ELECTION_BOUND = Duration.ofSeconds(10);
  static final int KILLS = 3;
  static final int WORKERS = 4;
  /** Operations each worker completes before the first kill. */
  static final int WARM_UP_OPERATIONS = 20;
  static final List<String> REGISTERS = List.of("reg-0.example/i", "reg-1.example/i", "reg-2.example/i");

  /** The peers' logs (their stderr), kept after the test. */
  static final Path LOGS = Path.of("target", "LeaderKillIT");

  @TempDir
  Path dir;
  private final Map<String, KvPeerProcess> processes = new HashMap<>();
  private final List<KvPeer> peers = new ArrayList<>();

  @AfterEach
  void stopPeers() {
    processes.values().forEach(KvPeerProcess::close);
  }

  private KvPeerProcess start(KvPeer peer) throws Exception {
    KvPeerConfig config = KvPeerConfig.of(peer.id(), peers, dir.resolve(peer.id())).withSnapshotThreshold(500);
    java.nio.file.Files.createDirectories(LOGS);
    KvPeerProcess process = KvPeerProcess.start(config, LOGS.resolve(peer.id() + ".log"), "256m", Duration.ofSeconds(60));
    processes.put(peer.id(), process);
    return process;
  }

  @Test
  void killingTheLeaderLosesNoAcknowledgedWriteAppliesNoneTwiceAndStaysLinearizable() throws Exception {
    peers.addAll(LocalKvCluster.freeLoopbackPeers(3));
    for (KvPeer peer : peers) {
      start(peer);
    }
    RegisterHistory history = new RegisterHistory();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong values = new AtomicLong(1);
    List<Worker> workers = new ArrayList<>();
    List<KvClient> clients = List.of(KvClient.connect(peers), KvClient.connect(peers));
    try (KvClient control = KvClient.connect(peers)) {
      // Every peer holds the log before the first kill: Ratis never counts the vote of a peer with an
      // empty log once entries are committed, so two survivors, one of them still empty, elect nobody.
      control.submit(new KvCommand.PutIssuer("start", KvCommand.ANY_VERSION, "probe.example/i", List.of("x"), 1));
      assertConverged(control);
      for (int i = 0; i < WORKERS; i++) {
        Worker worker = new Worker(i, clients.get(i % clients.size()), history, stop, values);
        workers.add(worker);
        worker.thread.start();
      }
      // The first kill comes once every worker is under way: each has completed some operations.
      Await.until("every worker to complete " + WARM_UP_OPERATIONS + " operations (completed, by worker)",
          Duration.ofSeconds(60), Duration.ofMillis(50), () -> completedByWorker(history, workers),
          completed -> completed.size() == WORKERS
              && completed.values().stream().allMatch(n -> n >= WARM_UP_OPERATIONS));

      List<Long> failovers = new ArrayList<>();
      for (int kill = 0; kill < KILLS; kill++) {
        String leader = awaitLeader(control);
        long killed = System.nanoTime();
        processes.get(leader).kill();
        failovers.add(firstWriteAfter(control, killed, "probe-" + kill));
        start(peers.stream().filter(p -> p.id().equals(leader)).findFirst().orElseThrow());
        // Raft needs a majority of up-to-date peers: the next kill waits until the restarted one has
        // caught up with what the leader had applied once it was back (the writes it missed while down),
        // and then with what the leader applied meanwhile, so that it keeps pace before the next kill.
        awaitCaughtUp(control, leader, control.digest().appliedIndex());
        awaitCaughtUp(control, leader, control.digest().appliedIndex());
      }
      stop.set(true);
      for (Worker worker : workers) {
        worker.thread.join(60_000);
      }

      for (long failover : failovers) {
        assertTrue(failover < ELECTION_BOUND.toMillis(), "failover took " + failover + " ms: " + failovers);
      }
      assertConverged(control);

      List<RegisterHistory.Op> ops = history.ops();
      assertTrue(ops.size() > 200, "a history worth checking: " + ops.size() + " operations");
      Optional<String> violation = LinearizabilityChecker.check(history);
      assertTrue(violation.isEmpty(), violation.orElse(""));

      for (Worker worker : workers) {
        assertTrue(worker.failure == null, "worker " + worker.id + ": " + worker.failure);
        long applied = control.issuer(worker.counter()).map(v -> v.issuer().version()).orElse(0L);
        assertTrue(worker.acked.size() > 10, "worker " + worker.id + " wrote: " + worker.acked.size());
        for (int i = 0; i < worker.acked.size(); i++) {
          assertTrue(i == 0 || worker.acked.get(i) > worker.acked.get(i - 1), "versions increase: " + worker.acked);
        }
        assertTrue(applied >= worker.acked.get(worker.acked.size() - 1), "no acknowledged write lost");
        assertTrue(applied <= worker.acked.size() + worker.unknown,
            "applied " + applied + " writes of " + worker.acked.size() + " acknowledged + " + worker.unknown
                + " unknown: none twice");
      }
      System.out.printf("LeaderKillIT: %d operations, failovers (ms) %s%n", ops.size(), failovers);
    } finally {
      stop.set(true);
      clients.forEach(KvClient::close);
    }
  }

  private static String awaitLeader(KvClient control) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until) {
      Optional<String> leader = control.leaderId();
      if (leader.isPresent()) {
        return leader.get();
      }
      Thread.sleep(50);
    }
    return fail("no leader");
  }

  /** The number of operations with a known outcome in {@code history}, by worker; fails if a worker did. */
  private static Map<Integer, Long> completedByWorker(RegisterHistory history, List<Worker> workers) {
    for (Worker worker : workers) {
      assertTrue(worker.failure == null, "worker " + worker.id + ": " + worker.failure);
    }
    return history.ops().stream().filter(op -> !op.unknown())
        .collect(Collectors.groupingBy(RegisterHistory.Op::client, TreeMap::new, Collectors.counting()));
  }

  /** Milliseconds from {@code killed} until a write succeeds. */
  private static long firstWriteAfter(KvClient control, long killed, String requestId) throws Exception {
    KvResult result = control.submit(new KvCommand.PutIssuer(requestId, KvCommand.ANY_VERSION, "probe.example/i",
        List.of("x"), 1));
    assertEquals(ReasonCode.OK, result.reason());
    return Duration.ofNanos(System.nanoTime() - killed).toMillis();
  }

  /** Waits until {@code peerId} has applied {@code index}. */
  private static void awaitCaughtUp(KvClient control, String peerId, long index) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (control.digest(peerId).appliedIndex() < index) {
      if (System.nanoTime() > until) {
        fail(peerId + " did not catch up to " + index);
      }
      Thread.sleep(100);
    }
  }

  private void assertConverged(KvClient control) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<StateDigest> digests = new ArrayList<>();
    while (System.nanoTime() < until) {
      digests.clear();
      for (KvPeer peer : peers) {
        digests.add(control.digest(peer.id()));
      }
      if (digests.stream().allMatch(d -> d.appliedIndex() == digests.get(0).appliedIndex()
          && d.digest().equals(digests.get(0).digest()))) {
        return;
      }
      Thread.sleep(200);
    }
    fail("peers did not converge: " + digests);
  }

  /** One client thread: random operations on the shared registers, and writes to its own counter. */
  private static final class Worker {
    final int id;
    final KvClient client;
    final RegisterHistory history;
    final AtomicBoolean stop;
    final AtomicLong values;
    final Thread thread;
    final List<Long> acked = new ArrayList<>();
    final Map<String, Long> lastSeen = new HashMap<>();
    int unknown;
    volatile Throwable failure;

    Worker(int id, KvClient client, RegisterHistory history, AtomicBoolean stop, AtomicLong values) {
      this.id = id;
      this.client = client;
      this.history = history;
      this.stop = stop;
      this.values = values;
      this.thread = new Thread(this::run, "worker-" + id);
    }

    String counter() {
      return "counter-" + id + ".example/i";
    }

    void run() {
      try {
        for (int step = 0; !stop.get(); step++) {
          if (step % 3 == 0) {
            writeCounter();
          }
          String key = REGISTERS.get(ThreadLocalRandom.current().nextInt(REGISTERS.size()));
          int dice = ThreadLocalRandom.current().nextInt(10);
          if (dice < 4) {
            write(key);
          } else if (dice < 6) {
            cas(key);
          } else {
            read(key);
          }
        }
      } catch (Throwable t) {
        failure = t;
      }
    }

    private void writeCounter() {
      try {
        KvResult result = client.submit(new KvCommand.PutIssuer(KvCommand.newRequestId(), KvCommand.ANY_VERSION,
            counter(), List.of("x"), 1));
        assertEquals(ReasonCode.OK, result.reason());
        acked.add(result.version());
      } catch (KvUnavailableException e) {
        unknown++;
      }
    }

    private void write(String key) {
      long value = values.getAndIncrement();
      long invoked = System.nanoTime();
      try {
        KvResult result = client.submit(new KvCommand.PutIssuer(KvCommand.newRequestId(), KvCommand.ANY_VERSION, key,
            List.of("x"), value));
        long returned = System.nanoTime();
        assertEquals(ReasonCode.OK, result.reason());
        history.add(new RegisterHistory.Op(id, key, RegisterHistory.Kind.WRITE, -1, value, true, result.version(),
            invoked, returned));
      } catch (KvUnavailableException e) {
        history.add(new RegisterHistory.Op(id, key, RegisterHistory.Kind.WRITE, -1, value, true, 0, invoked,
            Long.MAX_VALUE));
      }
    }

    private void cas(String key) {
      long value = values.getAndIncrement();
      long expected = lastSeen.getOrDefault(key, 0L);
      long invoked = System.nanoTime();
      try {
        KvResult result = client.submit(new KvCommand.PutIssuer(KvCommand.newRequestId(), expected, key,
            List.of("x"), value));
        long returned = System.nanoTime();
        boolean ok = result.reason() == ReasonCode.OK;
        assertTrue(ok || result.reason() == ReasonCode.STALE_VERSION || result.reason() == ReasonCode.EXISTS,
            result.toString());
        lastSeen.put(key, result.version());
        history.add(new RegisterHistory.Op(id, key, RegisterHistory.Kind.CAS, expected, value, ok, result.version(),
            invoked, returned));
      } catch (KvUnavailableException e) {
        history.add(new RegisterHistory.Op(id, key, RegisterHistory.Kind.CAS, expected, value, false, 0, invoked,
            Long.MAX_VALUE));
      }
    }

    private void read(String key) {
      long invoked = System.nanoTime();
      try {
        Optional<IssuerView> view = client.issuer(key);
        long returned = System.nanoTime();
        long version = view.map(v -> v.issuer().version()).orElse(0L);
        long value = view.map(v -> v.issuer().maxValidityMillis()).orElse(-1L);
        lastSeen.put(key, version);
        history.add(new RegisterHistory.Op(id, key, RegisterHistory.Kind.READ, -1, value, true, version, invoked,
            returned));
      } catch (KvUnavailableException e) {
        history.add(new RegisterHistory.Op(id, key, RegisterHistory.Kind.READ, -1, -1, true, 0, invoked,
            Long.MAX_VALUE));
      }
    }
  }
}
