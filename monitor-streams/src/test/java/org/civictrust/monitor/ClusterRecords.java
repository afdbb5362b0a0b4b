package org.civictrust.monitor;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Note;
import org.civictrust.witness.TestLog;
import org.civictrust.schemas.Topics;

/** Producing a test log's records to a real cluster as the sequencer does, and reading topics back. */
final class ClusterRecords implements AutoCloseable {
  final String bootstrap;
  final KafkaProducer<byte[], byte[]> producer;

  ClusterRecords(String bootstrap) {
    this.bootstrap = bootstrap;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    this.producer = new KafkaProducer<>(props);
  }

  /** Creates the log topics the sequencer would, with {@code partitions} partitions. */
  void createLogTopics(int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(Topics.CHECKPOINTS, partitions, (short) 1),
          new NewTopic(Topics.ENTRIES, partitions, (short) 1))).all().get();
      MonitorTopics.awaitLeaders(admin, List.of(Topics.CHECKPOINTS, Topics.ENTRIES));
    }
  }

  /** Sends the entries {@code [from, to)} of {@code log} to its partition. */
  void entries(TestLog log, int partition, long from, long to) {
    for (long i = from; i < to; i++) {
      LogEntry entry = new LogEntry(log.origin, i, ByteBuffer.wrap(log.entries.get((int) i)), "request-" + i);
      producer.send(new ProducerRecord<>(Topics.ENTRIES, partition, MonitorDriver.key(log.origin),
          MonitorDriver.encode(MonitorDriver.ENTRY, entry)));
    }
  }

  /** Sends a signed checkpoint to the log's partition and waits until it is written. */
  void checkpoint(byte[] note, int partition) throws Exception {
    Checkpoint checkpoint = Checkpoint.parse(Note.parse(note).text());
    SignedCheckpoint value = new SignedCheckpoint(checkpoint.origin(), checkpoint.treeSize(),
        ByteBuffer.wrap(checkpoint.rootHash().bytes()), ByteBuffer.wrap(note));
    producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, partition, MonitorDriver.key(checkpoint.origin()),
        MonitorDriver.encode(MonitorDriver.CHECKPOINT, value))).get();
  }

  /**
   * Reads {@code topic} (committed records only) from the beginning until {@code done} holds for what
   * was read, or {@code timeout} passes; returns what was read.
   */
  List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
      Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(records) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(50)).forEach(records::add);
      }
    }
    return records;
  }

  @Override
  public void close() {
    producer.close();
  }
}
