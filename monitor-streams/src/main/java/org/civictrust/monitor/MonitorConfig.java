package org.civictrust.monitor;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerifierKey;
import org.civictrust.tlog.MonitoredLog;
import org.civictrust.schemas.Topics;

/**
 * What a monitor application needs: its key (whose name is the monitor's identity), the logs it
 * follows, the other monitors whose gossip it trusts, its topics and settings.
 *
 * @param key the monitor's note key; it signs observations and incidents
 * @param logs the logs followed, no origin twice
 * @param peers the verifier keys of the other monitors whose gossip counts
 * @param checkpointsTopic the logs' checkpoints
 * @param entriesTopic the logs' entries, from which the monitor keeps its own copy of each tree
 * @param gossipTopic observations, read and written
 * @param incidentsTopic incidents, written
 * @param settings the core's settings
 * @param tickInterval how often (wall-clock) the time checks run: freshness, patience
 */
public record MonitorConfig(SignerKey key, List<MonitoredLog> logs, List<VerifierKey> peers, String checkpointsTopic,
    String entriesTopic, String gossipTopic, String incidentsTopic, Monitor.Settings settings, Duration tickInterval) {
  /** Validates and copies. */
  public MonitorConfig {
    Objects.requireNonNull(key, "key");
    logs = List.copyOf(logs);
    peers = List.copyOf(peers);
    Set<String> origins = new HashSet<>();
    for (MonitoredLog log : logs) {
      if (!origins.add(log.origin())) {
        throw new IllegalArgumentException("log " + log.origin() + " listed twice");
      }
    }
    for (String topic : List.of(checkpointsTopic, entriesTopic, gossipTopic, incidentsTopic)) {
      if (topic == null || topic.isEmpty()) {
        throw new IllegalArgumentException("every topic is named");
      }
    }
    Objects.requireNonNull(settings, "settings");
    if (tickInterval.isNegative() || tickInterval.isZero()) {
      throw new IllegalArgumentException("the tick interval is positive");
    }
  }

  /** A monitor on the standard topics ({@link MonitorTopics}), ticking every 5 seconds. */
  public static MonitorConfig of(SignerKey key, List<MonitoredLog> logs, List<VerifierKey> peers,
      Monitor.Settings settings) {
    return new MonitorConfig(key, logs, peers, Topics.CHECKPOINTS, Topics.ENTRIES, Topics.GOSSIP,
        Topics.INCIDENTS, settings, Duration.ofSeconds(5));
  }

  /** The monitor's name: its key's name. */
  public String name() {
    return key.name();
  }
}
