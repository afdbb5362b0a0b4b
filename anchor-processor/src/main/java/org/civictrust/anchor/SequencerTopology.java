package org.civictrust.anchor;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.civictrust.anchor.internal.SequencerProcessor;

/**
 * The sequencer topology: one processor per log (partition of the input topic) that appends issued
 * documents to the log, signs checkpoints and emits the receipts they anchor. A pure factory: no
 * {@code KafkaStreams} here; run it with {@code processing.guarantee=exactly_once_v2} so that state,
 * outputs and input offsets commit together and a stale instance is fenced.
 *
 * <pre>
 * issued-documents-source → sequencer ─┬→ log-entries-sink      (LogEntry, key origin)
 *   stores: sequencer-state            ├→ log-checkpoints-sink  (SignedCheckpoint, key origin)
 *           sequencer-tiles            ├→ receipts-sink         (Receipt, key requestId)
 *           sequencer-pending          ├→ document-status-sink  (DocumentStatus, key requestId)
 *                                      └→ sequencer-rejections-sink (Rejection, original key)
 * </pre>
 *
 * <p>The input carries IssuedDocument records, ticks (null values) and, to continue a lost
 * deployment's log from its archive, a {@link LogSeeds seed}, which an empty log adopts once verified;
 * a seed that does not verify, or that comes to a log holding leaves, is rejected with its reason.
 *
 * <p>Statuses are written by exception: a receipt is the anchoring of its document, and a checkpoint
 * the anchoring of every leaf below its size, so the status topic carries {@code ANCHOR_FAILED} for a
 * leaf left without a checkpoint past the anchor timeout, and {@code ANCHORED} for such a leaf once a
 * checkpoint covers it after all.
 */
public final class SequencerTopology {
  public static final String SOURCE = "issued-documents-source";
  public static final String PROCESSOR = "sequencer";
  public static final String STATE_STORE = "sequencer-state";
  public static final String TILE_STORE = "sequencer-tiles";
  public static final String PENDING_STORE = "sequencer-pending";
  public static final String ENTRIES_SINK = "log-entries-sink";
  public static final String CHECKPOINTS_SINK = "log-checkpoints-sink";
  public static final String RECEIPTS_SINK = "receipts-sink";
  public static final String STATUS_SINK = "document-status-sink";
  public static final String REJECTIONS_SINK = "sequencer-rejections-sink";

  private static final Serializer<byte[]> BYTES = Serdes.ByteArray().serializer();

  private SequencerTopology() {}

  /** Builds the topology for {@code config}. */
  public static Topology build(SequencerConfig config) {
    Topology topology = new Topology();
    topology.addSource(SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
        config.inputTopic());
    topology.addProcessor(PROCESSOR, () -> new SequencerProcessor(config), SOURCE);
    for (String store : new String[] {STATE_STORE, TILE_STORE, PENDING_STORE}) {
      // Cached: the state record, the growing tiles and the pending batches are rewritten per entry;
      // the cache folds those rewrites into one changelog record a key per commit interval.
      topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
          Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
    }
    StreamPartitioner<byte[], byte[]> byLog = byLog(config);
    topology.addSink(ENTRIES_SINK, config.entriesTopic(), BYTES, BYTES, byLog, PROCESSOR);
    topology.addSink(CHECKPOINTS_SINK, config.checkpointsTopic(), BYTES, BYTES, byLog, PROCESSOR);
    topology.addSink(RECEIPTS_SINK, config.receiptsTopic(), BYTES, BYTES, PROCESSOR);
    topology.addSink(STATUS_SINK, config.statusTopic(), BYTES, BYTES, PROCESSOR);
    topology.addSink(REJECTIONS_SINK, config.rejectedTopic(), BYTES, BYTES, PROCESSOR);
    return topology;
  }

  /**
   * Log i's entries and checkpoints go to partition i (modulo the topic's partitions): each log is read
   * in its own order from one partition, and archives and mirrors can follow a log by partition. The
   * records of those sinks are keyed by origin.
   */
  private static StreamPartitioner<byte[], byte[]> byLog(SequencerConfig config) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < config.logs().size(); i++) {
      index.put(config.logs().get(i).origin(), i);
    }
    return (topic, key, value, partitions) -> {
      Integer log = key == null ? null : index.get(new String(key, StandardCharsets.UTF_8));
      return log == null ? Optional.empty() : Optional.of(Set.of(log % partitions));
    };
  }
}
