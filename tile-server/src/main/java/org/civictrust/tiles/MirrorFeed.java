package org.civictrust.tiles;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.KafkaClientConfig;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.tlog.VerificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link LogMirror}s from the committed records of the entries and checkpoints topics (read from
 * the beginning, {@code read_committed}), on a thread of its own. Records of unknown logs and records
 * that do not decode or verify are logged and skipped: a mirror never serves what it could not check.
 */
public final class MirrorFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MirrorFeed.class);
  private static final AvroCodec<LogEntry> ENTRY = AvroCodec.of(LogEntry.class, 256 * 1024);
  private static final AvroCodec<SignedCheckpoint> CHECKPOINT = AvroCodec.of(SignedCheckpoint.class, 256 * 1024);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);

  private MirrorFeed(KafkaConsumer<byte[], byte[]> consumer, String entriesTopic, String checkpointsTopic,
      Map<String, LogMirror> mirrors) {
    this.consumer = consumer;
    this.thread = new Thread(() -> run(entriesTopic, checkpointsTopic, mirrors), "civictrust-mirror-feed");
    this.thread.setDaemon(true);
  }

  /** Starts feeding {@code mirrors} (by origin) from the two topics. */
  public static MirrorFeed start(String bootstrapServers, String entriesTopic, String checkpointsTopic,
      Map<String, LogMirror> mirrors) {
    return start(bootstrapServers, KafkaClientConfig.none(), entriesTopic, checkpointsTopic, mirrors);
  }

  /** As {@link #start(String, String, String, Map)}, the consumer with {@code client}'s properties under its own. */
  public static MirrorFeed start(String bootstrapServers, KafkaClientConfig client, String entriesTopic,
      String checkpointsTopic, Map<String, LogMirror> mirrors) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "civictrust-tile-mirror-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    MirrorFeed feed = new MirrorFeed(new KafkaConsumer<>(client.under(props)), entriesTopic, checkpointsTopic, Map.copyOf(mirrors));
    feed.thread.start();
    return feed;
  }

  private void run(String entriesTopic, String checkpointsTopic, Map<String, LogMirror> mirrors) {
    try {
      consumer.subscribe(List.of(entriesTopic, checkpointsTopic));
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record, record.topic().equals(entriesTopic), mirrors);
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } finally {
      consumer.close();
    }
  }

  private static void apply(ConsumerRecord<byte[], byte[]> record, boolean isEntry, Map<String, LogMirror> mirrors) {
    try {
      if (isEntry) {
        LogEntry entry = ENTRY.decodeSingleObject(record.value());
        LogMirror mirror = mirrors.get(entry.getOrigin());
        if (mirror != null) {
          mirror.appendEntry(entry.getLeafIndex(), Documents.bytes(entry.getEntry()));
        }
      } else {
        SignedCheckpoint checkpoint = CHECKPOINT.decodeSingleObject(record.value());
        LogMirror mirror = mirrors.get(checkpoint.getOrigin());
        if (mirror != null) {
          mirror.offerCheckpoint(Documents.bytes(checkpoint.getNote()));
        }
      }
    } catch (RecordException | VerificationException | RuntimeException e) {
      LOG.warn("skipped {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
    }
  }

  /**
   * Stops feeding and waits up to 10 s for the feeding thread to end. An interrupt while waiting ends
   * the wait and is kept in the thread's interrupt status (so that try-with-resources is safe).
   */
  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
