package org.civictrust.platform;

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

/** The creation of CivicTrust's {@link Topics}, with the settings each needs. */
public final class TopicAdmin {

  /** The log, its checkpoints and receipts are kept forever. */
  private static final Map<String, String> FOREVER = Map.of("retention.ms", "-1", "retention.bytes", "-1");

  private TopicAdmin() {}

  /**
   * Creates every topic that does not exist yet: {@code logs} partitions for the issued documents (one
   * a log), {@code requestPartitions} for requests, with replication factor {@code replicas}.
   */
  public static void create(Admin admin, int logs, int requestPartitions, short replicas)
      throws InterruptedException, ExecutionException {
    List<NewTopic> topics = new ArrayList<>();
    topics.add(new NewTopic(Topics.REQUESTS, requestPartitions, replicas));
    // A rejection carries the original request, up to the requests topic's 1 MiB, plus its metadata.
    Map<String, String> rejected = new java.util.HashMap<>(FOREVER);
    rejected.put("max.message.bytes", Integer.toString(2 << 20));
    topics.add(new NewTopic(Topics.REJECTED, requestPartitions, replicas).configs(rejected));
    topics.add(new NewTopic(Topics.ISSUED, logs, replicas));
    topics.add(new NewTopic(Topics.ENTRIES, logs, replicas).configs(FOREVER));
    topics.add(new NewTopic(Topics.CHECKPOINTS, logs, replicas).configs(FOREVER));
    topics.add(new NewTopic(Topics.RECEIPTS, logs, replicas).configs(FOREVER));
    topics.add(new NewTopic(Topics.STATUS, logs, replicas));
    Set<String> existing = admin.listTopics().names().get();
    requirePartitions(admin, topics.stream().filter(t -> existing.contains(t.name())).toList());
    topics.removeIf(t -> existing.contains(t.name()));
    try {
      admin.createTopics(topics).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    awaitLeaders(admin, List.of(Topics.REQUESTS, Topics.REJECTED, Topics.ISSUED, Topics.ENTRIES, Topics.CHECKPOINTS, Topics.RECEIPTS, Topics.STATUS));
  }

  /**
   * Each existing topic must have the partitions this deployment would create it with: log i is
   * partition i of the issued, entries, checkpoints, receipts and status topics, so a topic with
   * another count would mix logs or leave one without a partition.
   *
   * @throws PartitionMismatchException if one has another count
   */
  private static void requirePartitions(Admin admin, List<NewTopic> wanted)
      throws InterruptedException, ExecutionException {
    if (wanted.isEmpty()) {
      return;
    }
    var described = admin.describeTopics(wanted.stream().map(NewTopic::name).toList()).allTopicNames().get();
    for (NewTopic topic : wanted) {
      int found = described.get(topic.name()).partitions().size();
      if (found != topic.numPartitions()) {
        throw new PartitionMismatchException(topic.name(), found, topic.numPartitions());
      }
    }
  }

  /**
   * Waits until every partition of {@code names} has a leader: a producer that starts before then
   * meets NOT_LEADER errors, which have left idempotent producers stuck in sequence-number errors. A
   * topic not yet known to the broker's metadata (just created) is waited for too.
   */
  static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (true) {
      boolean ready;
      try {
        ready = admin.describeTopics(names).allTopicNames().get().values().stream()
            .flatMap(d -> d.partitions().stream())
            .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
      } catch (ExecutionException e) {
        // A topic just created may not be in the broker's metadata yet.
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        ready = false;
      }
      if (ready) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("partitions of " + names + " still have no leader after 30 s");
      }
      Thread.sleep(50);
    }
  }
}
