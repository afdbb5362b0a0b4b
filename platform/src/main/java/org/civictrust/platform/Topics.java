package org.civictrust.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** CivicTrust's topics, and their creation with the settings each needs. */
public final class Topics {
  public static final String REQUESTS = "civictrust.issuance.requests";
  public static final String REJECTED = "civictrust.issuance.rejected";
  public static final String ISSUED = "civictrust.documents.issued";
  public static final String ENTRIES = "civictrust.log.entries";
  public static final String CHECKPOINTS = "civictrust.log.checkpoints";
  public static final String RECEIPTS = "civictrust.receipts";
  public static final String STATUS = "civictrust.documents.status";

  /** The log, its checkpoints and receipts are kept forever. */
  private static final Map<String, String> FOREVER = Map.of("retention.ms", "-1", "retention.bytes", "-1");

  private Topics() {}

  /**
   * Creates every topic that does not exist yet: {@code logs} partitions for the issued documents (one
   * a log), {@code requestPartitions} for requests, with replication factor {@code replicas}.
   */
  public static void create(Admin admin, int logs, int requestPartitions, short replicas)
      throws InterruptedException, ExecutionException {
    List<NewTopic> topics = new ArrayList<>();
    topics.add(new NewTopic(REQUESTS, requestPartitions, replicas));
    topics.add(new NewTopic(REJECTED, requestPartitions, replicas).configs(FOREVER));
    topics.add(new NewTopic(ISSUED, logs, replicas));
    topics.add(new NewTopic(ENTRIES, logs, replicas).configs(FOREVER));
    topics.add(new NewTopic(CHECKPOINTS, logs, replicas).configs(FOREVER));
    topics.add(new NewTopic(RECEIPTS, logs, replicas).configs(FOREVER));
    topics.add(new NewTopic(STATUS, logs, replicas));
    Set<String> existing = admin.listTopics().names().get();
    topics.removeIf(t -> existing.contains(t.name()));
    try {
      admin.createTopics(topics).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }
}
