package org.civictrust.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.civictrust.schemas.KafkaClientConfig;

/**
 * The Kafka clients of the {@code issue}, {@code receipts} and {@code replay} commands, with the
 * settings each needs: an idempotent producer that waits for every replica, and consumers that read
 * committed records only, by assignment (no consumer group, no committed offsets).
 */
final class KafkaClients {
  /** How long a command waits for the cluster to answer before it gives up. */
  static final Duration REACH_TIMEOUT = Duration.ofSeconds(15);
  private KafkaClients() {}

  /** An idempotent producer ({@code acks=all}) of byte arrays. */
  static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return producer(bootstrap, KafkaClientConfig.none());
  }

  /** As {@link #producer(String)}, with {@code client}'s properties under its own. */
  static KafkaProducer<byte[], byte[]> producer(String bootstrap, KafkaClientConfig client) {
    return new KafkaProducer<>(producerProperties(bootstrap, client));
  }

  /**
   * A transactional producer of byte arrays: {@code transactionalId} fences any earlier producer with
   * the same id; a transaction left open longer than {@code timeout} is aborted by the brokers.
   */
  static KafkaProducer<byte[], byte[]> transactionalProducer(String bootstrap, KafkaClientConfig client,
      String transactionalId, Duration timeout) {
    Properties props = producerProperties(bootstrap, client);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(timeout.toMillis()));
    return new KafkaProducer<>(props);
  }

  /** The settings of {@link #producer(String, KafkaClientConfig)}: {@code client}'s, then ours on top. */
  static Properties producerProperties(String bootstrap, KafkaClientConfig client) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(REACH_TIMEOUT.toMillis()));
    return client.under(props);
  }

  /** A consumer of byte arrays that sees committed records only and belongs to no group. */
  static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    return consumer(bootstrap, KafkaClientConfig.none());
  }

  /** As {@link #consumer(String)}, with {@code client}'s properties under its own. */
  static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, KafkaClientConfig client) {
    return new KafkaConsumer<>(consumerProperties(bootstrap, client));
  }

  /** The settings of {@link #consumer(String, KafkaClientConfig)}: {@code client}'s, then ours on top. */
  static Properties consumerProperties(String bootstrap, KafkaClientConfig client) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return client.under(props);
  }

  /**
   * Checks that the cluster at {@code bootstrap} answers and holds {@code topics} (if any).
   *
   * @throws InputException saying which, if not: the address is wrong, or {@code civictrust up} never
   *     ran on the cluster
   */
  static void requireTopics(String bootstrap, List<String> topics) throws InputException, InterruptedException {
    requireTopics(bootstrap, KafkaClientConfig.none(), topics);
  }

  /**
   * As {@link #requireTopics(String, List)}, the admin client with {@code client}'s properties under
   * its own: a client configuration the cluster does not accept (wrong protocol, credentials or
   * trust store) fails here, within {@link #REACH_TIMEOUT}.
   */
  static void requireTopics(String bootstrap, KafkaClientConfig client, List<String> topics)
      throws InputException, InterruptedException {
    try (Admin admin = Admin.create(adminProperties(bootstrap, client))) {
      long timeout = REACH_TIMEOUT.toMillis() + 1000;
      if (topics.isEmpty()) {
        admin.describeCluster().clusterId().get(timeout, TimeUnit.MILLISECONDS);
      } else {
        admin.describeTopics(topics).allTopicNames().get(timeout, TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new InputException("the Kafka cluster at " + bootstrap + " lacks a topic of " + topics
            + ": has 'civictrust up' run on it?", e);
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw new InputException("cannot reach Kafka at " + bootstrap + " within " + REACH_TIMEOUT.toSeconds() + " s"
            + hint(client), e);
      }
      if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException) {
        throw new InputException("cannot authenticate to Kafka at " + bootstrap + ": " + oneLine(e.getCause()), e);
      }
      throw new InputException("cannot use Kafka at " + bootstrap + ": " + oneLine(e.getCause()), e);
    } catch (KafkaException e) {
      // Admin.create: a client configuration that cannot make a client (no JAAS entry, no key store …).
      throw new InputException("cannot make a Kafka client for " + bootstrap + ": " + oneLine(e), e);
    } catch (TimeoutException e) {
      throw new InputException("cannot reach Kafka at " + bootstrap + " within " + REACH_TIMEOUT.toSeconds() + " s"
            + hint(client), e);
    }
  }

  /** The settings of the admin client of {@link #requireTopics}: {@code client}'s, then ours on top. */
  static Map<String, Object> adminProperties(String bootstrap, KafkaClientConfig client) {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REACH_TIMEOUT.toMillis());
    return client.under(config);
  }

  /** What to check besides the address when the cluster does not answer a client with added properties. */
  private static String hint(KafkaClientConfig client) {
    return client.properties().isEmpty() ? ""
        : " (or it does not accept the client settings of --command-config " + client.properties().keySet() + ")";
  }

  /** A failure's message and its causes' on one line. */
  private static String oneLine(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(message);
      }
    }
    return text.toString().replaceAll("\\s+", " ").strip();
  }
}
