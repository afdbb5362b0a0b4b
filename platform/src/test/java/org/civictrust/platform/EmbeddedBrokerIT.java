package org.civictrust.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.schemas.Topics;

/** The embedded broker keeps its cluster across a restart on the same directory. */
class EmbeddedBrokerIT {
  @TempDir
  Path dir;

  @Test
  void restartsOnItsDirectoryWithTheSameTopicsAndRecords() throws Exception {
    byte[] value = "kept across a restart".getBytes(StandardCharsets.UTF_8);
    String clusterId;
    try (EmbeddedBroker broker = EmbeddedBroker.start(dir)) {
      clusterId = clusterId(broker);
      try (Admin admin = admin(broker)) {
        TopicAdmin.create(admin, 1, 1, (short) 1);
      }
      try (KafkaProducer<byte[], byte[]> producer = SequencerIT.producer(broker)) {
        producer.send(new ProducerRecord<>(Topics.REQUESTS, value)).get();
      }
    }
    try (EmbeddedBroker broker = EmbeddedBroker.start(dir)) {
      assertEquals(clusterId, clusterId(broker));
      List<ConsumerRecord<byte[], byte[]>> records = LogAudit.readAll(broker.bootstrapServers(), Topics.REQUESTS);
      assertEquals(1, records.size());
      assertArrayEquals(value, records.get(0).value());
      try (Admin admin = admin(broker)) {
        TopicAdmin.create(admin, 1, 1, (short) 1);
        PartitionMismatchException twoLogs = assertThrows(PartitionMismatchException.class,
            () -> TopicAdmin.create(admin, 2, 1, (short) 1));
        assertEquals(1, twoLogs.partitions(), twoLogs.getMessage());
        assertEquals(2, twoLogs.required(), twoLogs.getMessage());
      }
    }
  }

  static String clusterId(EmbeddedBroker broker) throws Exception {
    try (Admin admin = admin(broker)) {
      return admin.describeCluster().clusterId().get();
    }
  }

  static Admin admin(EmbeddedBroker broker) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }
}
