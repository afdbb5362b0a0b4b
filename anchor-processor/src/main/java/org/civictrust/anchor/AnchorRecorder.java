package org.civictrust.anchor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.KvUnavailableException;
import org.civictrust.kv.ReasonCode;
import org.civictrust.anchor.internal.EntryLookup;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.DocumentStatus;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuedEntry;
import org.civictrust.schemas.KafkaClientConfig;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.schemas.Status;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifierKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.civictrust.schemas.Topics;

/**
 * Records anchoring in the issuance store, off the pipeline's path: a plain Kafka consumer (group
 * {@value #GROUP_ID}, {@code read_committed}) of the checkpoints and document-status topics, on a thread
 * of its own.
 *
 * <ul>
 *   <li>A checkpoint (its note verified with the log's key first) becomes {@code AdvanceWatermark(origin,
 *       treeSize)} with request id {@code wm:<origin>:<treeSize>}: one write per checkpoint, not one per
 *       document; only the largest checkpoint of each log in a poll is written. STALE_WATERMARK (a later
 *       one was recorded) counts as success.
 *   <li>An {@code ANCHOR_FAILED} status becomes {@code RecordDocument} (issuer, key ID and issue time
 *       come from the leaf's log entry: the status record does not carry them) and then {@code
 *       MarkAnchorFailed}; an {@code ANCHORED} status (a failed leaf anchored after all) becomes {@code
 *       MarkAnchored}. Request ids are derived from the document hash ({@code doc:}, {@code
 *       anchor-failed:}, {@code anchored:} + hex), so a restart that reads a record again changes
 *       nothing. {@code ISSUED} statuses are ignored: most documents are never recorded one by one.
 * </ul>
 *
 * <p>Why a plain consumer and not a Streams application: the commands are idempotent by request id,
 * so at-least-once reading is enough; and a call to the store can wait for seconds when the store is
 * unreachable, which a consumer can afford (it is alone in its group and nothing waits for it) while a
 * Streams task would hold a transaction open. Offsets are committed after a poll's records are all
 * recorded. When the store is unreachable (each call gives up after the client's deadline) the same
 * records are tried again after a backoff doubling from 250 ms to 10 s, for as long as it takes: logged,
 * never fatal, and the pipeline never waits for it. A refusal other than the expected ones is logged and
 * the record skipped (retrying a refusal cannot change it).
 */
public final class AnchorRecorder implements AutoCloseable {
  /** The consumer group. */
  public static final String GROUP_ID = "civictrust-anchor-recorder";
  /** The reason recorded with {@code anchor_failed}. */
  public static final String ANCHOR_FAILED_REASON = "no checkpoint covered the leaf within the anchor timeout";

  private static final Logger LOG = LoggerFactory.getLogger(AnchorRecorder.class);
  private static final AvroCodec<SignedCheckpoint> CHECKPOINT = AvroCodec.of(SignedCheckpoint.class, 256 * 1024);
  private static final AvroCodec<DocumentStatus> STATUS = AvroCodec.of(DocumentStatus.class, 4 * 1024);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final EntryLookup entries;
  private final KvClient store;
  private final List<Log> logs;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong watermarks = new AtomicLong();
  private final AtomicLong documents = new AtomicLong();
  private final AtomicLong unavailable = new AtomicLong();

  /**
   * A log whose anchoring is recorded: its origin and its key (checkpoints are verified with it). The
   * i-th log of the list is partition i of the log topics.
   */
  public record Log(String origin, VerifierKey key) {}

  /**
   * What has been recorded so far, for operators and tests.
   *
   * @param watermarks watermark commands the store answered (applied, or already recorded)
   * @param documents per-document commands the store answered
   * @param unavailable times a batch had to wait for the store
   */
  public record Progress(long watermarks, long documents, long unavailable) {}

  private AnchorRecorder(KafkaConsumer<byte[], byte[]> consumer, EntryLookup entries, KvClient store, List<Log> logs) {
    this.consumer = consumer;
    this.entries = entries;
    this.store = store;
    this.logs = List.copyOf(logs);
    this.thread = new Thread(this::run, "civictrust-anchor-recorder");
    this.thread.setDaemon(true);
  }

  /**
   * Starts recording the anchoring of {@code logs} (in partition order) from the cluster at {@code
   * bootstrapServers} into {@code store}, looking entries up in {@code entriesTopic}. The client stays
   * the caller's.
   */
  public static AnchorRecorder start(String bootstrapServers, String entriesTopic, KvClient store, List<Log> logs) {
    return start(bootstrapServers, KafkaClientConfig.none(), entriesTopic, store, logs);
  }

  /** As {@link #start(String, String, KvClient, List)}, both consumers with {@code client}'s properties under their own. */
  public static AnchorRecorder start(String bootstrapServers, KafkaClientConfig client, String entriesTopic,
      KvClient store, List<Log> logs) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, GROUP_ID + "-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    AnchorRecorder recorder = new AnchorRecorder(new KafkaConsumer<>(client.under(props)),
        EntryLookup.open(bootstrapServers, client, entriesTopic), store, logs);
    recorder.thread.start();
    return recorder;
  }

  /** What has been recorded so far. */
  public Progress progress() {
    return new Progress(watermarks.get(), documents.get(), unavailable.get());
  }

  private void run() {
    try {
      consumer.subscribe(List.of(Topics.CHECKPOINTS, Topics.STATUS));
      while (running.get()) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(batch::add);
        if (batch.isEmpty()) {
          continue;
        }
        Duration backoff = MIN_BACKOFF;
        while (running.get() && !record(batch)) {
          unavailable.incrementAndGet();
          sleep(backoff);
          backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        if (running.get()) {
          try {
            consumer.commitSync();
          } catch (KafkaException e) {
            // E.g. the group rebalanced while the store was unreachable: the records come again, and
            // recording them again changes nothing.
            LOG.warn("could not commit the anchor recorder's offsets ({}); the records will be read again", e.toString());
          }
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        LOG.error("the anchor recorder stopped", e);
      }
    } catch (RuntimeException e) {
      LOG.error("the anchor recorder stopped", e);
    } finally {
      consumer.close();
      entries.close();
    }
  }

  /**
   * Records one poll's records.
   *
   * @return false if the store was unreachable (the caller tries the whole batch again)
   */
  private boolean record(List<ConsumerRecord<byte[], byte[]>> batch) {
    Map<String, ConsumerRecord<byte[], byte[]>> largest = new LinkedHashMap<>();
    Map<String, Long> sizes = new LinkedHashMap<>();
    List<ConsumerRecord<byte[], byte[]>> statuses = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : batch) {
      if (record.topic().equals(Topics.STATUS)) {
        statuses.add(record);
        continue;
      }
      Optional<Checkpoint> checkpoint = verifiedCheckpoint(record);
      if (checkpoint.isPresent() && checkpoint.get().treeSize() > sizes.getOrDefault(checkpoint.get().origin(), -1L)) {
        sizes.put(checkpoint.get().origin(), checkpoint.get().treeSize());
        largest.put(checkpoint.get().origin(), record);
      }
    }
    try {
      for (Map.Entry<String, Long> size : sizes.entrySet()) {
        advanceWatermark(size.getKey(), size.getValue(), largest.get(size.getKey()).timestamp());
      }
      for (ConsumerRecord<byte[], byte[]> record : statuses) {
        recordStatus(record);
      }
      return true;
    } catch (KvUnavailableException e) {
      LOG.warn("the issuance store is unreachable; anchoring will be recorded once it answers: {}", e.getMessage());
      return false;
    } catch (KafkaException e) {
      LOG.warn("cannot read a log entry; anchoring will be recorded later: {}", e.toString());
      return false;
    }
  }

  private Optional<Checkpoint> verifiedCheckpoint(ConsumerRecord<byte[], byte[]> record) {
    try {
      SignedCheckpoint signed = CHECKPOINT.decodeSingleObject(record.value());
      Optional<Log> log = log(signed.getOrigin());
      if (log.isEmpty()) {
        LOG.warn("skipped a checkpoint of the unknown log {}", signed.getOrigin());
        return Optional.empty();
      }
      return Optional.of(Checkpoint.open(Documents.bytes(signed.getNote()), log.get().origin(), log.get().key()));
    } catch (RecordException | VerificationException | RuntimeException e) {
      LOG.warn("skipped checkpoint {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
      return Optional.empty();
    }
  }

  private void advanceWatermark(String origin, long treeSize, long at) throws KvUnavailableException {
    KvResult result = store.submit(new KvCommand.AdvanceWatermark(watermarkRequestId(origin, treeSize),
        KvCommand.ANY_VERSION, origin, treeSize, Math.max(0, at)));
    watermarks.incrementAndGet();
    expect(result, "watermark " + origin + " " + treeSize, ReasonCode.STALE_WATERMARK, ReasonCode.REQUEST_ID_CONFLICT);
  }

  /**
   * The request id of the watermark command of {@code origin} at {@code treeSize}: {@code
   * wm:<origin>:<treeSize>}, or, for an origin longer than 64 characters or not printable ASCII, {@code
   * wm:<hex SHA-256 of the origin>:<treeSize>} (a request id is at most 128 printable ASCII characters).
   */
  public static String watermarkRequestId(String origin, long treeSize) {
    return "wm:" + KvCommand.requestIdPart(origin) + ":" + treeSize;
  }

  private void recordStatus(ConsumerRecord<byte[], byte[]> record) throws KvUnavailableException {
    DocumentStatus status;
    Hash hash;
    try {
      status = STATUS.decodeSingleObject(record.value());
      hash = Hash.of(Documents.bytes(status.getDocumentHash()));
    } catch (RecordException | RuntimeException e) {
      LOG.warn("skipped status {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
      return;
    }
    String hex = HexFormat.of().formatHex(hash.bytes());
    if (status.getStatus() == Status.ANCHORED && status.getOrigin() != null && status.getLeafIndex() != null) {
      KvResult result = store.submit(new KvCommand.MarkAnchored("anchored:" + hex, KvCommand.ANY_VERSION, hash,
          status.getOrigin(), status.getLeafIndex(), Math.max(0, status.getAt())));
      documents.incrementAndGet();
      // UNKNOWN_DOCUMENT: its failure was never recorded; ILLEGAL_TRANSITION: the watermark anchored it already.
      expect(result, "anchored " + hex, ReasonCode.UNKNOWN_DOCUMENT, ReasonCode.ILLEGAL_TRANSITION,
          ReasonCode.REQUEST_ID_CONFLICT);
    } else if (status.getStatus() == Status.ANCHOR_FAILED && status.getOrigin() != null
        && status.getLeafIndex() != null) {
      Optional<IssuedEntry> entry = entry(status.getOrigin(), status.getLeafIndex(), hash);
      if (entry.isEmpty()) {
        return;
      }
      KvResult recorded = store.submit(new KvCommand.RecordDocument("doc:" + hex, KvCommand.ABSENT, hash,
          entry.get().getIssuerId(), entry.get().getIssuerKeyId(), status.getOrigin(), status.getLeafIndex(),
          Math.max(0, entry.get().getIssuedAt())));
      documents.incrementAndGet();
      if (!expect(recorded, "record " + hex, ReasonCode.EXISTS, ReasonCode.REQUEST_ID_CONFLICT)) {
        return;
      }
      KvResult failed = store.submit(new KvCommand.MarkAnchorFailed("anchor-failed:" + hex, KvCommand.ANY_VERSION,
          hash, ANCHOR_FAILED_REASON, Math.max(0, status.getAt())));
      documents.incrementAndGet();
      // ILLEGAL_TRANSITION: a checkpoint anchored it meanwhile.
      expect(failed, "anchor_failed " + hex, ReasonCode.ILLEGAL_TRANSITION, ReasonCode.REQUEST_ID_CONFLICT);
    }
  }

  /** The issued entry of the leaf, if the entries topic holds it and it is the document's. */
  private Optional<IssuedEntry> entry(String origin, long leafIndex, Hash documentHash) {
    int partition = -1;
    for (int i = 0; i < logs.size(); i++) {
      if (logs.get(i).origin().equals(origin)) {
        partition = i;
      }
    }
    if (partition < 0) {
      LOG.warn("skipped the status of a document of the unknown log {}", origin);
      return Optional.empty();
    }
    Optional<LogEntry> found = entries.find(partition, origin, leafIndex);
    if (found.isEmpty()) {
      LOG.warn("no entry for leaf {} of {} in {}: its anchor_failed status is not recorded", leafIndex, origin,
          Topics.ENTRIES);
      return Optional.empty();
    }
    try {
      IssuedEntry entry = Documents.parseEntry(Documents.bytes(found.get().getEntry()));
      if (!Hash.of(Documents.bytes(entry.getDocumentHash())).equals(documentHash)) {
        LOG.warn("leaf {} of {} holds another document than its status names; not recorded", leafIndex, origin);
        return Optional.empty();
      }
      return Optional.of(entry);
    } catch (RecordException | RuntimeException e) {
      LOG.warn("leaf {} of {} does not parse ({}); not recorded", leafIndex, origin, e.toString());
      return Optional.empty();
    }
  }

  /** Whether the command was applied or refused for one of the {@code fine} reasons; logs other refusals. */
  private static boolean expect(KvResult result, String what, ReasonCode... fine) {
    if (result.ok()) {
      return true;
    }
    for (ReasonCode reason : fine) {
      if (result.reason() == reason) {
        return true;
      }
    }
    LOG.warn("the issuance store refused to {}: {} {}", what, result.reason(), result.detail());
    return false;
  }

  private Optional<Log> log(String origin) {
    return logs.stream().filter(l -> l.origin().equals(origin)).findFirst();
  }

  /** Sleeps for {@code duration}, or until {@link #close}. */
  private void sleep(Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    try {
      while (running.get() && System.nanoTime() < until) {
        Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  /**
   * Stops reading and waits up to 10 s for the thread to end (a call to the store in flight ends within
   * the client's deadline). An interrupt is kept in the calling thread's status.
   */
  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
