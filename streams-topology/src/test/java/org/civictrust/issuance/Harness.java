package org.civictrust.issuance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.civictrust.issuance.internal.RecordIssuedProcessor;
import org.civictrust.issuance.internal.RecordRejectedProcessor;
import org.civictrust.schemas.IssuedDocument;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.Rejection;

/**
 * The issuance topology in a {@link TopologyTestDriver} with a fresh state directory: send request
 * records, read what came out on the issued and rejected topics. Close it after use.
 */
final class Harness implements AutoCloseable {
  private final Path stateDir;
  private final TopologyTestDriver driver;
  private final TestInputTopic<byte[], byte[]> requests;
  private final TestOutputTopic<byte[], byte[]> issued;
  private final TestOutputTopic<byte[], byte[]> rejected;

  Harness(IssuanceConfig config) {
    try {
      stateDir = Files.createTempDirectory("issuance-topology-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Properties properties = config.streamsProperties("localhost:9");
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(IssuanceTopology.build(config), properties);
    requests = driver.createInputTopic(config.topics().requests(),
        Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    issued = driver.createOutputTopic(config.topics().issued(),
        Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
    rejected = driver.createOutputTopic(config.topics().rejected(),
        Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }

  Harness() {
    this(Fixtures.config());
  }

  /** Sends one record with that key, value and timestamp. */
  void send(byte[] key, byte[] value, long timestamp) {
    requests.pipeInput(new TestRecord<>(key, value, new RecordHeaders(), timestamp));
  }

  /** Sends a request keyed by its requestId, at {@link Fixtures#T0}. */
  void send(String key, byte[] value) {
    send(key.getBytes(StandardCharsets.UTF_8), value, Fixtures.T0);
  }

  /** The records written to the issued topic since the last call. */
  List<TestRecord<byte[], byte[]>> issuedRecords() {
    return issued.readRecordsToList();
  }

  /** The records written to the rejected topic since the last call. */
  List<TestRecord<byte[], byte[]>> rejectedRecords() {
    return rejected.readRecordsToList();
  }

  /** The only output of the last requests: one rejection, decoded; fails if anything was issued. */
  Rejection onlyRejection() {
    assertEquals(0, issued.getQueueSize(), "no document is issued");
    List<TestRecord<byte[], byte[]>> records = rejectedRecords();
    assertEquals(1, records.size(), "exactly one rejection");
    return rejection(records.get(0).value());
  }

  /** The only output of the last requests: one issued document, decoded; fails if anything was rejected. */
  IssuedDocument onlyIssued() {
    if (!rejected.isEmpty()) {
      throw new AssertionError("unexpected rejection: " + rejection(rejected.readValue()));
    }
    List<TestRecord<byte[], byte[]>> records = issuedRecords();
    assertEquals(1, records.size(), "exactly one issued document");
    return issued(records.get(0).value());
  }

  /** Whether no output is waiting. */
  boolean quiet() {
    return issued.isEmpty() && rejected.isEmpty();
  }

  TopologyTestDriver driver() {
    return driver;
  }

  static Rejection rejection(byte[] value) {
    try {
      return RecordRejectedProcessor.CODEC.decodeSingleObject(value);
    } catch (RecordException e) {
      throw new AssertionError("not a rejection", e);
    }
  }

  static IssuedDocument issued(byte[] value) {
    try {
      return RecordIssuedProcessor.CODEC.decodeSingleObject(value);
    } catch (RecordException e) {
      throw new AssertionError("not an issued document", e);
    }
  }

  @Override
  public void close() {
    driver.close();
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
