package org.civictrust.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.civictrust.connect.internal.LogArchiver;
import org.civictrust.connect.internal.LogFiles;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Note;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Archive throughput of the sink's core, what {@link ArchiveSinkTask#put} does for each record: decode
 * the Avro record, hash the entry, build tiles, write bundles and tiles once, verify each checkpoint
 * (signature, root, consistency proof from the archive's tiles) and publish it. Kafka consumption and
 * the Connect framework are not measured. After 40 s of warm-up (the JIT takes most of a core for that
 * long on this machine), three stores, run after run in the same JVM:
 * <ul>
 *   <li>{@code memory}: the baseline, the sink's own work with a store that keeps files in a map;
 *   <li>{@code directory}: a {@link DirectoryStore} (temporary file, fsync, hard link);
 *   <li>{@code s3}: an {@link S3Store} against s3proxy 3.1 on loopback (conditional writes, 8 at once).
 * </ul>
 * Writes {@code docs/benchmarks/connectors-<date>.json} and {@code .md}.
 *
 * <p>Usage: {@code bin/bench connectors [--entries N] [--runs N] [--warmup SECONDS] [--repo-root DIR]}; a smoke
 * run: {@code --entries 3000 --runs 1 --warmup 0}.
 */
public final class ArchiveBenchmark {
  private static final AvroCodec<LogEntry> ENTRY = AvroCodec.of(LogEntry.class, 1 << 20);
  private static final AvroCodec<SignedCheckpoint> CHECKPOINT = AvroCodec.of(SignedCheckpoint.class, 2 << 20);
  private static final long CHECKPOINT_EVERY = 3_000;

  /** A record of the entries topic or of the checkpoints topic, as the sink receives it. */
  record Record(boolean entry, byte[] value) {}

  /** One run: how long, and what it wrote. */
  record Run(String store, long entries, double seconds, long tiles, long files) {
    double entriesPerSecond() {
      return entries / seconds;
    }

    double tilesPerSecond() {
      return tiles / seconds;
    }

    double filesPerSecond() {
      return files / seconds;
    }
  }

  private ArchiveBenchmark() {}

  public static void main(String[] args) throws Exception {
    int entries = 200_000;
    int runs = 3;
    int warmupSeconds = 40;
    Path repo = Path.of(".");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--entries" -> entries = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--warmup" -> warmupSeconds = Integer.parseInt(args[++i]);
        case "--repo-root" -> repo = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path work = Files.createTempDirectory("civictrust-archive-bench");
    String loadBefore = loadAverage();
    System.out.printf("preparing %,d records...%n", entries);
    SyntheticLog log = SyntheticLog.of("bench.civictrust.example/log", 42, entries);
    List<Record> records = records(log);
    long entryBytes = 0;
    for (long i = 0; i < entries; i++) {
      entryBytes += log.entry(i).length;
    }

    List<Run> results = new ArrayList<>();
    try (S3Proxy s3 = S3Proxy.start(work.resolve("s3proxy"))) {
      try (S3Client client = s3.client()) {
        client.createBucket(b -> b.bucket("bench"));
      }
      System.out.printf("warming up for %d s (memory and directory stores, not reported)...%n", warmupSeconds);
      long warmUntil = System.nanoTime() + warmupSeconds * 1_000_000_000L;
      for (int round = 0; System.nanoTime() < warmUntil; round++) {
        archive(log, records, new MemoryStore(), "warm-up");
        try (DirectoryStore directory = DirectoryStore.open(work.resolve("warm-up-" + round))) {
          archive(log, records, directory, "warm-up");
        }
      }
      for (int run = 1; run <= runs; run++) {
        results.add(archive(log, records, new MemoryStore(), "memory"));
        try (DirectoryStore directory = DirectoryStore.open(work.resolve("directory-" + run))) {
          results.add(archive(log, records, directory, "directory"));
        }
        try (S3Store bucket = S3Store.open("bench", "run-" + run, s3.settings())) {
          if (!bucket.conditionalWrites()) {
            throw new IllegalStateException("s3proxy did not honour conditional writes");
          }
          results.add(archive(log, records, bucket, "s3"));
        }
      }
    }
    write(repo, results, entries, entryBytes, runs, warmupSeconds, loadBefore + " before, " + loadAverage() + " after");
  }

  /** The 1, 5 and 15 minute load averages, or "unknown". */
  static String loadAverage() throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    if (!Files.exists(loadavg)) {
      return "unknown";
    }
    String[] fields = Files.readString(loadavg).trim().split("\\s+");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  /** The records the sink reads: entries, and a checkpoint after every 3,000 entries and at the end. */
  static List<Record> records(SyntheticLog log) throws Exception {
    List<Record> records = new ArrayList<>();
    for (long i = 0; i < log.size(); i++) {
      records.add(new Record(true,
          ENTRY.encodeSingleObject(new LogEntry(log.origin, i, ByteBuffer.wrap(log.entry(i)), "bench-" + i))));
      if ((i + 1) % CHECKPOINT_EVERY == 0 || i + 1 == log.size()) {
        byte[] note = log.checkpoint(i + 1);
        Checkpoint checkpoint = Checkpoint.parse(Note.parse(note).text());
        records.add(new Record(false, CHECKPOINT.encodeSingleObject(new SignedCheckpoint(log.origin,
            checkpoint.treeSize(), ByteBuffer.wrap(checkpoint.rootHash().bytes()), ByteBuffer.wrap(note)))));
      }
    }
    return records;
  }

  static Run archive(SyntheticLog log, List<Record> records, ArchiveStore store, String name) throws Exception {
    long begin = System.nanoTime();
    LogArchiver archiver = LogArchiver.resume(new LogFiles(store, ArchiveLayout.logPrefix(log.origin)), log.origin,
        log.vkey);
    long offset = 0;
    for (Record record : records) {
      if (record.entry()) {
        LogEntry entry = ENTRY.decodeSingleObject(record.value());
        archiver.appendEntry(entry.getLeafIndex(), Documents.bytes(entry.getEntry()), offset++);
      } else {
        SignedCheckpoint checkpoint = CHECKPOINT.decodeSingleObject(record.value());
        if (archiver.offerCheckpoint(Documents.bytes(checkpoint.getNote()), checkpoint.getTreeSize(),
            Documents.bytes(checkpoint.getRootHash()), offset++, null) != null) {
          throw new IllegalStateException("a good checkpoint was refused");
        }
      }
      if (archiver.hasReadyCheckpoint() || archiver.unwrittenFiles() >= 512) {
        if (!archiver.flush().isEmpty()) {
          throw new IllegalStateException("a good checkpoint was refused");
        }
      }
    }
    archiver.flush();
    double seconds = (System.nanoTime() - begin) / 1e9;
    if (archiver.archivedSize() != log.size()) {
      throw new IllegalStateException("archived " + archiver.archivedSize() + " of " + log.size());
    }
    long tiles = 0;
    long files = 0;
    for (String key : store.list(ArchiveLayout.logPrefix(log.origin) + "tile/")) {
      files++;
      if (!key.contains("/tile/entries/")) {
        tiles++;
      }
    }
    Run run = new Run(name, log.size(), seconds, tiles, files);
    System.out.printf(Locale.ROOT, "%-9s %,9d entries in %6.2f s: %,10.0f entries/s, %,8.0f tiles/s, %,8.0f files/s%n",
        name, run.entries(), seconds, run.entriesPerSecond(), run.tilesPerSecond(), run.filesPerSecond());
    return run;
  }

  /** The baseline's store: files in a map, so that the sink's own work is all that is timed. */
  static final class MemoryStore implements ArchiveStore {
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @Override
    public byte[] read(String key) {
      byte[] content = files.get(key);
      return content == null ? null : content.clone();
    }

    @Override
    public Write createIfAbsent(String key, byte[] content) {
      byte[] existing = files.putIfAbsent(key, content.clone());
      return existing == null ? Write.CREATED : Arrays.equals(existing, content) ? Write.UNCHANGED : Write.CONFLICT;
    }

    @Override
    public void sync() {
      // nothing to force
    }

    @Override
    public synchronized boolean replaceIf(String key, byte[] expected, byte[] content) {
      byte[] current = files.get(key);
      if (expected == null ? current != null : current == null || !Arrays.equals(current, expected)) {
        return false;
      }
      files.put(key, content.clone());
      return true;
    }

    @Override
    public List<String> list(String prefix) {
      return files.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
    }

    @Override
    public String location() {
      return "memory";
    }

    @Override
    public String writeMode() {
      return "in memory (baseline)";
    }

    @Override
    public void close() {
      files.clear();
    }
  }

  private static void write(Path repo, List<Run> results, int entries, long entryBytes, int runs, int warmupSeconds,
      String load) throws Exception {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    String date = LocalDate.now().toString();
    String commit = git(repo, "rev-parse", "HEAD");
    // Earlier figures in docs/benchmarks (which this run rewrites) do not make the code dirty.
    boolean dirty = !git(repo, "status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks").isEmpty();
    ObjectNode root = json.createObjectNode().put("date", date).put("commit", commit + (dirty ? "-dirty" : ""));
    Map<String, ObjectNode> bySink = new LinkedHashMap<>();
    for (String store : List.of("directory", "s3", "memory")) {
      List<Run> mine = results.stream().filter(r -> r.store().equals(store)).toList();
      ObjectNode sink = json.createObjectNode();
      sink.put("entriesPerSecond", median(mine.stream().mapToDouble(Run::entriesPerSecond).toArray()));
      sink.put("tilesPerSecond", median(mine.stream().mapToDouble(Run::tilesPerSecond).toArray()));
      sink.put("filesPerSecond", median(mine.stream().mapToDouble(Run::filesPerSecond).toArray()));
      double[] rates = mine.stream().mapToDouble(Run::entriesPerSecond).toArray();
      sink.put("entriesPerSecondMin", Arrays.stream(rates).min().orElse(0));
      sink.put("entriesPerSecondMax", Arrays.stream(rates).max().orElse(0));
      sink.put("spreadPercent", 100 * (Arrays.stream(rates).max().orElse(0) - Arrays.stream(rates).min().orElse(0))
          / median(rates));
      ArrayNode runList = sink.putArray("runs");
      for (Run run : mine) {
        runList.addObject().put("seconds", run.seconds()).put("entriesPerSecond", run.entriesPerSecond())
            .put("tilesPerSecond", run.tilesPerSecond()).put("filesPerSecond", run.filesPerSecond())
            .put("tiles", run.tiles()).put("files", run.files());
      }
      bySink.put(store, sink);
    }
    root.set("directory", bySink.get("directory"));
    root.set("s3", bySink.get("s3"));
    root.set("baseline", bySink.get("memory").put("what", "the same work with an in-memory store: the sink's CPU cost"));
    root.put("entriesPerSecond", bySink.get("directory").get("entriesPerSecond").asDouble());
    root.put("tilesPerSecond", bySink.get("directory").get("tilesPerSecond").asDouble());
    root.putObject("workload").put("entries", entries).put("meanEntryBytes", (double) entryBytes / entries)
        .put("checkpointEvery", CHECKPOINT_EVERY).put("runsPerStore", runs).put("warmupSeconds", warmupSeconds)
        .put("s3Server", "s3proxy 3.1.0, filesystem-nio2 backend, loopback, conditional writes, 8 PUTs at once")
        .put("measured", "the sink task's core per record: Avro decode, leaf hash, tiles, write-once files, "
            + "checkpoint verification and publication; not Kafka consumption nor the Connect framework");
    root.put("machine", machine());
    root.put("load", "The machine (2 cores) was shared with three other builds during the run: load average "
        + load);
    Path out = repo.resolve("docs/benchmarks/connectors-" + date + ".json");
    Files.createDirectories(out.getParent());
    json.writeValue(out.toFile(), root);
    Path md = repo.resolve("docs/benchmarks/connectors-" + date + ".md");
    Files.writeString(md, markdown(root, results), StandardCharsets.UTF_8);
    System.out.println("wrote " + out + " and " + md);
  }

  static String markdown(ObjectNode root, List<Run> results) {
    StringBuilder md = new StringBuilder();
    md.append("# Archive sink benchmark, ").append(root.get("date").asText()).append("\n\n");
    md.append("Commit `").append(root.get("commit").asText()).append("`, ").append(root.get("machine").asText())
        .append(". ").append(root.get("load").asText()).append(".\n\n");
    md.append("What is measured: ").append(root.get("workload").get("measured").asText()).append(". ")
        .append(String.format(Locale.ROOT, "%,d entries of %.0f bytes on average, a checkpoint every %,d entries, "
            + "%d runs per store in one JVM after %d s of warm-up. S3: %s.%n%n",
            root.get("workload").get("entries").asLong(), root.get("workload").get("meanEntryBytes").asDouble(),
            root.get("workload").get("checkpointEvery").asLong(), root.get("workload").get("runsPerStore").asInt(),
            root.get("workload").get("warmupSeconds").asInt(), root.get("workload").get("s3Server").asText()));
    md.append("| store | entries/s (median) | min – max | spread | tiles/s | files/s (tiles and bundles) |\n");
    md.append("| --- | --- | --- | --- | --- | --- |\n");
    for (String store : List.of("directory", "s3", "baseline")) {
      ObjectNode sink = (ObjectNode) root.get(store);
      md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f – %,.0f | %.0f %% | %,.0f | %,.0f |%n",
          store.equals("baseline") ? "memory (baseline)" : store, sink.get("entriesPerSecond").asDouble(),
          sink.get("entriesPerSecondMin").asDouble(), sink.get("entriesPerSecondMax").asDouble(),
          sink.get("spreadPercent").asDouble(), sink.get("tilesPerSecond").asDouble(),
          sink.get("filesPerSecond").asDouble()));
    }
    md.append("\nEach run, in order:\n\n| run | store | seconds | entries/s | tiles/s |\n| --- | --- | --- | --- | --- |\n");
    int index = 0;
    for (Run run : results) {
      md.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %,.0f | %,.0f |%n", index++ / 3 + 1,
          run.store(), run.seconds(), run.entriesPerSecond(), run.tilesPerSecond()));
    }
    md.append("\nRerun: `bin/bench connectors` (writes this file and its .json).\n");
    return md.toString();
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length == 0 ? 0 : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  static String machine() throws IOException {
    String cpu = "unknown CPU";
    long ramKb = 0;
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.exists(cpuinfo)) {
      cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
    }
    Path meminfo = Path.of("/proc/meminfo");
    if (Files.exists(meminfo)) {
      ramKb = Files.readAllLines(meminfo).stream().filter(l -> l.startsWith("MemTotal"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
    }
    return Runtime.getRuntime().availableProcessors() + " cores (nproc), " + cpu + ", "
        + Math.round(ramKb / 1024.0 / 1024.0) + " GiB RAM, " + System.getProperty("os.name") + " "
        + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
  }

  static String git(Path repo, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    process.waitFor();
    return out;
  }
}
