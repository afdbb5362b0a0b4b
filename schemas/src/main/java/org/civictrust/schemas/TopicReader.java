package org.civictrust.schemas;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic as it stands: assign its partitions from the beginning and read up to where they end
 * now, as the commands and the restore's publication do (kafka-clients is an optional dependency of this module).
 */
public final class TopicReader {
  /** How long reading a topic to its end may go without progress. */
  public static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

  /** Receives the records read from a topic. */
  @FunctionalInterface
  public interface RecordHandler {
    void accept(ConsumerRecord<byte[], byte[]> record) throws IOException;
  }

  private TopicReader() {}

  /**
   * Assigns every partition of {@code topic} to {@code consumer} from its beginning and returns where
   * each partition ends now: for {@code read_committed}, the last stable offset.
   */
  public static Map<TopicPartition, Long> assignFromBeginning(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer.endOffsets(partitions);
  }

  /**
   * Hands {@code handler} every committed record of the assigned partitions below {@code end}, in
   * offset order within each partition. Does not wait for a topic to fall silent (some never do).
   *
   * @throws IOException if no progress is made for {@link #STALL_TIMEOUT}
   */
  public static void readToEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end,
      RecordHandler handler) throws IOException {
    long lastProgress = System.nanoTime();
    Map<TopicPartition, Long> positions = new HashMap<>();
    while (true) {
      boolean done = true;
      boolean moved = false;
      for (TopicPartition partition : end.keySet()) {
        long position = consumer.position(partition);
        done &= position >= end.get(partition);
        moved |= !Long.valueOf(position).equals(positions.put(partition, position));
      }
      if (done) {
        return;
      }
      long now = System.nanoTime();
      if (moved) {
        lastProgress = now;
      } else if (now - lastProgress > STALL_TIMEOUT.toNanos()) {
        throw new IOException("reading " + end.keySet() + " made no progress for " + STALL_TIMEOUT.toSeconds() + " s");
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
          handler.accept(record);
        }
      }
    }
  }
}
