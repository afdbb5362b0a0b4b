package org.civictrust.platform;

import java.util.Objects;

/**
 * An existing topic has another number of partitions than this deployment creates it with (log i is
 * partition i of the log topics, so another count would mix logs or leave one without a partition).
 * The failure carries its evidence: the topic, the partitions it has and the partitions required.
 */
public final class PartitionMismatchException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final int partitions;
  private final int required;

  PartitionMismatchException(String topic, int partitions, int required) {
    super("topic " + topic + " has " + partitions + " partitions; this deployment needs " + required
        + " (one a log for the log topics): start with the same number of logs");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.partitions = partitions;
    this.required = required;
  }

  /** The topic. */
  public String topic() {
    return topic;
  }

  /** The number of partitions the topic has. */
  public int partitions() {
    return partitions;
  }

  /** The number of partitions this deployment needs it to have. */
  public int required() {
    return required;
  }
}
