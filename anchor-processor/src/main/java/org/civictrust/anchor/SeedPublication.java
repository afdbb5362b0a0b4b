package org.civictrust.anchor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.LogSeed;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.Rejection;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.schemas.Topics;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.NoteVerifier;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.schemas.TopicReader;

/**
 * The publishing side of a {@linkplain LogSeeds seed}: continues a log restored from its archive in a
 * running deployment whose log is still empty. It checks the seed with the log's key, checks that the
 * deployment's log (its partition of {@value Topics#ENTRIES} and {@value Topics#CHECKPOINTS}) holds no
 * record, then, in one transaction (all of it or none of it becomes visible), republishes the entries
 * to {@value Topics#ENTRIES} and the checkpoint to {@value Topics#CHECKPOINTS} and publishes the seed to
 * {@value Topics#ISSUED}, each in the log's partition; then waits until the sequencer's committed offset
 * passes the seed and looks on {@value Topics#REJECTED} for its rejection. The {@link Outcome} says
 * which. One publication of a log at a time: a second one fences the first.
 */
public final class SeedPublication {
  /** How long to wait for the cluster to answer. */
  private static final Duration REACH_TIMEOUT = Duration.ofSeconds(15);
  /**
   * How long the transaction may stay open: within the brokers' default transaction.max.timeout.ms
   * (15 min); a million entries take seconds.
   */
  private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(5);

  private static final AvroCodec<LogEntry> ENTRY = AvroCodec.of(LogEntry.class, 128 * 1024);
  private static final AvroCodec<SignedCheckpoint> CHECKPOINT = AvroCodec.of(SignedCheckpoint.class, 64 * 1024);
  private static final AvroCodec<Rejection> REJECTION = AvroCodec.of(Rejection.class, 4 << 20);

  /** What became of a publication. */
  public enum Verdict {
    /** Published, and the sequencer passed the seed without rejecting it: the log continues. */
    RESTORED,
    /** Published; not waited for (a wait of zero). */
    PUBLISHED,
    /** Nothing published: the deployment's log is not empty ({@link #LOG_NOT_EMPTY}). */
    REFUSED,
    /** Published, and the sequencer rejected the seed (the reason is its rejection's). */
    REJECTED,
    /** Published, but the sequencer did not pass the seed within the wait. */
    UNCONFIRMED
  }

  /** The reason of a {@link Verdict#REFUSED} publication. */
  public static final String LOG_NOT_EMPTY = "LOG_NOT_EMPTY";

  /**
   * A publication's outcome.
   *
   * @param verdict what became of it
   * @param seedOffset the seed's offset in the log's partition of {@value Topics#ISSUED}, or -1 if nothing
   *     was published
   * @param reason {@link #LOG_NOT_EMPTY} if REFUSED, the rejection's reason code if REJECTED, else null
   * @param detail the evidence, for humans: the record found if REFUSED, the rejection's message if
   *     REJECTED, what to look for if UNCONFIRMED; else null
   */
  public record Outcome(Verdict verdict, long seedOffset, String reason, String detail) {
    public Outcome {
      Objects.requireNonNull(verdict, "verdict");
    }

    /** Whether the log continues (RESTORED) or will once the sequencer reads the seed (PUBLISHED). */
    public boolean published() {
      return verdict == Verdict.RESTORED || verdict == Verdict.PUBLISHED;
    }
  }

  /** Receives the entries in leaf index order. */
  @FunctionalInterface
  public interface EntryVisitor {
    void accept(long leafIndex, byte[] entry) throws IOException;
  }

  /**
   * The restored log's entries: {@code forEach} hands each, from leaf 0 to the seed's tree size, to the
   * visitor in order (for example an archive snapshot's, checked against its verified leaf hashes).
   *
   * @param <E> what reading them may throw besides an {@link IOException}
   */
  @FunctionalInterface
  public interface Entries<E extends Exception> {
    void forEach(EntryVisitor visitor) throws IOException, E;
  }

  /**
   * Where to publish.
   *
   * @param kafka the deployment's Kafka client properties (at least {@code bootstrap.servers}); the
   *     publication sets its clients' serializers, isolation level and transactional id itself
   * @param partition the log's partition, {@code >= 0}
   * @param awaitSequencer how long to wait for the sequencer to pass the seed ({@link Duration#ZERO}: do
   *     not wait)
   * @param sequencerApplicationId the sequencer's Streams application id, whose committed offsets say how
   *     far it read
   */
  public record Target(Map<String, Object> kafka, int partition, Duration awaitSequencer,
      String sequencerApplicationId) {
    public Target {
      kafka = Map.copyOf(kafka);
      if (partition < 0) {
        throw new IllegalArgumentException("a partition is >= 0, not " + partition);
      }
      if (awaitSequencer.isNegative()) {
        throw new IllegalArgumentException("a wait is >= 0, not " + awaitSequencer);
      }
      Objects.requireNonNull(sequencerApplicationId, "sequencerApplicationId");
    }
  }

  private final LogSeed seed;
  private final Checkpoint checkpoint;
  private final Target target;
  private final String origin;
  private final byte[] originKey;

  private SeedPublication(LogSeed seed, Checkpoint checkpoint, Target target) {
    this.seed = seed;
    this.checkpoint = checkpoint;
    this.target = target;
    this.origin = seed.getOrigin();
    this.originKey = origin.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Publishes {@code seed} and the log's {@code entries} to the deployment at {@code target}, as above.
   *
   * @throws SeedException if the seed is not a seed of its origin's log signed by {@code logKey}
   *     (nothing is published)
   * @throws IllegalArgumentException if the deployment has no partition {@code target.partition()} (nothing
   *     is published), or if the entries are not those of the seed's tree (the transaction is aborted)
   * @throws IOException if reading a partition makes no progress for a minute, or an encoding fails
   * @throws ExecutionException if the cluster fails a request (sending a record, reading the offsets)
   * @throws TimeoutException if it does not answer for the offsets within 15 s
   * @throws E if reading the entries does
   */
  public static <E extends Exception> Outcome publish(LogSeed seed, NoteVerifier logKey, Entries<E> entries,
      Target target)
      throws SeedException, IOException, InterruptedException, ExecutionException, TimeoutException, E {
    Checkpoint checkpoint = LogSeeds.verify(seed, seed.getOrigin(), logKey);
    return new SeedPublication(seed, checkpoint, target).run(entries);
  }

  private <E extends Exception> Outcome run(Entries<E> entries)
      throws IOException, InterruptedException, ExecutionException, TimeoutException, E {
    Map<TopicPartition, Long> rejectionsFrom;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      for (String topic : List.of(Topics.ISSUED, Topics.ENTRIES, Topics.CHECKPOINTS)) {
        int partitions = consumer.partitionsFor(topic).size();
        if (target.partition() >= partitions) {
          throw new IllegalArgumentException(topic + " has " + partitions + " partitions: the deployment has no log "
              + target.partition());
        }
        // The log is empty while its sequencer wrote no entry and no checkpoint. Documents waiting on
        // the issued topic do not count: a deployment started with --restoring rejects them until the
        // seed is adopted, and any other sequencer that appends one first rejects the seed (REJECTED).
        long offset = topic.equals(Topics.ISSUED) ? -1
            : firstValue(consumer, new TopicPartition(topic, target.partition()));
        if (offset >= 0) {
          return new Outcome(Verdict.REFUSED, -1, LOG_NOT_EMPTY, "partition " + target.partition() + " of " + topic
              + " holds a record (offset " + offset + "): a log is restored only into a deployment where it is still"
              + " empty");
        }
      }
      rejectionsFrom = TopicReader.assignFromBeginning(consumer, Topics.REJECTED);
    }
    long seedOffset = publish(entries);
    if (target.awaitSequencer().isZero()) {
      return new Outcome(Verdict.PUBLISHED, seedOffset, null, null);
    }
    if (!awaitSequencer(seedOffset)) {
      return new Outcome(Verdict.UNCONFIRMED, seedOffset, null, "the sequencer ('" + target.sequencerApplicationId()
          + "') did not get past the seed at offset " + seedOffset + " of " + Topics.ISSUED + " in "
          + target.awaitSequencer().toSeconds() + " s; the entries, the checkpoint and the seed are published: look "
          + "for the seed's rejection on " + Topics.REJECTED);
    }
    Rejection rejection = rejectionOf(seedOffset, rejectionsFrom);
    if (rejection != null) {
      return new Outcome(Verdict.REJECTED, seedOffset, rejection.getReason(), rejection.getMessage());
    }
    return new Outcome(Verdict.RESTORED, seedOffset, null, null);
  }

  /** The offset of the first record with a value in {@code partition} (ticks have none), or -1. */
  private static long firstValue(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition) throws IOException {
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    long end = consumer.endOffsets(List.of(partition)).get(partition);
    long lastProgress = System.nanoTime();
    long position = -1;
    while (consumer.position(partition) < end) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() < end && record.value() != null) {
          return record.offset();
        }
      }
      long now = System.nanoTime();
      if (consumer.position(partition) != position) {
        position = consumer.position(partition);
        lastProgress = now;
      } else if (now - lastProgress > TopicReader.STALL_TIMEOUT.toNanos()) {
        throw new IOException("reading " + partition + " made no progress for " + TopicReader.STALL_TIMEOUT.toSeconds() + " s");
      }
    }
    return -1;
  }

  /** Publishes the entries, the checkpoint and the seed in one transaction; returns the seed's offset. */
  private <E extends Exception> long publish(Entries<E> entries)
      throws IOException, InterruptedException, ExecutionException, E {
    int partition = target.partition();
    try (KafkaProducer<byte[], byte[]> producer = transactionalProducer("civictrust-restore-" + origin)) {
      producer.initTransactions();
      producer.beginTransaction();
      try {
        CompactRange republished = CompactRange.empty(0);
        entries.forEach((leafIndex, entry) -> {
          if (leafIndex != republished.end()) {
            throw new IllegalArgumentException("entry " + leafIndex + " came after " + republished.end() + " entries");
          }
          republished.append(Rfc9162.leafHash(entry));
          producer.send(new ProducerRecord<>(Topics.ENTRIES, partition, originKey, encode(ENTRY,
              new LogEntry(origin, leafIndex, ByteBuffer.wrap(entry), "restored:" + leafIndex))));
        });
        if (republished.end() != checkpoint.treeSize() || !republished.rootHash().equals(checkpoint.rootHash())) {
          throw new IllegalArgumentException("the entries make a tree of size " + republished.end() + " and root "
              + republished.rootHash() + ", the seed's checkpoint says " + checkpoint.treeSize() + " and "
              + checkpoint.rootHash());
        }
        producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, partition, originKey, encode(CHECKPOINT,
            new SignedCheckpoint(origin, checkpoint.treeSize(), ByteBuffer.wrap(checkpoint.rootHash().bytes()),
                seed.getCheckpoint().duplicate()))));
        Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(Topics.ISSUED, partition, originKey,
            encode(LogSeeds.CODEC, seed)));
        producer.commitTransaction();
        return sent.get().offset();
      } catch (Exception e) {
        try {
          producer.abortTransaction();
        } catch (RuntimeException abort) {
          e.addSuppressed(abort);
        }
        throw e;
      }
    }
  }

  /** Whether the sequencer's committed offset in the log's partition passed the seed within the wait. */
  private boolean awaitSequencer(long seedOffset) throws InterruptedException, ExecutionException, TimeoutException {
    TopicPartition issued = new TopicPartition(Topics.ISSUED, target.partition());
    long deadline = System.nanoTime() + target.awaitSequencer().toNanos();
    try (Admin admin = Admin.create(target.kafka())) {
      while (true) {
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets(target.sequencerApplicationId())
            .partitionsToOffsetAndMetadata().get(REACH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(issued);
        if (committed != null && committed.offset() > seedOffset) {
          return true;
        }
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(200);
      }
    }
  }

  /** The sequencer's rejection of the seed, among the rejections written since {@code from}; null if none. */
  private Rejection rejectionOf(long seedOffset, Map<TopicPartition, Long> from) throws IOException {
    Rejection[] found = {null};
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      Map<TopicPartition, Long> end = TopicReader.assignFromBeginning(consumer, Topics.REJECTED);
      from.forEach(consumer::seek);
      TopicReader.readToEnd(consumer, end, record -> {
        try {
          Rejection rejection = REJECTION.decodeSingleObject(record.value());
          if (rejection.getSourceTopic().equals(Topics.ISSUED) && rejection.getSourcePartition() == target.partition()
              && rejection.getSourceOffset() == seedOffset) {
            found[0] = rejection;
          }
        } catch (RecordException notARejection) {
          // another writer's record: not the seed's rejection
        }
      });
    }
    return found[0];
  }

  /** A consumer of byte arrays that sees committed records only and belongs to no group. */
  private KafkaConsumer<byte[], byte[]> consumer() {
    Map<String, Object> props = new HashMap<>(target.kafka());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(props);
  }

  /**
   * A transactional, idempotent producer ({@code acks=all}) of byte arrays: {@code transactionalId} fences
   * any earlier producer with the same id.
   */
  private KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId) {
    Map<String, Object> props = new HashMap<>(target.kafka());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(REACH_TIMEOUT.toMillis()));
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(TRANSACTION_TIMEOUT.toMillis()));
    return new KafkaProducer<>(props);
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> byte[] encode(AvroCodec<T> codec, T record)
      throws IOException {
    try {
      return codec.encodeSingleObject(record);
    } catch (RecordException e) {
      throw new IOException("cannot encode a restored record: " + e.getMessage(), e);
    }
  }
}
