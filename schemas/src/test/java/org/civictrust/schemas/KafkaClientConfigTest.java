package org.civictrust.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaClientConfigTest {
  @TempDir
  Path dir;

  @Test
  void putsOurSettingsOverTheUsers() {
    KafkaClientConfig client = KafkaClientConfig.of(Map.of("security.protocol", "SSL", "linger.ms", "50"));
    Map<String, Object> merged = client.under(Map.of("bootstrap.servers", "k:9092", "linger.ms", "5"));
    assertEquals(Map.of("bootstrap.servers", "k:9092", "linger.ms", "5", "security.protocol", "SSL"), merged);
    Properties ours = new Properties();
    ours.put("acks", "all");
    Properties mergedProps = client.under(ours);
    assertEquals("SSL", mergedProps.get("security.protocol"));
    assertEquals("all", mergedProps.get("acks"));
    assertFalse(ours.containsKey("security.protocol"), "ours untouched");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bootstrap.servers", "key.serializer", "value.deserializer", "enable.idempotence", "acks",
      "transactional.id", "isolation.level", "enable.auto.commit", "group.id", "application.id",
      "processing.guarantee", "state.dir", "producer.transactional.id", "main.consumer.isolation.level",
      "consumer.group.id", "admin.bootstrap.servers"})
  void rejectsReservedKey(String key) {
    assertThrows(IllegalArgumentException.class, () -> KafkaClientConfig.of(Map.of(key, "x")));
  }

  @Test
  void loadsAPropertiesFile() throws IOException {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, "# comment\nsecurity.protocol = SASL_SSL\nsasl.mechanism=PLAIN\n", StandardCharsets.UTF_8);
    KafkaClientConfig client = KafkaClientConfig.load(file);
    assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"), client.properties());
    assertEquals("KafkaClientConfig[sasl.mechanism, security.protocol]", client.toString(), "keys only, no secrets");
  }

  @Test
  void rejectsAFileSettingAReservedKey() throws IOException {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, "group.id=mine\n", StandardCharsets.UTF_8);
    assertThrows(IllegalArgumentException.class, () -> KafkaClientConfig.load(file));
  }

  @Test
  void failsOnAMissingFile() {
    assertThrows(NoSuchFileException.class, () -> KafkaClientConfig.load(dir.resolve("absent.properties")));
  }

  @Test
  void emptyIsNone() {
    assertSame(KafkaClientConfig.none(), KafkaClientConfig.of(Map.of()));
  }
}
