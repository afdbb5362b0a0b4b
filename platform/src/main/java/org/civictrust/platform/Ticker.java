package org.civictrust.platform;

import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.civictrust.schemas.KafkaClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces a tick (a record with a null value) to every partition of the sequencer's input topic at a
 * fixed rate, so that record time moves on an idle log and its last entries get their checkpoint.
 * Ticks are records in the topic, so a replay sees them too and signs the same checkpoints.
 */
public final class Ticker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final ScheduledExecutorService scheduler;

  private Ticker(KafkaProducer<byte[], byte[]> producer, ScheduledExecutorService scheduler) {
    this.producer = producer;
    this.scheduler = scheduler;
  }

  /** Starts ticking {@code partitions} partitions of {@code topic} every {@code periodMillis}. */
  public static Ticker start(String bootstrapServers, String topic, int partitions, long periodMillis) {
    return start(bootstrapServers, KafkaClientConfig.none(), topic, partitions, periodMillis);
  }

  /** As {@link #start(String, String, int, long)}, the producer with {@code client}'s properties under its own. */
  public static Ticker start(String bootstrapServers, KafkaClientConfig client, String topic, int partitions,
      long periodMillis) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    // A tick is disposable (the next one follows shortly): no idempotence, no retries, no blocking.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    props.put(ProducerConfig.RETRIES_CONFIG, "0");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client.under(props));
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "civictrust-ticker");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleAtFixedRate(() -> {
      try {
        long now = System.currentTimeMillis();
        for (int p = 0; p < partitions; p++) {
          producer.send(new ProducerRecord<byte[], byte[]>(topic, p, (Long) now, null, null));
        }
      } catch (RuntimeException e) {
        LOG.warn("tick failed: {}", e.toString());
      }
    }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    return new Ticker(producer, scheduler);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    producer.close();
  }
}
