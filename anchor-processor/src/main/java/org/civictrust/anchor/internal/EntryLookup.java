package org.civictrust.anchor.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.KafkaClientConfig;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.RecordException;

/**
 * Finds the {@link LogEntry} of a leaf in the entries topic, where log i is partition i and leaves are
 * in leaf-index order. Kafka offsets are not leaf indexes (transaction markers take offsets too), so
 * the lookup bisects the partition's offsets: about log2(records) fetches, each reading from one
 * offset. Meant for the rare lookups the anchor recorder makes (documents that failed to anchor), not a
 * hot path. Not thread-safe: one caller at a time.
 */
public final class EntryLookup implements AutoCloseable {
  private static final AvroCodec<LogEntry> ENTRY = AvroCodec.of(LogEntry.class, 256 * 1024);
  /** How long one probe waits for a fetch. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;

  private EntryLookup(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  /** A lookup in {@code entriesTopic} of the cluster at {@code bootstrapServers} (committed records only). */
  public static EntryLookup open(String bootstrapServers, String entriesTopic) {
    return open(bootstrapServers, KafkaClientConfig.none(), entriesTopic);
  }

  /** As {@link #open(String, String)}, the consumer with {@code client}'s properties under its own. */
  public static EntryLookup open(String bootstrapServers, KafkaClientConfig client, String entriesTopic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new EntryLookup(new KafkaConsumer<>(client.under(props)), entriesTopic);
  }

  /**
   * The entry of leaf {@code leafIndex} of the log in partition {@code partition}, if the partition
   * holds it.
   *
   * @throws org.apache.kafka.common.KafkaException if the cluster cannot be read
   */
  public Optional<LogEntry> find(int partition, String origin, long leafIndex) {
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    long lo = consumer.beginningOffsets(Set.of(tp)).get(tp);
    long hi = consumer.endOffsets(Set.of(tp)).get(tp);
    // Invariant: if the leaf is there, its offset is in [lo, hi).
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      Optional<Probe> probe = firstAtOrAfter(tp, mid, hi);
      if (probe.isEmpty()) {
        hi = mid;
        continue;
      }
      LogEntry entry = probe.get().entry();
      if (entry != null && origin.equals(entry.getOrigin()) && entry.getLeafIndex() == leafIndex) {
        return Optional.of(entry);
      }
      if (entry == null || entry.getLeafIndex() < leafIndex) {
        lo = probe.get().offset() + 1;
      } else {
        hi = mid;
      }
    }
    return Optional.empty();
  }

  /** The first committed record at or after {@code offset} (and before {@code end}), decoded if it decodes. */
  private record Probe(long offset, LogEntry entry) {}

  private Optional<Probe> firstAtOrAfter(TopicPartition tp, long offset, long end) {
    consumer.seek(tp, offset);
    long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
    while (consumer.position(tp) < end && System.nanoTime() < deadline) {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
      for (ConsumerRecord<byte[], byte[]> record : records) {
        if (record.offset() >= end) {
          return Optional.empty();
        }
        LogEntry entry;
        try {
          entry = ENTRY.decodeSingleObject(record.value());
        } catch (RecordException | RuntimeException e) {
          entry = null;
        }
        return Optional.of(new Probe(record.offset(), entry));
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
