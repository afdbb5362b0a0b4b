package org.civictrust.issuance.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The requests source's timestamp extractor: the record's own timestamp (producer or broker time), which
 * becomes the document's {@code issuedAt}. A negative timestamp (possible from clients other than
 * Kafka's, e.g. {@code -1} for "none") would make Kafka's default extractor fail the stream thread, and
 * Streams drops records with negative extracted timestamps; here it becomes the partition's stream time,
 * or 0 before the first valid record, so the record is still processed with that issue time, never
 * dropped. Stateless, and deterministic on replay (stream time is a function of the partition's records).
 */
public final class RecordTimestamps implements TimestampExtractor {
  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    long timestamp = record.timestamp();
    if (timestamp >= 0) {
      return timestamp;
    }
    return Math.max(partitionTime, 0L);
  }
}
