package org.civictrust.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.NoteVerifier;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.schemas.Topics;

/** Reads committed topics and audits the logs in them, independently of the code that wrote them. */
final class LogAudit {
  private LogAudit() {}

  static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(props);
  }

  /**
   * Every committed record of {@code topic} up to its end when called (for {@code read_committed}, the
   * last stable offset), by partition and offset. Does not wait for the topic to fall silent, since some
   * (the issued documents, with their ticks) never do.
   */
  static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertTrue(System.nanoTime() < deadline, "could not read " + topic + " to its end in time");
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            records.add(r);
          }
        });
      }
    }
    records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
        : Long.compare(a.offset(), b.offset()));
    return records;
  }

  /**
   * Waits until {@code count} distinct keys (by {@code keyOf}, null values skipped) appeared on
   * {@code topic}; fails after {@code timeout}. Returns the values by key.
   */
  static Map<String, byte[]> awaitDistinct(String bootstrapServers, String topic, int count,
      Function<byte[], String> keyOf, Duration timeout) {
    Map<String, byte[]> byKey = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
      consumer.subscribe(List.of(topic));
      while (byKey.size() < count) {
        assertTrue(System.nanoTime() < deadline, "only " + byKey.size() + " of " + count + " on " + topic + " in time");
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null) {
            assertEquals(null, byKey.put(keyOf.apply(r.value()), r.value()), "one record a key on " + topic);
          }
        }
      }
    }
    return byKey;
  }

  /** The entries of each log, checking that leaf indexes run 0, 1, 2, … with no gap and no repeat. */
  static Map<String, List<byte[]>> entriesByLog(String bootstrapServers) throws Exception {
    AvroCodec<LogEntry> codec = AvroCodec.of(LogEntry.class, 1 << 20);
    Map<String, List<byte[]>> entriesByLog = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : readAll(bootstrapServers, Topics.ENTRIES)) {
      LogEntry entry = codec.decodeSingleObject(r.value());
      List<byte[]> log = entriesByLog.computeIfAbsent(entry.getOrigin(), o -> new ArrayList<>());
      assertEquals(log.size(), entry.getLeafIndex(), "no gap and no repeat in " + entry.getOrigin());
      log.add(Documents.bytes(entry.getEntry()));
    }
    return entriesByLog;
  }

  /**
   * Checks every signed checkpoint: signed by its log's key, its root recomputed from the published
   * entries, each consistent with the one before it. Returns how many there were.
   */
  static int checkCheckpoints(String bootstrapServers, Map<String, List<byte[]>> entriesByLog,
      Map<String, ? extends NoteVerifier> logKeys) throws Exception {
    AvroCodec<SignedCheckpoint> codec = AvroCodec.of(SignedCheckpoint.class, 1 << 20);
    Map<String, MemoryTiles> trees = new HashMap<>();
    entriesByLog.forEach((origin, entries) -> {
      MemoryTiles tiles = new MemoryTiles();
      CompactRange range = CompactRange.empty(0);
      entries.forEach(e -> range.append(Rfc9162.leafHash(e), tiles));
      trees.put(origin, tiles);
    });
    Map<String, Checkpoint> last = new HashMap<>();
    int count = 0;
    for (ConsumerRecord<byte[], byte[]> r : readAll(bootstrapServers, Topics.CHECKPOINTS)) {
      SignedCheckpoint signed = codec.decodeSingleObject(r.value());
      Checkpoint checkpoint = Checkpoint.open(Documents.bytes(signed.getNote()), signed.getOrigin(),
          logKeys.get(signed.getOrigin()));
      long size = entriesByLog.get(checkpoint.origin()).size();
      TileHashReader tree = new TileHashReader(size, trees.get(checkpoint.origin()));
      assertEquals(CompactRange.read(0, checkpoint.treeSize(), tree).rootHash(), checkpoint.rootHash(),
          "checkpoint " + checkpoint.treeSize() + " matches the published entries");
      Checkpoint previous = last.put(checkpoint.origin(), checkpoint);
      if (previous != null) {
        assertTrue(checkpoint.treeSize() > previous.treeSize());
        ConsistencyProofs.check(previous.treeSize(), checkpoint.treeSize(), previous.rootHash(), checkpoint.rootHash(),
            ConsistencyProofs.prove(previous.treeSize(), checkpoint.treeSize(), tree));
      }
      count++;
    }
    return count;
  }
}
