package org.civictrust.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.civictrust.monitor.Monitor;
import org.civictrust.monitor.MonitorConfig;
import org.civictrust.monitor.MonitorStreams;
import org.civictrust.monitor.MonitorTopics;
import org.civictrust.tlog.MonitoredLog;
import org.civictrust.monitor.ProofSource;
import org.civictrust.platform.EmbeddedBroker;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.MonitorIncident;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.civictrust.schemas.Topics;

/**
 * {@code civictrust bench monitor}: the monitor's figures. Throughput: checkpoints a monitor core
 * decides per second on one thread (log signature verified, seeded consistency proof read from
 * in-memory tiles and checked), against verifying the signatures alone, measured in the same run.
 * Detection latency: on the embedded broker, from publishing a forked checkpoint to reading the
 * monitor's committed critical incident. Writes {@code docs/benchmarks/monitor-<date>.json} and
 * {@code .md}.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = {"Benchmark the monitor.",
        "Checkpoints verified per second (signature and consistency proof), and detection latency from a",
        "forked checkpoint to its incident on the embedded broker."})
final class MonitorBenchCommand implements Callable<Integer> {
  private static final String ORIGIN = "bench.civictrust.example/log";
  private static final AvroCodec<LogEntry> ENTRY = AvroCodec.of(LogEntry.class, 1 << 20);
  private static final AvroCodec<SignedCheckpoint> CHECKPOINT = AvroCodec.of(SignedCheckpoint.class, 1 << 20);
  private static final AvroCodec<MonitorIncident> INCIDENT = AvroCodec.of(MonitorIncident.class, 4 << 20);

  private final Main.Terminal terminal;

  @Option(names = "--runs", defaultValue = "5", description = "Throughput runs after one warm-up run (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--checkpoints", defaultValue = "20000", description = "Checkpoints a throughput run (default: ${DEFAULT-VALUE}).")
  int checkpoints;

  @Option(names = "--forks", defaultValue = "100", description = "Forked checkpoints timed for detection (default: ${DEFAULT-VALUE}).")
  int forks;

  @Option(names = "--repo", defaultValue = ".", description = "The repository to write docs/benchmarks into (default: .).")
  Path repo;

  MonitorBenchCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  /** A log in memory: entries, tiles and its signed checkpoints. */
  private static final class BenchLog {
    final SignerKey key = SignerKey.generate(ORIGIN, new SecureRandom());
    final CompactRange range = CompactRange.empty(0);
    final MemoryTiles tiles = new MemoryTiles();
    final List<byte[]> entries = new ArrayList<>();

    void append(byte[] entry) {
      entries.add(entry);
      range.append(Rfc9162.leafHash(entry), tiles);
    }

    byte[] checkpoint() {
      return Notes.sign(Checkpoint.of(ORIGIN, range.end(), range.rootHash()).format(), key);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || checkpoints < 100 || forks < 10) {
      throw new InputException("--runs >= 1, --checkpoints >= 100, --forks >= 10");
    }
    Random random = new Random(1);
    BenchLog log = new BenchLog();
    List<byte[]> notes = new ArrayList<>(checkpoints);
    for (int i = 0; i < checkpoints; i++) {
      for (int n = 1 + random.nextInt(16); n > 0; n--) {
        log.append(("entry " + log.range.end()).getBytes(StandardCharsets.UTF_8));
      }
      notes.add(log.checkpoint());
    }
    MonitoredLog monitored = new MonitoredLog(ORIGIN, log.key.verifierKey());
    List<Map<String, Object>> throughput = new ArrayList<>();
    for (int run = 0; run <= runs; run++) {
      double signatures = signaturesPerSecond(notes, monitored);
      double decided = checkpointsPerSecond(notes, monitored, log.tiles);
      terminal.out().printf("%s: %.0f checkpoints/s decided (signature and proof), %.0f signatures/s alone%n",
          run == 0 ? "warm-up" : "run " + run, decided, signatures);
      if (run > 0) {
        throughput.add(Map.of("checkpointsPerSecond", decided, "signaturesPerSecond", signatures));
      }
    }
    double[] detection = detectionMillis();
    Arrays.sort(detection);
    terminal.out().printf("detection: p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d forks%n",
        percentile(detection, 0.5), percentile(detection, 0.99), detection[detection.length - 1], detection.length);
    Path file = write(throughput, detection, log.range.end());
    terminal.out().println("wrote " + file);
    return 0;
  }

  private static double signaturesPerSecond(List<byte[]> notes, MonitoredLog log) throws Exception {
    long start = System.nanoTime();
    for (byte[] note : notes) {
      Checkpoint.open(note, ORIGIN, log.key());
    }
    return notes.size() / ((System.nanoTime() - start) / 1e9);
  }

  private static double checkpointsPerSecond(List<byte[]> notes, MonitoredLog log, MemoryTiles tiles) {
    Monitor monitor = new Monitor("bench.civictrust.example/monitor", List.of(log),
        ProofSource.tiles(Map.of(ORIGIN, tiles)), Monitor.Settings.defaults());
    long time = 1_000_000;
    long start = System.nanoTime();
    for (byte[] note : notes) {
      Monitor.Outcome outcome = monitor.observe(note, time++);
      if (outcome.status() != Monitor.Outcome.Status.ACCEPTED || !outcome.incidents().isEmpty()) {
        throw new IllegalStateException("an honest checkpoint was not accepted: " + outcome);
      }
    }
    return notes.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** Publishes forked checkpoints to a monitor on the embedded broker and times each to its incident. */
  private double[] detectionMillis() throws Exception {
    Path work = Files.createTempDirectory("civictrust-monitor-bench");
    BenchLog log = new BenchLog();
    SignerKey monitorKey = SignerKey.generate("bench.civictrust.example/monitor", new SecureRandom());
    Monitor.Settings settings = new Monitor.Settings(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60), 32, 16);
    MonitorConfig config = MonitorConfig.of(monitorKey, List.of(new MonitoredLog(ORIGIN, log.key.verifierKey())),
        List.of(), settings);
    double[] latencies = new double[forks];
    try (EmbeddedBroker broker = EmbeddedBroker.start(work.resolve("broker"))) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(Topics.CHECKPOINTS, 1, (short) 1),
            new NewTopic(Topics.ENTRIES, 1, (short) 1))).all().get();
        MonitorTopics.awaitLeaders(admin, List.of(Topics.CHECKPOINTS, Topics.ENTRIES));
      }
      try (MonitorStreams monitor = MonitorStreams.start(config, broker.bootstrapServers(), work.resolve("state"),
          Duration.ofMillis(100));
          KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(broker.bootstrapServers());
          KafkaConsumer<byte[], byte[]> incidents = KafkaClients.consumer(broker.bootstrapServers())) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!monitor.isRunning() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        TopicPartition partition = new TopicPartition(Topics.INCIDENTS, 0);
        incidents.assign(List.of(partition));
        incidents.seekToBeginning(List.of(partition));
        for (int i = 0; i < 50; i++) {
          publish(producer, log, 5, "warm-up");
        }
        for (int i = 0; i < forks; i++) {
          publish(producer, log, 3, "main");
          byte[] forked = forkOf(log, "fork " + i);
          long start = System.nanoTime();
          producer.send(checkpointRecord(forked)).get();
          latencies[i] = awaitCritical(incidents, start) / 1e6;
        }
      }
    }
    return latencies;
  }

  /** A checkpoint of the log's current size whose last entry differs: the log signing another history. */
  private static byte[] forkOf(BenchLog log, String last) {
    CompactRange range = CompactRange.empty(0);
    for (int i = 0; i < log.entries.size() - 1; i++) {
      range.append(Rfc9162.leafHash(log.entries.get(i)));
    }
    range.append(Rfc9162.leafHash(last.getBytes(StandardCharsets.UTF_8)));
    return Notes.sign(Checkpoint.of(ORIGIN, range.end(), range.rootHash()).format(), log.key);
  }

  private static void publish(KafkaProducer<byte[], byte[]> producer, BenchLog log, int entries, String history)
      throws Exception {
    byte[] key = ORIGIN.getBytes(StandardCharsets.UTF_8);
    for (int n = 0; n < entries; n++) {
      long index = log.range.end();
      byte[] entry = (history + " " + index).getBytes(StandardCharsets.UTF_8);
      log.append(entry);
      producer.send(new ProducerRecord<>(Topics.ENTRIES, 0, key,
          ENTRY.encodeSingleObject(new LogEntry(ORIGIN, index, ByteBuffer.wrap(entry), "bench-" + index))));
    }
    producer.send(checkpointRecord(log.checkpoint())).get();
  }

  private static ProducerRecord<byte[], byte[]> checkpointRecord(byte[] note) throws Exception {
    Checkpoint checkpoint = Checkpoint.parse(org.civictrust.tlog.Note.parse(note).text());
    return new ProducerRecord<>(Topics.CHECKPOINTS, 0, ORIGIN.getBytes(StandardCharsets.UTF_8),
        CHECKPOINT.encodeSingleObject(new SignedCheckpoint(ORIGIN, checkpoint.treeSize(),
            ByteBuffer.wrap(checkpoint.rootHash().bytes()), ByteBuffer.wrap(note))));
  }

  /** Nanoseconds from {@code start} until the next committed critical incident is read. */
  private static long awaitCritical(KafkaConsumer<byte[], byte[]> incidents, long start) throws Exception {
    long deadline = start + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : incidents.poll(Duration.ofMillis(5))) {
        if (INCIDENT.decodeSingleObject(record.value()).getSeverity().equals("critical")) {
          return System.nanoTime() - start;
        }
      }
    }
    throw new IOException("no incident within 30 s of a forked checkpoint");
  }

  private static double[] sorted(List<Map<String, Object>> runs, String figure) {
    double[] values = new double[runs.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (Double) runs.get(i).get(figure);
    }
    Arrays.sort(values);
    return values;
  }

  private static double percentile(double[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  private Path write(List<Map<String, Object>> throughput, double[] detection, long logSize) throws IOException {
    Path folder = Files.createDirectories(repo.resolve("docs/benchmarks"));
    String date = LocalDate.now(ZoneOffset.UTC).toString();
    double[] rates = sorted(throughput, "checkpointsPerSecond");
    double[] signatures = sorted(throughput, "signaturesPerSecond");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("date", date);
    json.put("commit", BenchmarkCommit.of(repo));
    json.put("checkpointsPerSecond", rates[rates.length / 2]);
    json.put("checkpointsPerSecondMin", rates[0]);
    json.put("checkpointsPerSecondMax", rates[rates.length - 1]);
    json.put("baselineSignaturesPerSecond", signatures[signatures.length / 2]);
    json.put("detectionMsP50", percentile(detection, 0.5));
    json.put("detectionMsP99", percentile(detection, 0.99));
    json.put("detectionMsMax", detection[detection.length - 1]);
    json.put("runs", throughput);
    json.put("checkpointsPerRun", checkpoints);
    json.put("logSizeAtTheEnd", logSize);
    json.put("forksTimed", detection.length);
    json.put("commitIntervalMillis", 100);
    json.put("targets", Map.of("checkpointsPerSecond", 5000));
    json.put("machine", machine());
    Path file = folder.resolve("monitor-" + date + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    Files.writeString(folder.resolve("monitor-" + date + ".md"), markdown(json, rates, detection), StandardCharsets.UTF_8);
    return file;
  }

  /** The figures as a short markdown page; notes on a run go below it, by hand. */
  private String markdown(Map<String, Object> json, double[] rates, double[] detection) {
    return String.format("# Monitor benchmark, %s%n%nCommit `%s`. %s.%n%n"
        + "| figure | value | target |%n| --- | --- | --- |%n"
        + "| checkpoints decided per second, one monitor, one thread (log signature and consistency proof from"
        + " tiles), median of %d runs of %d (min to max) | %.0f (%.0f to %.0f) | at least 5000 |%n"
        + "| baseline in the same runs: signature verification alone, per second | %.0f | |%n"
        + "| detection latency, forked checkpoint published to critical incident read, p50 / p99 / max over %d"
        + " forks | %.0f / %.0f / %.0f ms | |%n%n"
        + "Rerun: `bin/bench monitor` (about a minute; writes this file and its .json).%n",
        json.get("date"), json.get("commit"), json.get("machine"), rates.length, checkpoints, rates[rates.length / 2],
        rates[0], rates[rates.length - 1], json.get("baselineSignaturesPerSecond"), detection.length,
        percentile(detection, 0.5), percentile(detection, 0.99), detection[detection.length - 1]);
  }

  static String machine() {
    String cpu = "unknown CPU";
    String memory = "unknown RAM";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
      memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(memory);
    } catch (IOException e) {
      // keep the defaults
    }
    return Runtime.getRuntime().availableProcessors() + " cores (nproc), " + cpu + ", " + memory + " RAM, "
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
        + System.getProperty("java.version");
  }
}
