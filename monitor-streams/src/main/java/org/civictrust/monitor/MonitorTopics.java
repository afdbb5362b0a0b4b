package org.civictrust.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.civictrust.schemas.Topics;

/**
 * The topics monitors read and write. The log's topics are the sequencer's (one partition per log);
 * the monitors' topics have as many partitions as the checkpoints topic, and a monitor writes what it
 * observed of the log in partition i of the checkpoints topic to partition i of the gossip topic, so
 * that every monitor's observations of one log meet in one task (co-partitioned with the log).
 */
public final class MonitorTopics {
  private static final Map<String, String> FOREVER = Map.of("retention.ms", "-1", "retention.bytes", "-1");

  private MonitorTopics() {}

  /**
   * Creates the gossip and incidents topics if they do not exist, with {@code partitions} partitions
   * (the checkpoints topic's count) and replication factor {@code replicas}.
   */
  public static void create(Admin admin, int partitions, short replicas) throws InterruptedException, ExecutionException {
    List<NewTopic> topics = new ArrayList<>();
    topics.add(new NewTopic(Topics.GOSSIP, partitions, replicas).configs(FOREVER));
    topics.add(new NewTopic(Topics.INCIDENTS, partitions, replicas).configs(FOREVER));
    Set<String> existing = admin.listTopics().names().get();
    topics.removeIf(t -> existing.contains(t.name()));
    try {
      admin.createTopics(topics).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    awaitLeaders(admin, List.of(Topics.GOSSIP, Topics.INCIDENTS));
  }

  /**
   * Waits until every partition of {@code topics} has a leader (at most 30 s): a transactional
   * producer that writes to a partition before then meets NOT_LEADER errors and then sequence-number
   * errors.
   */
  public static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (!haveLeaders(admin, topics)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("partitions of " + topics + " still have no leader after 30 s");
      }
      Thread.sleep(50);
    }
  }

  private static boolean haveLeaders(Admin admin, List<String> topics) throws InterruptedException, ExecutionException {
    try {
      return admin.describeTopics(topics).allTopicNames().get().values().stream()
          .flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw e;
    }
  }

  /** The number of partitions of {@code topic}. */
  public static int partitions(Admin admin, String topic) throws InterruptedException, ExecutionException {
    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
  }
}
