package org.civictrust.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.civictrust.files.AtomicFiles;
import org.civictrust.kv.server.KvBenchmark;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvUnavailableException;
import org.civictrust.kv.server.LocalKvCluster;
import org.civictrust.kv.RevocationExport;
import org.civictrust.platform.Pipeline;
import org.civictrust.tlog.SignerKey;
import org.civictrust.verifier.RevocationSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code civictrust kv up|export-revocations|bench}: the Raft-replicated issuance store. */
@Command(name = "kv", mixinStandardHelpOptions = true, description = "The issuance store (three Raft peers).",
    subcommands = {KvStoreCommand.Up.class, KvStoreCommand.ExportRevocations.class, KvStoreCommand.Bench.class})
final class KvStoreCommand implements Runnable {
  private final Main.Terminal terminal;

  KvStoreCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(terminal.out());
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = {"Run the issuance store until Ctrl-C: three peers on loopback ports, each a Ratis server with",
          "its own storage directory DATA/kv/<id>; the peer list goes to DATA/kv/peers, where the other commands'",
          "--data finds it. Starting again on the same --data restarts the same peers on the same ports."})
  static final class Up implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Option(names = "--data", defaultValue = "civictrust-data", paramLabel = "DIR",
        description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--peers", defaultValue = "3", paramLabel = "N", description = "Peers on first start (default: ${DEFAULT-VALUE}).")
    int peerCount;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    Up(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      if (peerCount < 1 || peerCount % 2 == 0) {
        throw new InputException("--peers must be odd and at least 1");
      }
      if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
        // Ratis runs stages on the common pool; with 2 cores its parallelism would be 1.
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
      }
      KvOptions.quietTransportLogging();
      Path dir = data.resolve(KvOptions.KV_DIR);
      LocalKvCluster cluster;
      try {
        cluster = LocalKvCluster.start(dir, peerCount);
      } catch (IllegalArgumentException e) {
        throw new InputException(e.getMessage(), e);
      }
      try (KvClient client = KvClient.connect(cluster.peers())) {
        Optional<String> leader = awaitLeader(client);
        print(cluster, leader);
        UntilStopped.run(null, () -> stop(cluster));
        return 0;
      }
    }

    private static Optional<String> awaitLeader(KvClient client) throws InterruptedException {
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < until) {
        Optional<String> leader = client.leaderId();
        if (leader.isPresent()) {
          return leader;
        }
        Thread.sleep(50);
      }
      return Optional.empty();
    }

    private void print(LocalKvCluster cluster, Optional<String> leader) {
      PrintStream out = terminal.out();
      Path peersFile = cluster.directory().resolve(LocalKvCluster.PEERS_FILE);
      if (json) {
        ObjectNode node = Json.object().put("peersFile", peersFile.toString())
            .put("kv", KvPeer.formatList(cluster.peers())).put("leader", leader.orElse(null));
        ArrayNode peers = node.putArray("peers");
        for (KvPeer peer : cluster.peers()) {
          peers.add(Json.object().put("id", peer.id()).put("address", peer.address())
              .put("storage", cluster.directory().resolve(peer.id()).toString()));
        }
        Json.print(out, node);
      } else {
        out.printf("issuance store up: %d peers, leader %s%n", cluster.peers().size(), leader.orElse("not yet elected"));
        List<List<String>> rows = new ArrayList<>();
        for (KvPeer peer : cluster.peers()) {
          rows.add(List.of(peer.id(), peer.address(), cluster.directory().resolve(peer.id()).toString()));
        }
        KvOutput.table(out, List.of("PEER", "ADDRESS", "STORAGE"), rows);
        out.printf("peers file  %s (the other commands' --data %s finds the store there)%n", peersFile,
            cluster.directory().getParent());
        out.printf("--kv        %s%n", KvPeer.formatList(cluster.peers()));
        out.println("Running; stop with Ctrl-C.");
      }
      out.flush();
    }

    private boolean stopped;

    private synchronized void stop(LocalKvCluster cluster) {
      if (stopped) {
        return;
      }
      stopped = true;
      try {
        cluster.close();
      } catch (IOException e) {
        terminal.err().println("civictrust: error while stopping the store: " + e);
      }
      if (!json) {
        terminal.out().println("stopped");
        terminal.out().flush();
      }
    }
  }

  @Command(name = "export-revocations", mixinStandardHelpOptions = true,
      description = {"Export every revoked key (with its cutoff) and revoked document as a revocation snapshot",
          "signed as a C2SP signed note (format: docs/design/issuance-kv.md), for offline verifiers."})
  static final class ExportRevocations implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    KvOptions kv;

    @Option(names = "--key", paramLabel = "FILE", description = {"Signer key file (from 'keys generate'); default: the",
        "revocation key of 'civictrust up', DATA/" + Pipeline.REVOCATION_KEY_FILE + ", which its trust.json lists."})
    Path key;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The signed snapshot to write.")
    Path out;

    ExportRevocations(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      SignerKey signer = KeysCommand.readSignerKey(key != null ? key
          : (kv.data == null ? ClusterOptions.DEFAULT_DATA : kv.data).resolve(Pipeline.REVOCATION_KEY_FILE));
      RevocationSnapshot snapshot;
      try (KvClient client = kv.connect()) {
        snapshot = RevocationExport.read(client, signer.name(), System.currentTimeMillis());
      } catch (KvUnavailableException e) {
        throw KvOutput.unavailable(e);
      }
      byte[] note;
      try {
        note = snapshot.sign(signer);
      } catch (IllegalArgumentException e) {
        throw new InputException("cannot sign the snapshot: " + e.getMessage(), e);
      }
      AtomicFiles.createDirectories(out.toAbsolutePath().getParent());
      AtomicFiles.write(out, note);
      if (kv.json) {
        Json.print(terminal.out(), Json.object().put("file", out.toString()).put("index", snapshot.index())
            .put("keys", snapshot.keys().size()).put("documents", snapshot.documents().size())
            .put("verifierKey", signer.verifierKey().format()));
      } else {
        terminal.out().printf("wrote %s: %d revoked keys, %d revoked documents at log index %d, signed by %s%n", out,
            snapshot.keys().size(), snapshot.documents().size(), snapshot.index(), signer.verifierKey().format());
      }
      return 0;
    }
  }

  @Command(name = "bench", mixinStandardHelpOptions = true,
      description = {"Benchmark the store with peers in child JVMs (several minutes): write throughput with",
          "batching (three peers, and one peer as the baseline), linearizable read latency, failover after SIGKILL",
          "of the leader. Writes docs/benchmarks/issuance-kv-<date>.json and .md under --repo."})
  static final class Bench implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Option(names = "--repo", defaultValue = ".", paramLabel = "DIR", description = "Repository root (default: ${DEFAULT-VALUE}).")
    Path repo;

    @Option(names = "--work", paramLabel = "DIR", description = "Scratch directory (default: a new temporary one).")
    Path work;

    @Option(names = "--kills", defaultValue = "20", paramLabel = "N", description = "Leader kills (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--writes", defaultValue = "20000", paramLabel = "N", description = "Writes per run (default: ${DEFAULT-VALUE}).")
    int writes;

    @Option(names = "--in-flight", defaultValue = "128", paramLabel = "N",
        description = "Writes in flight (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "Throughput runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "PT40S", paramLabel = "DURATION", description = "Warm-up (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--reads", defaultValue = "2000", paramLabel = "N", description = "Timed reads (default: ${DEFAULT-VALUE}).")
    int reads;

    Bench(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      if (kills < 1 || writes < 1 || inFlight < 1 || runs < 1 || reads < 1 || warmup.isNegative()) {
        throw new InputException("--kills, --writes, --in-flight, --runs and --reads must be positive");
      }
      Path scratch = work != null ? Files.createDirectories(work) : Files.createTempDirectory("civictrust-kv-bench");
      String loadBefore = loadAverage();
      KvBenchmark.Result result = KvBenchmark.run(scratch,
          new KvBenchmark.Settings(writes, inFlight, runs, warmup, reads, kills), terminal.out());
      String loadAfter = loadAverage();
      Path json = write(result, loadBefore, loadAfter);
      terminal.out().printf("writes/s %.0f (one peer: %.0f), reads p99 %.2f ms, failover p50 %.0f ms p99 %.0f ms over %d"
          + " kills; wrote %s%n", result.writesPerSecond(), result.baselineWritesPerSecond(), result.readLatencyMsP99(),
          result.failoverMsP50(), result.failoverMsP99(), result.failoverMs().size(), json);
      return 0;
    }

    private Path write(KvBenchmark.Result result, String loadBefore, String loadAfter) throws IOException {
      String date = LocalDate.now(ZoneOffset.UTC).toString();
      Path dir = repo.resolve("docs/benchmarks");
      Files.createDirectories(dir);
      ObjectNode json = Json.object().put("date", date).put("commit", BenchmarkCommit.of(repo))
          .put("writesPerSecond", result.writesPerSecond())
          .put("readLatencyMsP50", result.readLatencyMsP50()).put("readLatencyMsP99", result.readLatencyMsP99())
          .put("failoverMsP50", result.failoverMsP50()).put("failoverMsP99", result.failoverMsP99())
          .put("failoverMsMax", result.failoverMs().stream().mapToLong(Long::longValue).max().orElse(0))
          .put("kills", result.failoverMs().size())
          .put("baselineOnePeerWritesPerSecond", result.baselineWritesPerSecond());
      ArrayNode runsNode = json.putArray("writesPerSecondRuns");
      result.writesPerSecondRuns().forEach(runsNode::add);
      ArrayNode failovers = json.putArray("failoverMs");
      result.failoverMs().forEach(failovers::add);
      json.putObject("settings").put("writesPerRun", writes).put("inFlight", inFlight).put("runs", runs)
          .put("warmup", warmup.toString()).put("reads", reads).put("peers", 3).put("transport", "gRPC, loopback")
          .put("peerHeap", "384m").put("heartbeatMs", result.electionTimeoutMin().toMillis() / 2)
          .put("electionTimeoutMs", result.electionTimeoutMin().toMillis() + "-" + result.electionTimeoutMax().toMillis());
      json.putObject("targets").put("failoverMs", 600).put("heartbeatMs", 150);
      json.put("machine", machine()).put("loadAverageBefore", loadBefore).put("loadAverageAfter", loadAfter);
      Path file = dir.resolve("issuance-kv-" + date + ".json");
      Files.writeString(file, Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json)
          + "\n", StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("issuance-kv-" + date + ".md"), markdown(json, result), StandardCharsets.UTF_8);
      return file;
    }

    /** The figures as a short markdown page. */
    static String markdown(ObjectNode json, KvBenchmark.Result result) {
      StringBuilder md = new StringBuilder();
      md.append("# Issuance store benchmark, ").append(json.get("date").asText()).append("\n\n");
      md.append("Commit `").append(json.get("commit").asText()).append("`. ").append(json.get("machine").asText())
          .append(". Three peers, each a child JVM (`-Xmx384m`), gRPC on loopback; the client in the benchmark's JVM."
              + " Load average before / after: ").append(json.get("loadAverageBefore").asText()).append(" / ")
          .append(json.get("loadAverageAfter").asText()).append(".\n\n");
      md.append("| figure | value |\n| --- | --- |\n");
      md.append(String.format("| writes/s, three peers, %d in flight (median of runs) | %.0f |%n",
          json.get("settings").get("inFlight").asInt(), result.writesPerSecond()));
      md.append("| writes/s, each run | ").append(result.writesPerSecondRuns().stream()
          .map(r -> String.format("%.0f", r)).reduce((a, b) -> a + ", " + b).orElse("")).append(" |\n");
      md.append(String.format("| baseline: writes/s, one peer (no replication), same run | %.0f |%n",
          result.baselineWritesPerSecond()));
      md.append(String.format("| linearizable read latency p50 / p99 | %.2f ms / %.2f ms |%n", result.readLatencyMsP50(),
          result.readLatencyMsP99()));
      md.append(String.format("| failover (SIGKILL of the leader to first acknowledged write) p50 / p99 / max, %d kills |"
          + " %.0f / %.0f / %d ms |%n", result.failoverMs().size(), result.failoverMsP50(), result.failoverMsP99(),
          result.failoverMs().stream().mapToLong(Long::longValue).max().orElse(0)));
      md.append(String.format("| heartbeat / election timeout | %d ms / %s ms |%n",
          result.electionTimeoutMin().toMillis() / 2, json.get("settings").get("electionTimeoutMs").asText()));
      md.append("\nDesign target: failover under 600 ms with a 150 ms heartbeat. Rerun: `bin/civictrust kv bench`"
          + " (writes this file and its .json).\n");
      return md.toString();
    }

    static String machine() {
      String cpu = "unknown CPU";
      long memoryKb = 0;
      try {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
          if (line.startsWith("model name")) {
            cpu = line.substring(line.indexOf(':') + 1).strip();
            break;
          }
        }
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
          if (line.startsWith("MemTotal:")) {
            memoryKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException | NumberFormatException e) {
        // Not Linux: the machine line says less.
      }
      return String.format("%d cores (nproc), %s, %d GB RAM, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
          cpu, Math.round(memoryKb / 1024.0 / 1024.0), System.getProperty("os.name"), System.getProperty("os.version"),
          System.getProperty("java.version"));
    }

    static String loadAverage() {
      try {
        return Files.readString(Path.of("/proc/loadavg")).strip();
      } catch (IOException e) {
        return "unknown";
      }
    }
  }
}
