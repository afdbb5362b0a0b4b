package org.civictrust.connect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Note;

/**
 * Writes a {@link SyntheticLog} to the log topics as the sequencer does: {@link LogEntry} and
 * {@link SignedCheckpoint} records in Avro single-object encoding, each log on its own partition, keyed
 * by leaf index or tree size, idempotent, acks=all.
 */
final class LogProducer implements AutoCloseable {
  private static final AvroCodec<LogEntry> ENTRY = AvroCodec.of(LogEntry.class, 1 << 20);
  private static final AvroCodec<SignedCheckpoint> CHECKPOINT = AvroCodec.of(SignedCheckpoint.class, 2 << 20);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String entriesTopic;
  private final String checkpointsTopic;

  LogProducer(String bootstrap, String entriesTopic, String checkpointsTopic) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(props);
    this.entriesTopic = entriesTopic;
    this.checkpointsTopic = checkpointsTopic;
  }

  /** Entries {@code [from, to)} of {@code log} to {@code partition}. */
  void entries(SyntheticLog log, int partition, long from, long to) throws Exception {
    for (long i = from; i < to; i++) {
      LogEntry entry = new LogEntry(log.origin, i, ByteBuffer.wrap(log.entry(i)), "it-" + i);
      producer.send(new ProducerRecord<>(entriesTopic, partition, key(i), ENTRY.encodeSingleObject(entry)));
    }
  }

  /** A signed checkpoint to {@code partition}, its record fields read from the note (as the sequencer fills them). */
  void checkpoint(SyntheticLog log, int partition, byte[] note) throws Exception {
    Checkpoint checkpoint = Checkpoint.parse(Note.parse(note).text());
    SignedCheckpoint record = new SignedCheckpoint(log.origin, checkpoint.treeSize(),
        ByteBuffer.wrap(checkpoint.rootHash().bytes()), ByteBuffer.wrap(note));
    producer.send(new ProducerRecord<>(checkpointsTopic, partition, key(checkpoint.treeSize()),
        CHECKPOINT.encodeSingleObject(record)));
  }

  /**
   * Entries {@code [from, to)} with a checkpoint after every {@code every}-th entry and at {@code to},
   * the checkpoints sent after their entries.
   */
  void logWithCheckpoints(SyntheticLog log, int partition, long from, long to, long every) throws Exception {
    for (long start = from; start < to; ) {
      long end = Math.min(to, (start / every + 1) * every);
      entries(log, partition, start, end);
      checkpoint(log, partition, log.checkpoint(end));
      start = end;
    }
    producer.flush();
  }

  void flush() {
    producer.flush();
  }

  private static byte[] key(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    producer.close();
  }
}
