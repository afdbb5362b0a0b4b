package org.civictrust.kv.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvPeerConfig;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.KvUnavailableException;

/**
 * The store's benchmark (a benchmark, not a test): peers are child JVMs ({@link KvPeerProcess}) on
 * loopback, the client runs in this JVM.
 *
 * <ol>
 *   <li>Baseline: write throughput of a one-peer group (no replication), measured in the same run.
 *   <li>Write throughput of three peers with batching: {@code inFlight} asynchronous commands at a
 *       time (Ratis batches them into append-entries requests and log writes), after a warm-up,
 *       several runs for the spread.
 *   <li>Linearizable read latency (ReadIndex at the leader), one read at a time.
 *   <li>Failover: the leader is killed (SIGKILL) {@code kills} times; each time, the time from the
 *       kill to the first acknowledged write; the killed peer is restarted and caught up before the
 *       next kill.
 * </ol>
 */
public final class KvBenchmark {
  private final Path work;
  private final Settings settings;
  private final PrintStream progress;

  /**
   * What to run.
   *
   * @param writes commands per throughput run
   * @param inFlight commands in flight at a time
   * @param runs throughput runs (the spread)
   * @param warmup warm-up writing before the first run (the JIT needs 30-60 s on 2 cores)
   * @param reads linearizable reads timed
   * @param kills leader kills
   */
  public record Settings(int writes, int inFlight, int runs, Duration warmup, int reads, int kills) {
    /** The defaults: 20,000 writes, 128 in flight, 3 runs, 40 s warm-up, 2,000 reads, 20 kills. */
    public static Settings defaults() {
      return new Settings(20_000, 128, 3, Duration.ofSeconds(40), 2_000, 20);
    }
  }

  /**
   * The figures.
   *
   * @param writesPerSecond median of the three-peer runs
   * @param writesPerSecondRuns every three-peer run
   * @param baselineWritesPerSecond one peer, same client, same batching
   * @param readLatencyMsP50 linearizable read latency, median
   * @param readLatencyMsP99 linearizable read latency, 99th percentile
   * @param failoverMs kill to first acknowledged write, each kill
   * @param electionTimeoutMin the peers' shortest election timeout (heartbeat: half of it)
   * @param electionTimeoutMax the peers' longest election timeout
   */
  public record Result(double writesPerSecond, List<Double> writesPerSecondRuns, double baselineWritesPerSecond,
      double readLatencyMsP50, double readLatencyMsP99, List<Long> failoverMs, Duration electionTimeoutMin,
      Duration electionTimeoutMax) {
    /** The median failover. */
    public double failoverMsP50() {
      return percentile(failoverMs.stream().mapToDouble(Long::doubleValue).toArray(), 0.50);
    }

    /** The 99th percentile failover. */
    public double failoverMsP99() {
      return percentile(failoverMs.stream().mapToDouble(Long::doubleValue).toArray(), 0.99);
    }
  }

  private KvBenchmark(Path work, Settings settings, PrintStream progress) {
    this.work = work;
    this.settings = settings;
    this.progress = progress;
  }

  /** Runs the benchmark in the empty directory {@code work}, reporting progress on {@code progress}. */
  public static Result run(Path work, Settings settings, PrintStream progress) throws Exception {
    return new KvBenchmark(work, settings, progress).run();
  }

  private Result run() throws Exception {
    double baseline;
    progress.println("baseline: one peer, no replication");
    try (Group single = Group.start(work.resolve("single"), 1)) {
      try (KvClient client = KvClient.connect(single.peers)) {
        writeFor(client, settings.warmup().dividedBy(2), "warm-up");
        baseline = throughput(client, settings.writes(), "base");
      }
    }
    progress.printf("  %.0f writes/s%n", baseline);

    progress.println("three peers");
    try (Group group = Group.start(work.resolve("three"), 3)) {
      try (KvClient client = KvClient.connect(group.peers)) {
        writeFor(client, settings.warmup(), "warm-up");
        List<Double> runs = new ArrayList<>();
        for (int run = 0; run < settings.runs(); run++) {
          double rate = throughput(client, settings.writes(), "run" + run);
          runs.add(rate);
          progress.printf("  run %d: %.0f writes/s%n", run + 1, rate);
        }
        double[] reads = readLatencies(client);
        progress.printf("  reads: p50 %.2f ms, p99 %.2f ms%n", percentile(reads, 0.5), percentile(reads, 0.99));
        List<Long> failovers = new ArrayList<>();
        for (int kill = 0; kill < settings.kills(); kill++) {
          long failover = killLeader(group, client, kill);
          failovers.add(failover);
          progress.printf("  kill %d: first write after %d ms%n", kill + 1, failover);
        }
        double[] sorted = runs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        KvPeerConfig config = group.config(group.peers.get(0));
        return new Result(sorted[sorted.length / 2], runs, baseline, percentile(reads, 0.5), percentile(reads, 0.99),
            failovers, config.electionTimeoutMin(), config.electionTimeoutMax());
      }
    }
  }

  /** Writes as fast as {@code inFlight} allows for {@code duration}. */
  private void writeFor(KvClient client, Duration duration, String prefix) throws Exception {
    long until = System.nanoTime() + duration.toNanos();
    int batch = 0;
    while (System.nanoTime() < until) {
      throughput(client, 2_000, prefix + "-" + batch++);
    }
  }

  /** Writes {@code count} commands, {@code inFlight} at a time; returns commands per second. */
  private double throughput(KvClient client, int count, String prefix) throws Exception {
    Semaphore slots = new Semaphore(settings.inFlight());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong refused = new AtomicLong();
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      slots.acquire();
      KvCommand command = new KvCommand.PutIssuer(prefix + "-" + i, KvCommand.ANY_VERSION,
          "bench-" + (i % 100) + ".example/issuer", List.of("diploma"), 1 + i);
      client.submitAsync(command).whenComplete((result, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        } else if (!result.ok()) {
          refused.incrementAndGet();
        }
        slots.release();
      });
    }
    slots.acquire(settings.inFlight());
    double seconds = (System.nanoTime() - started) / 1e9;
    if (failure.get() != null) {
      throw new IllegalStateException("a benchmark write failed", failure.get());
    }
    if (refused.get() > 0) {
      throw new IllegalStateException(refused.get() + " benchmark writes were refused");
    }
    return count / seconds;
  }

  private double[] readLatencies(KvClient client) throws KvUnavailableException {
    double[] millis = new double[settings.reads()];
    for (int i = 0; i < millis.length; i++) {
      long started = System.nanoTime();
      if (client.issuer("bench-" + (i % 100) + ".example/issuer").isEmpty()) {
        throw new IllegalStateException("a benchmark issuer is missing");
      }
      millis[i] = (System.nanoTime() - started) / 1e6;
    }
    Arrays.sort(millis);
    return millis;
  }

  /** Kills the leader, returns milliseconds to the first acknowledged write, restarts the peer. */
  private long killLeader(Group group, KvClient client, int kill) throws Exception {
    String leader = awaitLeader(client);
    long killed = System.nanoTime();
    group.processes.get(leader).kill();
    KvResult result = client.submit(new KvCommand.PutIssuer("failover-" + kill, KvCommand.ANY_VERSION,
        "failover.example/issuer", List.of("diploma"), 1));
    long failover = Duration.ofNanos(System.nanoTime() - killed).toMillis();
    if (!result.ok()) {
      throw new IllegalStateException("the failover write was refused: " + result);
    }
    group.restart(leader);
    Thread.sleep(1_000);
    long target = client.digest().appliedIndex();
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (client.digest(leader).appliedIndex() < target) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException(leader + " did not catch up after its restart");
      }
      Thread.sleep(100);
    }
    throughput(client, 500, "between-" + kill);
    return failover;
  }

  private static String awaitLeader(KvClient client) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until) {
      Optional<String> leader = client.leaderId();
      if (leader.isPresent()) {
        return leader.get();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no leader within 30 s");
  }

  static double percentile(double[] sorted, double p) {
    double[] copy = sorted.clone();
    Arrays.sort(copy);
    if (copy.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * copy.length) - 1;
    return copy[Math.max(0, Math.min(copy.length - 1, index))];
  }

  /** Peers as child processes, each with its own directory and log. */
  private static final class Group implements AutoCloseable {
    final Path dir;
    final List<KvPeer> peers;
    final Map<String, KvPeerProcess> processes = new LinkedHashMap<>();

    private Group(Path dir, List<KvPeer> peers) {
      this.dir = dir;
      this.peers = peers;
    }

    static Group start(Path dir, int count) throws IOException {
      Files.createDirectories(dir);
      Group group = new Group(dir, LocalKvCluster.freeLoopbackPeers(count));
      try {
        for (KvPeer peer : group.peers) {
          group.restart(peer.id());
        }
      } catch (IOException | RuntimeException e) {
        group.close();
        throw e;
      }
      return group;
    }

    KvPeerConfig config(KvPeer peer) {
      return KvPeerConfig.of(peer.id(), peers, dir.resolve(peer.id()));
    }

    void restart(String peerId) throws IOException {
      KvPeer peer = peers.stream().filter(p -> p.id().equals(peerId)).findFirst().orElseThrow();
      processes.put(peerId, KvPeerProcess.start(config(peer), dir.resolve(peerId + ".log"), "384m",
          Duration.ofSeconds(60)));
    }

    /** Stops the peers together (one at a time, the last ones would wait for a lost quorum). */
    @Override
    public void close() {
      List<Thread> stops = new ArrayList<>();
      for (KvPeerProcess process : processes.values()) {
        Thread stop = new Thread(process::close, "stop-" + process.peer().id());
        stop.start();
        stops.add(stop);
      }
      for (Thread stop : stops) {
        try {
          stop.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
