package org.civictrust.monitor.internal;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * A record value on its way out of the monitor with the partition it must go to ({@code -1}: the
 * default partitioner decides). Gossip about the log of partition i goes to partition i.
 */
public record Routed(int partition, byte[] value) {
  /** Writes the value bytes only. */
  public static final Serializer<Routed> SERIALIZER = (topic, routed) -> routed == null ? null : routed.value;

  /** Sends a record to its partition (modulo the topic's count), or leaves it to the default partitioner. */
  public static final StreamPartitioner<byte[], Routed> PARTITIONER = new StreamPartitioner<>() {
    @Override
    public Optional<Set<Integer>> partitions(String topic, byte[] key, Routed value, int numPartitions) {
      return value == null || value.partition < 0 ? Optional.empty() : Optional.of(Set.of(value.partition % numPartitions));
    }
  };
}
