package org.civictrust.issuance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** Unit tests of the configuration: validation and the Streams properties. */
class IssuanceConfigTest {
  @Test
  void theDefaultsAreTheContractsTopicsAndSingleObjectDecoding() {
    IssuanceConfig config = Fixtures.config();
    assertEquals(IssuanceTopics.defaults(), config.topics());
    assertEquals("civictrust.issuance.requests", config.topics().requests());
    assertEquals("civictrust.issuance.rejected", config.topics().rejected());
    assertEquals("civictrust.documents.issued", config.topics().issued());
    assertSame(RequestDecoder.singleObject(), config.decoder());
    assertEquals(Duration.ofDays(1).toMillis(), config.maxRequestAgeMillis());
    assertEquals(Duration.ofMinutes(5).toMillis(), config.maxClockSkewMillis());
  }

  @Test
  void streamsPropertiesAskForExactlyOnceV2() {
    Properties properties = Fixtures.config().withApplicationId("issuance-test").streamsProperties("broker:9092");
    assertEquals(StreamsConfig.EXACTLY_ONCE_V2, properties.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals("issuance-test", properties.get(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals("broker:9092", properties.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    assertEquals(IssuanceConfig.MAX_PRODUCER_REQUEST_SIZE, properties.get("producer.max.request.size"));
    new StreamsConfig(properties);
    assertNotSame(properties, Fixtures.config().streamsProperties("broker:9092"));
  }

  @Test
  void refusesAnIllegalApplicationId() {
    assertThrows(IllegalArgumentException.class, () -> Fixtures.config().withApplicationId(""));
    assertThrows(IllegalArgumentException.class, () -> Fixtures.config().withApplicationId("has space"));
  }

  @Test
  void refusesANegativeTimeWindow() {
    assertThrows(IllegalArgumentException.class, () -> Fixtures.config().withTimeWindow(Duration.ofSeconds(-1), Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Fixtures.config().withTimeWindow(Duration.ZERO, Duration.ofSeconds(-1)));
  }

  @Test
  void anEnormousWindowSaturatesInsteadOfOverflowing() {
    IssuanceConfig config = Fixtures.config().withTimeWindow(Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE));
    assertEquals(Long.MAX_VALUE, config.maxRequestAgeMillis());
    assertEquals(Long.MAX_VALUE, config.maxClockSkewMillis());
  }

  @Test
  void refusesIllegalOrRepeatedTopicNames() {
    assertThrows(IllegalArgumentException.class, () -> new IssuanceTopics("a", "a", "b"));
    assertThrows(IllegalArgumentException.class, () -> new IssuanceTopics("a b", "c", "d"));
    assertThrows(IllegalArgumentException.class, () -> new IssuanceTopics("..", "c", "d"));
    assertThrows(IllegalArgumentException.class, () -> new IssuanceTopics("x".repeat(250), "c", "d"));
    assertThrows(NullPointerException.class, () -> new IssuanceTopics(null, "c", "d"));
  }

  @Test
  void refusesMissingParts() {
    assertThrows(NullPointerException.class, () -> IssuanceConfig.of(null));
    assertThrows(NullPointerException.class, () -> Fixtures.config().withDecoder(null));
  }
}
