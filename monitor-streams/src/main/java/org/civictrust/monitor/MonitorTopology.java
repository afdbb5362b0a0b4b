package org.civictrust.monitor;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.civictrust.monitor.internal.MonitorProcessor;
import org.civictrust.monitor.internal.Routed;

/**
 * The monitor topology: one processor over the logs' checkpoints and entries and the monitors' gossip,
 * co-partitioned (partition i of each holds log i). A pure factory: no {@code KafkaStreams} here.
 *
 * <pre>
 * log-checkpoints-source ─┐                    ┌→ monitor-incidents-sink  (MonitorIncident, key origin)
 * log-entries-source ─────┼→ monitor ──────────┤
 * monitor-gossip-source ──┘                    └→ monitor-gossip-sink     (MonitorObservation, key origin,
 *   stores: monitor-views         (origin → the core's view of the log)     partition of the log)
 *           monitor-trees         (origin → compact range of the monitor's copy of the tree)
 *           monitor-nodes         (originId ‖ level ‖ index → hash of every perfect subtree)
 *           monitor-observations  (originId ‖ tree size → signed observation), append-only
 * </pre>
 *
 * <p>Run it with {@code exactly_once_v2} so that views, observations and incidents commit with the
 * input offsets: a monitor restarted after a crash resumes from its committed observation log.
 */
public final class MonitorTopology {
  public static final String CHECKPOINTS_SOURCE = "log-checkpoints-source";
  public static final String ENTRIES_SOURCE = "log-entries-source";
  public static final String GOSSIP_SOURCE = "monitor-gossip-source";
  public static final String PROCESSOR = "monitor";
  public static final String VIEWS_STORE = "monitor-views";
  public static final String TREES_STORE = "monitor-trees";
  public static final String NODES_STORE = "monitor-nodes";
  public static final String OBSERVATIONS_STORE = "monitor-observations";
  public static final String INCIDENTS_SINK = "monitor-incidents-sink";
  public static final String GOSSIP_SINK = "monitor-gossip-sink";

  private static final Serializer<byte[]> BYTES = Serdes.ByteArray().serializer();

  private MonitorTopology() {}

  /** Builds the topology for {@code config}. */
  public static Topology build(MonitorConfig config) {
    Topology topology = new Topology();
    topology.addSource(CHECKPOINTS_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
        config.checkpointsTopic());
    topology.addSource(ENTRIES_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
        config.entriesTopic());
    topology.addSource(GOSSIP_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
        config.gossipTopic());
    topology.addProcessor(PROCESSOR, () -> new MonitorProcessor(config), CHECKPOINTS_SOURCE, ENTRIES_SOURCE,
        GOSSIP_SOURCE);
    for (String store : new String[] {VIEWS_STORE, TREES_STORE, NODES_STORE, OBSERVATIONS_STORE}) {
      topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.Bytes(),
          Serdes.ByteArray()).withCachingEnabled(), PROCESSOR);
    }
    topology.addSink(INCIDENTS_SINK, config.incidentsTopic(), BYTES, Routed.SERIALIZER, Routed.PARTITIONER, PROCESSOR);
    topology.addSink(GOSSIP_SINK, config.gossipTopic(), BYTES, Routed.SERIALIZER, Routed.PARTITIONER, PROCESSOR);
    return topology;
  }
}
