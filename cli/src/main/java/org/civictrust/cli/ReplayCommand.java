package org.civictrust.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.civictrust.connect.ArchiveException;
import org.civictrust.connect.ArchiveLayout;
import org.civictrust.connect.DirectoryStore;
import org.civictrust.connect.LogReplay;
import org.civictrust.schemas.KafkaClientConfig;
import org.civictrust.schemas.Topics;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.verifier.TrustStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.civictrust.schemas.TopicReader;

/**
 * {@code civictrust replay}: rebuilds every log from {@value Topics#ENTRIES} into an empty directory,
 * {@code OUT/<origin>/} in tlog-tiles layout, and checks every checkpoint on {@value Topics#CHECKPOINTS}
 * against it ({@link LogReplay}). Both topics are read, committed records only, up to where they end
 * when the command starts, the checkpoints' end taken first: a checkpoint is committed with or after the
 * entries it covers, so every checkpoint read has its entries read too. Prints a line for each problem,
 * then one line a log ({@code OK} or {@code FAILED}, the origin, counts) and a summary. Exit code 0 if
 * every checkpoint matches and no entry is missing, 1 otherwise, 2 for bad usage, a non-empty OUT, an
 * unreadable trust store or an unreachable cluster.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Rebuild each log from " + Topics.ENTRIES + " and check its checkpoints.",
        "Writes each log to OUT/<origin>/ (tlog-tiles layout) and checks every checkpoint on",
        Topics.CHECKPOINTS + " against it. Exit code 1 if any does not match."})
final class ReplayCommand implements Callable<Integer> {
  private static final AvroCodec<LogEntry> ENTRY = AvroCodec.of(LogEntry.class, 1 << 20);
  private static final AvroCodec<SignedCheckpoint> CHECKPOINT = AvroCodec.of(SignedCheckpoint.class, 2 << 20);

  private final Main.Terminal terminal;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  ClusterOptions cluster;

  @Mixin
  CommandConfigOption commandConfig;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "An empty or new directory.")
  Path out;

  @Option(names = "--trust", paramLabel = "FILE", description = "Trust store with the logs' keys (default: DATA/trust.json).")
  Path trust;

  private final Map<String, LogReplay> logs = new TreeMap<>();
  private DirectoryStore store;
  private long malformedRecords;

  ReplayCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    Path trustFile = trust != null ? trust : ClusterOptions.dataDir(cluster).map(d -> d.resolve("trust.json"))
        .orElseThrow(() -> new InputException("--bootstrap needs --trust FILE: the logs' keys"));
    TrustStore trustStore = InputFiles.readTrustStore(trustFile);
    requireEmpty(out);
    String bootstrap = ClusterOptions.bootstrap(cluster);
    KafkaClientConfig client = CommandConfigOption.load(commandConfig);
    KafkaClients.requireTopics(bootstrap, client, List.of(Topics.ENTRIES, Topics.CHECKPOINTS));
    store = DirectoryStore.open(out);
    trustStore.logs().forEach(log -> replay(log.origin(), trustStore));
    try (KafkaConsumer<byte[], byte[]> checkpoints = KafkaClients.consumer(bootstrap, client);
        KafkaConsumer<byte[], byte[]> entries = KafkaClients.consumer(bootstrap, client)) {
      Map<TopicPartition, Long> checkpointsEnd = TopicReader.assignFromBeginning(checkpoints, Topics.CHECKPOINTS);
      Map<TopicPartition, Long> entriesEnd = TopicReader.assignFromBeginning(entries, Topics.ENTRIES);
      TopicReader.readToEnd(entries, entriesEnd, r -> append(r, trustStore));
      TopicReader.readToEnd(checkpoints, checkpointsEnd, r -> check(r, trustStore));
    }
    return report(terminal.out());
  }

  private void append(ConsumerRecord<byte[], byte[]> record, TrustStore trustStore) throws IOException {
    LogEntry entry;
    try {
      entry = ENTRY.decodeSingleObject(record.value() == null ? new byte[0] : record.value());
    } catch (RecordException e) {
      malformed(record, e);
      return;
    }
    try {
      replay(entry.getOrigin(), trustStore).append(entry.getLeafIndex(), Documents.bytes(entry.getEntry()));
    } catch (ArchiveException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private void check(ConsumerRecord<byte[], byte[]> record, TrustStore trustStore) throws IOException {
    SignedCheckpoint signed;
    try {
      signed = CHECKPOINT.decodeSingleObject(record.value() == null ? new byte[0] : record.value());
    } catch (RecordException e) {
      malformed(record, e);
      return;
    }
    replay(signed.getOrigin(), trustStore).check(Documents.bytes(signed.getNote()), signed.getTreeSize(),
        Documents.bytes(signed.getRootHash()));
  }

  private LogReplay replay(String origin, TrustStore trustStore) {
    return logs.computeIfAbsent(origin, o -> LogReplay.into(store, ArchiveLayout.logPrefix(o), o,
        trustStore.log(o).map(TrustStore.Log::vkey)));
  }

  private void malformed(ConsumerRecord<byte[], byte[]> record, RecordException e) {
    malformedRecords++;
    terminal.out().printf("MALFORMED %s partition %d offset %d: %s%n", record.topic(), record.partition(),
        record.offset(), e.getMessage());
  }

  /** Finishes every log, prints its problems and its line, then the summary; returns the exit code. */
  private int report(PrintStream stdout) throws IOException {
    boolean allOk = malformedRecords == 0;
    long entries = 0;
    long checked = 0;
    for (LogReplay log : logs.values()) {
      try {
        log.finish();
      } catch (ArchiveException e) {
        throw new IOException(e.getMessage(), e);
      }
      log.problems().forEach(p -> stdout.printf("%s %s: %s%n", p.finding(), log.origin(), p.evidence()));
      boolean ok = log.problems().isEmpty();
      allOk &= ok;
      entries += log.entries();
      checked += log.checkpointsChecked();
      long gaps = log.problems().stream().filter(p -> p.finding() == LogReplay.Finding.GAP
          || p.finding() == LogReplay.Finding.BEYOND_ENTRIES || p.finding() == LogReplay.Finding.REPEAT).count();
      stdout.printf("%s %s entries=%d checkpoints=%d mismatches=%d gaps=%d problems=%d checkpoint=%s%n",
          ok ? "OK" : "FAILED", log.origin(), log.entries(), log.checkpointsChecked(),
          log.checkpoints(LogReplay.Finding.ROOT_MISMATCH), gaps, log.problems().size(),
          log.latestSize() < 0 ? "none" : Long.toString(log.latestSize()));
    }
    stdout.printf("%s: %d logs, %d entries, %d checkpoints checked, rebuilt in %s%n",
        allOk ? "OK" : "FAILED", logs.size(), entries, checked, out);
    return allOk ? 0 : Main.FAILED;
  }

  /** Refuses an OUT that exists and is not an empty directory. */
  static void requireEmpty(Path out) throws InputException, IOException {
    if (!Files.exists(out)) {
      return;
    }
    if (!Files.isDirectory(out)) {
      throw new InputException(out + " is not a directory");
    }
    try (Stream<Path> children = Files.list(out)) {
      if (children.findAny().isPresent()) {
        throw new InputException(out + " is not empty: replay writes into an empty or new directory");
      }
    }
  }
}
