package org.civictrust.monitor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.civictrust.monitor.Incident;
import org.civictrust.monitor.IncidentReason;
import org.civictrust.monitor.Monitor;
import org.civictrust.monitor.MonitorConfig;
import org.civictrust.monitor.MonitorTopology;
import org.civictrust.monitor.Observation;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.MonitorIncident;
import org.civictrust.schemas.MonitorObservation;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.NoteVerifier;
import org.civictrust.tlog.VerificationException;

/**
 * The monitor as a stream processor: the {@link Monitor} core over the records of one task's
 * partitions. Entries grow the monitor's own copy of each log's tree; checkpoints are decided; gossip
 * from trusted monitors is checked against the view. Every accepted checkpoint is appended to the
 * observation log and gossiped, signed; every incident is signed and published. The views are saved
 * after each record, so a restarted task resumes where the committed state ends. Time is the record
 * timestamp, except for the wall-clock tick that runs the freshness and patience checks. Bad input
 * becomes a warning, never an exception. For {@code org.civictrust.monitor} only.
 */
public final class MonitorProcessor implements Processor<byte[], byte[], byte[], Routed> {
  private static final AvroCodec<LogEntry> ENTRY = AvroCodec.of(LogEntry.class, 256 * 1024);
  private static final AvroCodec<SignedCheckpoint> CHECKPOINT = AvroCodec.of(SignedCheckpoint.class, 256 * 1024);
  private static final AvroCodec<MonitorObservation> OBSERVATION = AvroCodec.of(MonitorObservation.class, 512 * 1024);
  private static final AvroCodec<MonitorIncident> INCIDENT = AvroCodec.of(MonitorIncident.class, 1 << 20);

  private final MonitorConfig config;
  private final List<NoteVerifier> trustedMonitors;
  private final Set<String> origins;
  private ProcessorContext<byte[], Routed> context;
  private KeyValueStore<Bytes, byte[]> views;
  private KeyValueStore<Bytes, byte[]> observations;
  private StoreTree tree;
  private Monitor monitor;
  private long lastRecordTime = Long.MIN_VALUE;
  private long recordsSinceTick;

  public MonitorProcessor(MonitorConfig config) {
    this.config = config;
    List<NoteVerifier> trusted = new ArrayList<>(config.peers());
    trusted.add(config.key().verifierKey());
    this.trustedMonitors = List.copyOf(trusted);
    this.origins = config.logs().stream().map(l -> l.origin()).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  @Override
  public void init(ProcessorContext<byte[], Routed> context) {
    this.context = context;
    this.views = context.getStateStore(MonitorTopology.VIEWS_STORE);
    this.observations = context.getStateStore(MonitorTopology.OBSERVATIONS_STORE);
    this.tree = new StoreTree(context.getStateStore(MonitorTopology.TREES_STORE),
        context.getStateStore(MonitorTopology.NODES_STORE));
    this.monitor = new Monitor(config.name(), config.logs(), tree, config.settings());
    try (KeyValueIterator<Bytes, byte[]> it = views.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> saved = it.next();
        String origin = new String(saved.key.get(), StandardCharsets.UTF_8);
        if (origins.contains(origin)) {
          monitor.loadView(origin, saved.value);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a saved monitor view does not load", e);
    }
    Duration tick = config.tickInterval();
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::tick);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    var source = context.recordMetadata().orElseThrow();
    String topic = source.topic();
    int partition = source.partition();
    if (record.value() == null) {
      return;
    }
    lastRecordTime = Math.max(lastRecordTime, record.timestamp());
    recordsSinceTick++;
    if (topic.equals(config.entriesTopic())) {
      entry(record, partition);
    } else if (topic.equals(config.checkpointsTopic())) {
      checkpoint(record, partition);
    } else if (topic.equals(config.gossipTopic())) {
      gossip(record, partition);
    }
  }

  private void entry(Record<byte[], byte[]> record, int partition) {
    LogEntry entry;
    try {
      entry = ENTRY.decodeSingleObject(record.value());
    } catch (RecordException e) {
      emit(monitor.warn(IncidentReason.MALFORMED, keyText(record), record.value(),
          config.entriesTopic() + ": " + e.getMessage(), record.timestamp()), partition, record.timestamp());
      return;
    }
    String origin = entry.getOrigin();
    if (!origins.contains(origin)) {
      return;
    }
    if (!tree.append(origin, entry.getLeafIndex(), Documents.bytes(entry.getEntry()))) {
      emit(monitor.warn(IncidentReason.AUDIT_MISMATCH, origin, null, "entry " + entry.getLeafIndex()
          + " arrived when the monitor holds " + tree.size(origin) + " entries", record.timestamp()),
          partition, record.timestamp());
      return;
    }
    var pending = monitor.minPendingSize(origin);
    if (pending.isPresent() && pending.getAsLong() <= tree.size(origin)) {
      emit(origin, monitor.retry(origin, record.timestamp()), partition, record.timestamp());
    }
  }

  private void checkpoint(Record<byte[], byte[]> record, int partition) {
    SignedCheckpoint checkpoint;
    try {
      checkpoint = CHECKPOINT.decodeSingleObject(record.value());
    } catch (RecordException e) {
      emit(monitor.warn(IncidentReason.MALFORMED, keyText(record), record.value(),
          config.checkpointsTopic() + ": " + e.getMessage(), record.timestamp()), partition, record.timestamp());
      return;
    }
    byte[] note = Documents.bytes(checkpoint.getNote());
    Monitor.Outcome outcome = monitor.observe(note, record.timestamp());
    emit(checkpoint.getOrigin(), outcome, partition, record.timestamp());
  }

  private void gossip(Record<byte[], byte[]> record, int partition) {
    Observation observation;
    try {
      MonitorObservation value = OBSERVATION.decodeSingleObject(record.value());
      byte[] note = Documents.bytes(value.getNote());
      try {
        observation = Observation.open(note, trustedMonitors);
      } catch (VerificationException e) {
        emit(monitor.warn(IncidentReason.UNTRUSTED_GOSSIP, value.getOrigin(), note, "observation by "
            + value.getMonitor() + ": " + e.getMessage(), record.timestamp()), partition, record.timestamp());
        return;
      }
    } catch (RecordException e) {
      emit(monitor.warn(IncidentReason.MALFORMED, keyText(record), record.value(),
          config.gossipTopic() + ": " + e.getMessage(), record.timestamp()), partition, record.timestamp());
      return;
    }
    if (observation.monitor().equals(config.name())) {
      return;
    }
    emit(keyText(record), monitor.observeGossip(observation, record.timestamp()), partition, record.timestamp());
  }

  /**
   * The time checks on the wall clock, unless this task is catching up (it processed records since
   * the last tick, and they are older than two ticks): a monitor behind its input would otherwise call
   * logs stale and checkpoints overdue that the records it has yet to read bring up to date.
   */
  private void tick(long now) {
    boolean catchingUp = recordsSinceTick > 0 && lastRecordTime < now - 2 * config.tickInterval().toMillis() - 1000;
    recordsSinceTick = 0;
    if (catchingUp) {
      return;
    }
    emit(monitor.tick(now), -1, now);
    for (String origin : origins) {
      save(origin);
    }
  }

  private void emit(String origin, Monitor.Outcome outcome, int partition, long time) {
    for (byte[] note : outcome.accepted()) {
      publishObservation(note, partition, time);
    }
    emit(outcome.incidents(), partition, time);
    if (origins.contains(origin)) {
      save(origin);
    }
  }

  private void publishObservation(byte[] note, int partition, long time) {
    Checkpoint checkpoint;
    try {
      checkpoint = Held.restore(note).checkpoint();
    } catch (VerificationException e) {
      throw new IllegalStateException("an accepted checkpoint no longer parses", e);
    }
    byte[] signed = new Observation(config.name(), time, note).sign(config.key());
    byte[] id = StoreTree.originId(checkpoint.origin());
    observations.put(Bytes.wrap(ByteBuffer.allocate(16).put(id).putLong(checkpoint.treeSize()).array()), signed);
    MonitorObservation value = new MonitorObservation(config.name(), checkpoint.origin(), checkpoint.treeSize(),
        ByteBuffer.wrap(checkpoint.rootHash().bytes()), time, ByteBuffer.wrap(signed));
    forward(MonitorTopology.GOSSIP_SINK, checkpoint.origin(), partition, encode(OBSERVATION, value), time);
  }

  private void emit(List<Incident> incidents, int partition, long time) {
    for (Incident incident : incidents) {
      byte[] signed = incident.sign(config.key());
      MonitorIncident value = new MonitorIncident(incident.monitor(), incident.origin(), incident.severity().label(),
          incident.reason().name(), incident.time(), ByteBuffer.wrap(signed));
      forward(MonitorTopology.INCIDENTS_SINK, incident.origin(), partition, encode(INCIDENT, value), time);
    }
  }

  private void forward(String sink, String key, int partition, byte[] value, long time) {
    context.forward(new Record<>(key.getBytes(StandardCharsets.UTF_8), new Routed(partition, value), time), sink);
  }

  private void save(String origin) {
    monitor.saveView(origin).ifPresent(view -> views.put(Bytes.wrap(origin.getBytes(StandardCharsets.UTF_8)), view));
  }

  private static String keyText(Record<byte[], byte[]> record) {
    return record.key() == null ? "-" : new String(record.key(), StandardCharsets.UTF_8);
  }

  private static <T extends SpecificRecord> byte[] encode(AvroCodec<T> codec, T record) {
    try {
      return codec.encodeSingleObject(record);
    } catch (RecordException e) {
      throw new IllegalStateException("the monitor built a record it cannot encode", e);
    }
  }
}
