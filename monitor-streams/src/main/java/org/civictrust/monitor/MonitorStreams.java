package org.civictrust.monitor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.civictrust.schemas.KafkaClientConfig;
import org.civictrust.schemas.StreamsHealth;

/**
 * A running monitor application: the {@link MonitorTopology} in a {@code KafkaStreams} instance with
 * exactly-once (v2) processing, so that its views, observation log and incidents commit with its
 * input offsets. Its application id (and consumer group) is {@code civictrust-monitor-<name>}, one per
 * monitor identity. A {@link StreamsHealth} watches it: any fault stops it in {@code ERROR}, which
 * {@link #failure()} reports.
 */
public final class MonitorStreams implements AutoCloseable {
  private final KafkaStreams streams;
  private final StreamsHealth health;

  private MonitorStreams(KafkaStreams streams, StreamsHealth health) {
    this.streams = streams;
    this.health = health;
  }

  /**
   * Creates the monitor topics if needed (as many partitions as the checkpoints topic) and starts the
   * monitor. Returns once it has started (it may still be restoring state).
   *
   * @param commitInterval how often state and outputs commit: an incident is visible to
   *     {@code read_committed} readers at most this long after its checkpoint was processed
   */
  public static MonitorStreams start(MonitorConfig config, String bootstrapServers, Path stateDir,
      Duration commitInterval) throws InterruptedException, ExecutionException {
    return start(config, bootstrapServers, KafkaClientConfig.none(), stateDir, commitInterval);
  }

  /**
   * As {@link #start(MonitorConfig, String, Path, Duration)}, the admin and Streams clients with {@code
   * client}'s properties under their own.
   */
  public static MonitorStreams start(MonitorConfig config, String bootstrapServers, KafkaClientConfig client,
      Path stateDir, Duration commitInterval) throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(client.under(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)))) {
      int partitions = MonitorTopics.partitions(admin, config.checkpointsTopic());
      MonitorTopics.create(admin, partitions, replicas(admin));
    }
    String applicationId = applicationId(config);
    KafkaStreams streams = new KafkaStreams(MonitorTopology.build(config),
        properties(applicationId, bootstrapServers, client, stateDir, commitInterval));
    StreamsHealth health = StreamsHealth.watch(streams, applicationId);
    streams.start();
    return new MonitorStreams(streams, health);
  }

  /** The application id of a monitor: {@code civictrust-monitor-} and its name, safe characters only. */
  public static String applicationId(MonitorConfig config) {
    return "civictrust-monitor-" + config.name().replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** The Streams settings of a monitor with {@code client}'s properties under them. */
  public static Properties properties(String applicationId, String bootstrapServers, KafkaClientConfig client,
      Path stateDir, Duration commitInterval) {
    return client.under(properties(applicationId, bootstrapServers, stateDir, commitInterval));
  }

  /** The Streams settings of a monitor. */
  public static Properties properties(String applicationId, String bootstrapServers, Path stateDir,
      Duration commitInterval) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(16L << 20));
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "10000");
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), "2500");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
    return props;
  }

  private static short replicas(Admin admin) throws InterruptedException, ExecutionException {
    return (short) Math.min(3, admin.describeCluster().nodes().get().size());
  }

  /** The Streams instance, for its state and metrics. */
  public KafkaStreams streams() {
    return streams;
  }

  /** Whether the monitor is running (not restoring, not failed). */
  public boolean isRunning() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /**
   * Completes when the monitor is in {@code ERROR}, with why; never completes otherwise, not on {@link
   * #close()}. Each call returns a new future.
   */
  public CompletableFuture<StreamsHealth.Failure> failure() {
    return health.failure();
  }

  /** Stops the monitor, leaving its group, and waits up to 30 s. */
  @Override
  public void close() {
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
  }
}
