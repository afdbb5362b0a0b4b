package org.civictrust.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.civictrust.platform.EmbeddedBroker;
import org.civictrust.tlog.Checkpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The archive sink in a real Kafka Connect worker (its own JVM, the plugin installed from the packaged
 * plugin directory) on the real embedded KRaft broker: two logs, one of 100,000 entries, archived in a
 * directory while the worker is killed (SIGKILL) and restarted, the other log's archive is lost while
 * the worker is down (the task finds it behind its committed offsets and archives the log again from the
 * topics' start), and a task fails on purpose (a file in its way with other bytes); then forged and
 * forked checkpoints are refused; then one corrupted byte is found. Throughout, the archive is checked against the tile server's {@code LogMirror} byte for byte
 * and by {@link ArchiveVerifier}, and no file written once is ever written again.
 */
class ArchiveSinkIT {
  static final String ENTRIES = "civictrust.log.entries";
  static final String CHECKPOINTS = "civictrust.log.checkpoints";
  static final String DLQ = "civictrust.archive.refused";
  static final String CONNECTOR = "civictrust-archive";
  static final int BIG = 100_000;
  static final int SMALL = 6_000;
  static final int SMALL_LATER = 6_500;
  static final long EVERY = 3_000;
  static final SyntheticLog A = SyntheticLog.of("it.civictrust.example/log/0", 100, BIG);
  static final SyntheticLog B = SyntheticLog.of("it.civictrust.example/log/1", 101, SMALL_LATER);

  /**
   * An {@link ArchiveException} in a task's trace: its message starts with the fault and the path of
   * the file at fault ({@code "<FAULT> at <path>: "}).
   */
  static final Pattern ARCHIVE_EXCEPTION = Pattern.compile(
      Pattern.quote(ArchiveException.class.getName()) + ": ([A-Z_]+) at (\\S+): ");

  static Path work;
  static EmbeddedBroker broker;
  static Path archiveDir;
  static DirectoryStore store;

  @BeforeAll
  static void startBroker() throws Exception {
    work = Path.of(System.getProperty("it.work", "target/it-work")).resolve("sink-" + System.currentTimeMillis());
    Files.createDirectories(work);
    broker = EmbeddedBroker.start(work.resolve("broker"));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      Map<String, String> forever = Map.of("retention.ms", "-1", "retention.bytes", "-1");
      admin.createTopics(List.of(new NewTopic(ENTRIES, 2, (short) 1).configs(forever),
          new NewTopic(CHECKPOINTS, 2, (short) 1).configs(forever))).all().get();
    }
    archiveDir = work.resolve("archive");
    store = DirectoryStore.open(archiveDir);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  static Map<String, String> connectorConfig() {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", ArchiveSinkConnector.class.getName());
    config.put("tasks.max", "2");
    config.put("topics", ENTRIES + "," + CHECKPOINTS);
    config.put("archive.location", archiveDir.toString());
    config.put("archive.logs", A.origin + " " + A.vkey.format() + "\n" + B.origin + " " + B.vkey.format());
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", DLQ);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
    return config;
  }

  static String prefix(SyntheticLog log) {
    return ArchiveLayout.logPrefix(log.origin);
  }

  /** The tree size of the log's archived checkpoint, verified with its key; 0 if there is none. */
  static long archived(SyntheticLog log) throws Exception {
    byte[] note = store.read(prefix(log) + ArchiveLayout.CHECKPOINT);
    return note == null ? 0 : Checkpoint.open(note, log.origin, log.vkey).treeSize();
  }

  /** Waits until the log's archived checkpoint reaches {@code size}; fails at once if a task failed. */
  static void awaitArchived(ConnectWorker worker, SyntheticLog log, long size, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (archived(log) < size) {
      for (JsonNode task : worker.status(CONNECTOR).path("tasks")) {
        if ("FAILED".equals(task.path("state").asText())) {
          throw new AssertionError("task failed while archiving " + log.origin + ": " + task.path("trace").asText());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(log.origin + " archived up to " + archived(log) + ", not " + size + ", within " + within);
      }
      Thread.sleep(200);
    }
  }

  @Test
  void archivesThroughCrashesAndFailuresRefusesForgeriesAndNamesACorruptTile() throws Exception {
    Path plugins = Path.of(System.getProperty("connect.plugin.path", "target/plugin"));
    // A file in the way of log A's bundle 200 (entries 51,200 to 51,455) with other bytes: the task
    // that reaches it must fail, and leave it as it is.
    String plantedKey = prefix(A) + "tile/entries/200";
    byte[] planted = "not the log's bundle".getBytes(StandardCharsets.UTF_8);
    assertEquals(ArchiveStore.Write.CREATED, store.createIfAbsent(plantedKey, planted));

    long begin = System.nanoTime();
    try (LogProducer producer = new LogProducer(broker.bootstrapServers(), ENTRIES, CHECKPOINTS)) {
      producer.logWithCheckpoints(A, 0, 0, 40_000, EVERY);
      producer.logWithCheckpoints(B, 1, 0, SMALL, EVERY);

      ConnectWorker first = ConnectWorker.start(broker.bootstrapServers(), "civictrust-archive-it", plugins,
          work.resolve("worker"));
      Map<Path, String> written;
      try {
        assertTrue(first.logText().contains("civictrust-archive-sink"), "the plugin came from its plugin directory");
        first.putConnector(CONNECTOR, connectorConfig());
        awaitArchived(first, A, 39_000, Duration.ofSeconds(120));
        awaitArchived(first, B, SMALL, Duration.ofSeconds(30));
        written = fingerprints(prefix(A));
        System.out.printf("40,000 + 6,000 entries archived %.1f s after start%n", (System.nanoTime() - begin) / 1e9);

        producer.logWithCheckpoints(A, 0, 40_000, 70_000, EVERY);
        awaitArchived(first, A, 45_000, Duration.ofSeconds(60));
      } finally {
        first.kill();
      }
      long killedAt = archived(A);
      assertTrue(killedAt < 70_000, "killed mid-run, at " + killedAt);
      deleteTree(store.file(prefix(B) + "tile").getParent());

      try (ConnectWorker second = ConnectWorker.start(broker.bootstrapServers(), "civictrust-archive-it", plugins,
          work.resolve("worker"))) {
        producer.logWithCheckpoints(A, 0, 70_000, BIG, EVERY);
        producer.logWithCheckpoints(B, 1, SMALL, SMALL_LATER, EVERY);

        JsonNode failed = second.awaitTask(CONNECTOR, t -> "FAILED".equals(t.path("state").asText()),
            Duration.ofSeconds(120));
        String trace = failed.path("trace").asText();
        Matcher cause = ARCHIVE_EXCEPTION.matcher(trace);
        assertTrue(cause.find(), "the task failed for an archive fault: " + trace);
        assertEquals(ArchiveFault.IMMUTABLE_CONFLICT, ArchiveFault.valueOf(cause.group(1)), trace);
        assertEquals("tile/entries/200", cause.group(2), "the task says which file is in its way: " + trace);
        assertArrayEquals(planted, store.read(plantedKey), "the file in the way was left as it is");
        assertTrue(archived(A) <= 51_000, "the archive stops before the conflict, at " + archived(A));
        System.out.printf("task %d failed on purpose at %d; worker killed at %d%n", failed.path("id").asInt(),
            archived(A), killedAt);

        Files.delete(store.file(plantedKey));
        int failedTask = failed.path("id").asInt();
        second.restartTask(CONNECTOR, failedTask);
        second.awaitTask(CONNECTOR, t -> t.path("id").asInt() == failedTask && "RUNNING".equals(t.path("state").asText()),
            Duration.ofSeconds(30));
        awaitArchived(second, A, BIG, Duration.ofSeconds(180));
        awaitArchived(second, B, SMALL_LATER, Duration.ofSeconds(60));
        assertTrue(second.logText().contains("reading both topics of the log again from their start"),
            "the task found the lost archive behind its offsets and said so");
        System.out.printf("100,000 entries archived %.1f s after start%n", (System.nanoTime() - begin) / 1e9);

        // A checkpoint signed by another key, one signed by the log's key that forks it, an old good one.
        producer.checkpoint(A, 0, A.forgedCheckpoint(BIG));
        producer.checkpoint(A, 0, A.forkedCheckpoint(99_000));
        producer.checkpoint(A, 0, A.checkpoint(60_000));
        producer.flush();
        List<String> refused = awaitDeadLetters(2, Duration.ofSeconds(60));
        assertEquals(List.of(ArchiveFault.CHECKPOINT_INVALID.name(), ArchiveFault.INCONSISTENT_CHECKPOINT.name()),
            refused, "the dead letter queue says why each was refused");
        second.awaitTask(CONNECTOR, t -> "RUNNING".equals(t.path("state").asText()), Duration.ofSeconds(5));
        for (JsonNode task : second.status(CONNECTOR).path("tasks")) {
          assertEquals("RUNNING", task.path("state").asText(), "refusing a checkpoint does not stop archiving");
        }
        assertArrayEquals(A.checkpoint(BIG), store.read(prefix(A) + ArchiveLayout.CHECKPOINT),
            "the archive keeps its last good checkpoint");
      }
      assertArrayEquals(A.checkpoint(BIG), store.read(prefix(A) + ArchiveLayout.CHECKPOINT));

      for (SyntheticLog log : List.of(A, B)) {
        ArchiveReport report = ArchiveVerifier.verify(store, prefix(log), log.origin, log.vkey);
        assertTrue(report.verified(), report::toString);
        assertEquals(log.size(), report.treeSize());
        int compared = MirrorComparison.assertSameAsMirror(store, prefix(log), MirrorComparison.mirror(log, log.size()));
        System.out.printf("%s: verified, %d files equal to the tile server's%n", log.origin, compared);
      }
      assertNothingRewritten(written);

      Path tile = store.file(prefix(A) + "tile/0/123");
      byte[] content = Files.readAllBytes(tile);
      content[4_000] ^= 0x10;
      Files.write(tile, content);
      ArchiveReport corrupt = ArchiveVerifier.verify(store, prefix(A), A.origin, A.vkey);
      assertEquals(ArchiveFault.TILE_MISMATCH, corrupt.fault().orElseThrow());
      assertEquals("tile/0/123", corrupt.path().orElseThrow());
    }
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }

  /** The fault named by each record of the dead letter queue, in order, once there are {@code count}. */
  static List<String> awaitDeadLetters(int count, Duration within) throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "archive-it-dlq-reader");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<String> faults = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(DLQ));
      while (faults.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          Header message = record.headers().lastHeader("__connect.errors.exception.message");
          Header topic = record.headers().lastHeader("__connect.errors.topic");
          assertEquals(CHECKPOINTS, new String(topic.value(), StandardCharsets.UTF_8));
          String text = new String(message.value(), StandardCharsets.UTF_8);
          faults.add(text.substring(0, text.indexOf(':')).split(" ")[0]);
        }
      }
    }
    assertEquals(count, faults.size(), "dead letters within " + within + ": " + faults);
    return faults;
  }

  /**
   * Content, inode and modification time of each tile and bundle of the log below {@code prefix}. The
   * sink may be writing while this reads: its temporary files (names starting with a dot) come and go,
   * and are skipped, also when one vanishes between the listing and the read.
   */
  static Map<Path, String> fingerprints(String prefix) throws IOException {
    Map<Path, String> prints = new java.util.TreeMap<>();
    Files.walkFileTree(store.file(prefix + "tile"), new java.nio.file.SimpleFileVisitor<Path>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        String name = file.getFileName().toString();
        if (attributes.isRegularFile() && !name.equals(ArchiveLayout.CHECKPOINT) && !name.startsWith(".")) {
          prints.put(file, attributes.fileKey() + " " + attributes.lastModifiedTime().toInstant() + " "
              + Arrays.hashCode(Files.readAllBytes(file)));
        }
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof java.nio.file.NoSuchFileException && file.getFileName().toString().startsWith(".")) {
          return java.nio.file.FileVisitResult.CONTINUE;
        }
        throw e;
      }
    });
    return prints;
  }

  static void assertNothingRewritten(Map<Path, String> before) throws IOException {
    Map<Path, String> after = fingerprints(prefix(A));
    List<String> rewritten = new ArrayList<>();
    for (Map.Entry<Path, String> file : before.entrySet()) {
      if (!file.getKey().endsWith("tile/entries/200") && !file.getValue().equals(after.get(file.getKey()))) {
        rewritten.add(archiveDir.relativize(file.getKey()) + ": " + file.getValue() + " -> " + after.get(file.getKey()));
      }
    }
    assertEquals(List.of(), rewritten, "files written once were not written again");
    assertTrue(before.size() > 300, "the files recorded before the crash: " + before.size());
  }
}
