package org.civictrust.issuance.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Unit tests of the source's timestamp extractor (the test driver refuses negative timestamps). */
class RecordTimestampsTest {
  static ConsumerRecord<Object, Object> record(long timestamp, TimestampType type) {
    return new ConsumerRecord<>("civictrust.issuance.requests", 0, 7L, timestamp, type, 0, 0, null, null,
        new RecordHeaders(), Optional.empty());
  }

  @Test
  void usesTheRecordTimestamp() {
    RecordTimestamps extractor = new RecordTimestamps();
    assertEquals(1_795_000_000_000L, extractor.extract(record(1_795_000_000_000L, TimestampType.CREATE_TIME), 5L));
    assertEquals(0L, extractor.extract(record(0L, TimestampType.LOG_APPEND_TIME), 5L));
  }

  @Test
  void aRecordWithoutTimestampTakesTheStreamTimeInsteadOfFailingTheThread() {
    RecordTimestamps extractor = new RecordTimestamps();
    assertEquals(1_795_000_000_000L, extractor.extract(record(-1L, TimestampType.NO_TIMESTAMP_TYPE), 1_795_000_000_000L));
  }

  @Test
  void beforeAnyStreamTimeItTakesZeroSoTheRecordIsNotDropped() {
    RecordTimestamps extractor = new RecordTimestamps();
    assertEquals(0L, extractor.extract(record(-1L, TimestampType.NO_TIMESTAMP_TYPE), -1L));
    assertEquals(0L, extractor.extract(record(Long.MIN_VALUE, TimestampType.CREATE_TIME), Long.MIN_VALUE));
  }
}
