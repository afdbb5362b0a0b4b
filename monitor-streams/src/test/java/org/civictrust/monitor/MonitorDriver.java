package org.civictrust.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.MonitorIncident;
import org.civictrust.schemas.MonitorObservation;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.VerificationException;
import org.civictrust.witness.TestLog;

/** The monitor topology in a TopologyTestDriver, with helpers that speak in logs, checkpoints and incidents. */
final class MonitorDriver implements AutoCloseable {
  static final AvroCodec<LogEntry> ENTRY = AvroCodec.of(LogEntry.class, 1 << 20);
  static final AvroCodec<SignedCheckpoint> CHECKPOINT = AvroCodec.of(SignedCheckpoint.class, 1 << 20);
  static final AvroCodec<MonitorObservation> OBSERVATION = AvroCodec.of(MonitorObservation.class, 1 << 20);
  static final AvroCodec<MonitorIncident> INCIDENT = AvroCodec.of(MonitorIncident.class, 1 << 20);

  final MonitorConfig config;
  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> checkpoints;
  final TestInputTopic<byte[], byte[]> entries;
  final TestInputTopic<byte[], byte[]> gossipIn;
  final TestOutputTopic<byte[], byte[]> incidents;
  final TestOutputTopic<byte[], byte[]> gossipOut;
  private final List<MonitorIncident> seenIncidents = new ArrayList<>();
  private final List<MonitorObservation> seenGossip = new ArrayList<>();
  private final java.util.Map<String, Long> fed = new java.util.HashMap<>();

  MonitorDriver(MonitorConfig config, long startMillis) {
    this.config = config;
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitor-test-" + config.name().replace('/', '-'));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try {
      props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("monitor-test").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    driver = new TopologyTestDriver(MonitorTopology.build(config), props, Instant.ofEpochMilli(startMillis));
    ByteArraySerializer out = new ByteArraySerializer();
    ByteArrayDeserializer in = new ByteArrayDeserializer();
    checkpoints = driver.createInputTopic(config.checkpointsTopic(), out, out);
    entries = driver.createInputTopic(config.entriesTopic(), out, out);
    gossipIn = driver.createInputTopic(config.gossipTopic(), out, out);
    incidents = driver.createOutputTopic(config.incidentsTopic(), in, in);
    gossipOut = driver.createOutputTopic(config.gossipTopic(), in, in);
  }

  /** Pipes the entries of {@code log} this driver has not seen yet, then its signed checkpoint. */
  void publish(TestLog log, long time) {
    long from = fed.getOrDefault(log.origin + "#" + System.identityHashCode(log), 0L);
    publishEntries(log, from, log.size(), time);
    fed.put(log.origin + "#" + System.identityHashCode(log), log.size());
    publishCheckpoint(log.checkpoint(), time);
  }

  void publishEntries(TestLog log, long from, long to, long time) {
    for (long i = from; i < to; i++) {
      LogEntry entry = new LogEntry(log.origin, i, ByteBuffer.wrap(log.entries.get((int) i)), "request-" + i);
      entries.pipeInput(key(log.origin), encode(ENTRY, entry), time);
    }
  }

  void publishCheckpoint(byte[] note, long time) {
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(Note.parse(note).text());
    } catch (VerificationException e) {
      checkpoints.pipeInput(key("-"), encode(CHECKPOINT, new SignedCheckpoint("-", 0L, ByteBuffer.wrap(new byte[32]),
          ByteBuffer.wrap(note))), time);
      return;
    }
    checkpoints.pipeInput(key(checkpoint.origin()), encode(CHECKPOINT, new SignedCheckpoint(checkpoint.origin(),
        checkpoint.treeSize(), ByteBuffer.wrap(checkpoint.rootHash().bytes()), ByteBuffer.wrap(note))), time);
  }

  /** Every incident published so far. */
  List<MonitorIncident> incidents() {
    for (byte[] value : incidents.readValuesToList()) {
      seenIncidents.add(decode(INCIDENT, value));
    }
    return List.copyOf(seenIncidents);
  }

  List<IncidentReason> incidentReasons() {
    return incidents().stream().map(i -> IncidentReason.valueOf(i.getReason())).toList();
  }

  /** Every observation this monitor gossiped so far (its own, as read from the gossip topic). */
  List<MonitorObservation> gossip() {
    for (byte[] value : gossipOut.readValuesToList()) {
      seenGossip.add(decode(OBSERVATION, value));
    }
    return List.copyOf(seenGossip);
  }

  static byte[] key(String origin) {
    return origin.getBytes(StandardCharsets.UTF_8);
  }

  static <T extends org.apache.avro.specific.SpecificRecord> byte[] encode(AvroCodec<T> codec, T record) {
    try {
      return codec.encodeSingleObject(record);
    } catch (RecordException e) {
      throw new IllegalStateException(e);
    }
  }

  static <T extends org.apache.avro.specific.SpecificRecord> T decode(AvroCodec<T> codec, byte[] bytes) {
    try {
      return codec.decodeSingleObject(bytes);
    } catch (RecordException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] note(MonitorIncident incident) {
    return Documents.bytes(incident.getNote());
  }

  @Override
  public void close() {
    driver.close();
  }
}
