package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.civictrust.monitor.MonitorStreams;
import org.civictrust.platform.StreamsSettings;
import org.civictrust.schemas.KafkaClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --command-config} reaches every kind of client: the settings each client is built from hold
 * the user's properties, with CivicTrust's own required settings on top.
 */
class CommandConfigTest {
  private static final KafkaClientConfig CLIENT = KafkaClientConfig.of(Map.of(
      "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "linger.ms", "77"));

  @Test
  void producerTakesTheUsersPropertiesUnderOurs() {
    Properties props = KafkaClients.producerProperties("k:9092", CLIENT);
    assertEquals("SASL_SSL", props.get("security.protocol"));
    assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"));
    assertEquals("5", props.get(ProducerConfig.LINGER_MS_CONFIG), "ours wins");
    assertEquals("all", props.get(ProducerConfig.ACKS_CONFIG));
    assertEquals("k:9092", props.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    new ProducerConfig(props); // a valid producer configuration
  }

  @Test
  void consumerTakesTheUsersProperties() {
    Properties props = KafkaClients.consumerProperties("k:9092", CLIENT);
    assertEquals("SASL_SSL", props.get("security.protocol"));
    assertEquals("read_committed", props.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG));
    new ConsumerConfig(props);
  }

  @Test
  void adminTakesTheUsersProperties() {
    Map<String, Object> props = KafkaClients.adminProperties("k:9092", CLIENT);
    assertEquals("SASL_SSL", props.get("security.protocol"));
    assertEquals("k:9092", props.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    new AdminClientConfig(props);
  }

  @Test
  void monitorStreamsPassesTheUsersPropertiesToItsInternalClients() {
    Properties props = MonitorStreams.properties("civictrust-monitor-t", "k:9092", CLIENT, Path.of("state"),
        Duration.ofMillis(100));
    StreamsConfig config = new StreamsConfig(props);
    assertEquals("SASL_SSL", config.getMainConsumerConfigs("g", "c", 0).get("security.protocol"));
    assertEquals("SASL_SSL", config.getProducerConfigs("c").get("security.protocol"));
    assertEquals("SASL_SSL", config.getAdminConfigs("c").get("security.protocol"));
    assertEquals(StreamsConfig.EXACTLY_ONCE_V2, config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
  }

  @Test
  void pipelineStreamsSettingsKeepExactlyOnceOverTheUsersProperties() {
    Properties props = CLIENT.under(StreamsSettings.exactlyOnce("civictrust-sequencer", "k:9092", Path.of("s"), 100));
    StreamsConfig config = new StreamsConfig(props);
    assertEquals("SCRAM-SHA-512", config.getRestoreConsumerConfigs("c").get("sasl.mechanism"));
    assertEquals(StreamsConfig.EXACTLY_ONCE_V2, config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
  }

  @Test
  void realClientsOfEveryKindTakeTheUsersClientId(@TempDir Path state) throws Exception {
    KafkaClientConfig probe = KafkaClientConfig.of(Map.of("client.id", "ct-probe"));
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("ct-probe-in").to("ct-probe-out");
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer("localhost:1", probe);
        KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer("localhost:1", probe);
        Admin admin = Admin.create(KafkaClients.adminProperties("localhost:1", probe));
        KafkaStreams streams = new KafkaStreams(builder.build(),
            MonitorStreams.properties("civictrust-monitor-probe", "localhost:1", probe, state, Duration.ofMillis(100)))) {
      Set<String> names = ManagementFactory.getPlatformMBeanServer()
          .queryNames(new ObjectName("kafka.*:type=app-info,*"), null).stream()
          .map(ObjectName::toString).collect(Collectors.toSet());
      assertTrue(names.contains("kafka.producer:type=app-info,id=ct-probe"), names.toString());
      assertTrue(names.contains("kafka.consumer:type=app-info,id=ct-probe"), names.toString());
      assertTrue(names.contains("kafka.admin.client:type=app-info,id=ct-probe"), names.toString());
      assertTrue(names.stream().anyMatch(n -> n.startsWith("kafka.admin.client:type=app-info,id=ct-probe-admin")),
          names.toString());
      assertTrue(names.stream().anyMatch(n -> n.startsWith("kafka.consumer:type=app-info,id=ct-probe-StreamThread-")),
          names.toString());
    }
  }
}
