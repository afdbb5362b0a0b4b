package org.civictrust.sequencer;

import java.util.List;
import java.util.Objects;

/**
 * What the sequencer needs: its topics, the logs (one a partition of the input topic, in partition
 * order) and when to sign checkpoints.
 *
 * @param inputTopic {@code civictrust.documents.issued}: IssuedDocument records; a record with a null
 *     value is a tick that only advances time
 * @param entriesTopic {@code civictrust.log.entries}
 * @param checkpointsTopic {@code civictrust.log.checkpoints}
 * @param receiptsTopic {@code civictrust.receipts}
 * @param statusTopic {@code civictrust.documents.status}
 * @param rejectedTopic where records that cannot be sequenced go, with their bytes
 * @param logs the log of partition i is {@code logs.get(i)}
 * @param checkpointEveryEntries sign a checkpoint once this many entries wait (0: never by count)
 * @param checkpointIntervalMillis sign a checkpoint once the oldest waiting entry is this old in
 *     record time (0: never by time)
 * @param anchorTimeoutMillis a document not anchored after this long in record time gets an explicit
 *     ANCHOR_FAILED status
 */
public record SequencerConfig(
    String inputTopic, String entriesTopic, String checkpointsTopic, String receiptsTopic, String statusTopic,
    String rejectedTopic, List<LogIdentity> logs, int checkpointEveryEntries, long checkpointIntervalMillis,
    long anchorTimeoutMillis) {

  /** Validates: topics named, at least one log, origins distinct, bounds non-negative. */
  public SequencerConfig {
    for (String topic : List.of(inputTopic, entriesTopic, checkpointsTopic, receiptsTopic, statusTopic, rejectedTopic)) {
      if (Objects.requireNonNull(topic, "topic").isBlank()) {
        throw new IllegalArgumentException("topic names must not be blank");
      }
    }
    logs = List.copyOf(logs);
    if (logs.isEmpty()) {
      throw new IllegalArgumentException("at least one log");
    }
    if (logs.stream().map(LogIdentity::origin).distinct().count() != logs.size()) {
      throw new IllegalArgumentException("every log needs its own origin");
    }
    if (checkpointEveryEntries < 0 || checkpointIntervalMillis < 0 || anchorTimeoutMillis <= 0) {
      throw new IllegalArgumentException("checkpoint bounds must be >= 0 and the anchor timeout > 0");
    }
  }

  /** The standard topic names with the given logs and checkpoint policy. */
  public static SequencerConfig withStandardTopics(List<LogIdentity> logs, int checkpointEveryEntries,
      long checkpointIntervalMillis, long anchorTimeoutMillis) {
    return new SequencerConfig("civictrust.documents.issued", "civictrust.log.entries",
        "civictrust.log.checkpoints", "civictrust.receipts", "civictrust.documents.status",
        "civictrust.issuance.rejected", logs, checkpointEveryEntries, checkpointIntervalMillis, anchorTimeoutMillis);
  }
}
