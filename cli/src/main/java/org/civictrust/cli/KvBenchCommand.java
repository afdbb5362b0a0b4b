package org.civictrust.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.civictrust.kv.server.KvBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code civictrust bench kv}: the issuance store's figures ({@link KvBenchmark}, peers in child JVMs).
 * Writes {@code docs/benchmarks/kv-<date>.json} and {@code .md}.
 */
@Command(name = "kv", mixinStandardHelpOptions = true,
    description = {"Benchmark the issuance store with its peers in child JVMs (several minutes).",
        "Write throughput with batching (three peers, and one peer as the baseline), linearizable read",
        "latency, failover after SIGKILL of the leader. Writes docs/benchmarks/kv-<date>.json and .md under",
        "--repo."})
final class KvBenchCommand implements Callable<Integer> {
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

  KvBenchCommand(Main.Terminal terminal) {
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
    Path file = dir.resolve("kv-" + date + ".json");
    Files.writeString(file, Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json)
        + "\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("kv-" + date + ".md"), markdown(json, result), StandardCharsets.UTF_8);
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
    md.append("\nDesign target: failover under 600 ms with a 150 ms heartbeat. Rerun: `bin/bench kv`"
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
