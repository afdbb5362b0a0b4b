package org.civictrust.anchor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.civictrust.schemas.Topics;

/**
 * What the sequencer needs: its topics, the logs (one a partition of the input topic, in partition
 * order), when to sign checkpoints and, optionally, the witnesses that must cosign them.
 *
 * @param inputTopic {@code civictrust.documents.issued}: IssuedDocument records; a record with a null
 *     value is a tick that only advances time; a LogSeed record continues an empty log ({@link LogSeeds})
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
 * @param witnessPolicy the witnesses a checkpoint needs a quorum of cosignatures from before it is
 *     published and anchors receipts; empty: checkpoints count as soon as the log signs them
 * @param awaitSeed whether an empty log waits for a seed ({@code civictrust archive restore --publish})
 *     instead of starting a tree: while it has neither leaves nor a seed, its documents are rejected
 *     with {@code LOG_AWAITING_SEED}, so a deployment restoring a log never signs a second history
 *     under the log's key before the archived one is back
 * @param witnessClock a monotonic clock in nanoseconds ({@code System::nanoTime} unless a test hands in
 *     another) that bounds how long a witness round waits for the witnesses' HTTP answers; read only
 *     when there is a witness policy. It is the one clock the sequencer reads, and it decides nothing
 *     the log itself signs (see {@code internal.WitnessRound}), so it comes from here and the
 *     processor reads no clock of its own (CONVENTIONS.md rule 12)
 */
public record SequencerConfig(
    String inputTopic, String entriesTopic, String checkpointsTopic, String receiptsTopic, String statusTopic,
    String rejectedTopic, List<LogIdentity> logs, int checkpointEveryEntries, long checkpointIntervalMillis,
    long anchorTimeoutMillis, Optional<WitnessPolicy> witnessPolicy, boolean awaitSeed, LongSupplier witnessClock) {

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
    Objects.requireNonNull(witnessPolicy, "witnessPolicy");
    Objects.requireNonNull(witnessClock, "witnessClock");
  }

  /** A configuration without witnesses: checkpoints count as soon as the log signs them. */
  public SequencerConfig(
      String inputTopic, String entriesTopic, String checkpointsTopic, String receiptsTopic, String statusTopic,
      String rejectedTopic, List<LogIdentity> logs, int checkpointEveryEntries, long checkpointIntervalMillis,
      long anchorTimeoutMillis) {
    this(inputTopic, entriesTopic, checkpointsTopic, receiptsTopic, statusTopic, rejectedTopic, logs,
        checkpointEveryEntries, checkpointIntervalMillis, anchorTimeoutMillis, Optional.empty(), false, System::nanoTime);
  }

  /** The standard topic names with the given logs and checkpoint policy. */
  public static SequencerConfig withStandardTopics(List<LogIdentity> logs, int checkpointEveryEntries,
      long checkpointIntervalMillis, long anchorTimeoutMillis) {
    return new SequencerConfig(Topics.ISSUED, Topics.ENTRIES, Topics.CHECKPOINTS, Topics.RECEIPTS, Topics.STATUS,
        Topics.REJECTED, logs, checkpointEveryEntries, checkpointIntervalMillis, anchorTimeoutMillis);
  }

  /** This configuration, with checkpoints that count only once a quorum of {@code policy} cosigned them. */
  public SequencerConfig withWitnessPolicy(WitnessPolicy policy) {
    return new SequencerConfig(inputTopic, entriesTopic, checkpointsTopic, receiptsTopic, statusTopic, rejectedTopic,
        logs, checkpointEveryEntries, checkpointIntervalMillis, anchorTimeoutMillis, Optional.of(policy), awaitSeed,
        witnessClock);
  }

  /** This configuration, with empty logs that wait for a seed (see {@code awaitSeed} above). */
  public SequencerConfig withAwaitSeed(boolean await) {
    return new SequencerConfig(inputTopic, entriesTopic, checkpointsTopic, receiptsTopic, statusTopic, rejectedTopic,
        logs, checkpointEveryEntries, checkpointIntervalMillis, anchorTimeoutMillis, witnessPolicy, await, witnessClock);
  }

  /** This configuration, with witness rounds timed by {@code nanoClock} (see {@code witnessClock} above). */
  public SequencerConfig withWitnessClock(LongSupplier nanoClock) {
    return new SequencerConfig(inputTopic, entriesTopic, checkpointsTopic, receiptsTopic, statusTopic, rejectedTopic,
        logs, checkpointEveryEntries, checkpointIntervalMillis, anchorTimeoutMillis, witnessPolicy, awaitSeed, nanoClock);
  }
}
