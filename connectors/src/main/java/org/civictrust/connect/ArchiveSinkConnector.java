package org.civictrust.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkTask;
import org.civictrust.connect.internal.SinkConfig;

/**
 * The CivicTrust archive sink: a Kafka Connect sink connector that archives every log of
 * {@code civictrust.log.entries} and {@code civictrust.log.checkpoints} in C2SP tlog-tiles layout, in a
 * directory or an S3-compatible bucket ({@link ArchiveSinkTask} does the work).
 *
 * <p>Required settings: {@code topics} (both topics), {@code archive.location} and {@code archive.logs}
 * ({@code <origin> <vkey>} pairs); the value converter must be
 * {@code org.apache.kafka.connect.converters.ByteArrayConverter} (records are decoded by the task). The
 * two topics must be partitioned alike, one log a partition, and each task must get the same partitions
 * of both: the consumer's default RangeAssignor does that. Recommended: a dead letter queue
 * ({@code errors.deadletterqueue.topic.name}, {@code errors.tolerance=all}) for refused checkpoints.
 */
public final class ArchiveSinkConnector extends SinkConnector {
  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    SinkConfig config = new SinkConfig(props);
    String topics = props.getOrDefault(SinkTask.TOPICS_CONFIG, "");
    Set<String> subscribed = Set.of(topics.trim().isEmpty() ? new String[0] : topics.trim().split("\\s*,\\s*"));
    if (!subscribed.equals(Set.of(config.entriesTopic(), config.checkpointsTopic()))) {
      throw new ConfigException(SinkTask.TOPICS_CONFIG, topics, "the archive sink reads exactly "
          + config.entriesTopic() + " and " + config.checkpointsTopic() + " (" + SinkConfig.ENTRIES_TOPIC + ", "
          + SinkConfig.CHECKPOINTS_TOPIC + ")");
    }
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return ArchiveSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>(maxTasks);
    for (int i = 0; i < maxTasks; i++) {
      configs.add(props);
    }
    return configs;
  }

  @Override
  public void stop() {
    // nothing held
  }

  @Override
  public ConfigDef config() {
    return SinkConfig.DEFINITION;
  }

  @Override
  public String version() {
    return version(ArchiveSinkConnector.class);
  }

  static String version(Class<?> type) {
    String version = type.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
