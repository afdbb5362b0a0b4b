package org.civictrust.connect;

import java.io.IOException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.civictrust.connect.internal.LogArchiver;
import org.civictrust.connect.internal.LogFiles;
import org.civictrust.connect.internal.SinkConfig;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.tlog.VerifierKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives the logs of its partitions (partition {@code p} of the entries topic and of the checkpoints
 * topic: one log), each with a {@link LogArchiver}, created when the partition's first record arrives
 * (the record names the log's origin) and resumed from the archive.
 *
 * <p>What the operator sees:
 * <ul>
 *   <li>A refused checkpoint (not signed by the log's key, or contradicting the archive) is logged at
 *       ERROR with its evidence, counted in the task's {@code checkpoints-refused-total} metric, and
 *       handed to the errant record reporter when the connector has one (a dead letter queue: the
 *       record, with the exception whose message starts with the {@link ArchiveFault}). The archive
 *       keeps its checkpoint; archiving goes on. With {@code errors.tolerance=none} Connect fails the
 *       task instead.
 *   <li>A file that exists with other bytes, an archive that contradicts itself, entries missing from
 *       the topic, a record of an origin not configured: the task fails, its trace naming the fault
 *       and the file.
 *   <li>An archive that cannot be read or written: the batch is retried every 2 s for
 *       {@code archive.io.retry.ms}, then the task fails.
 * </ul>
 * Offsets are committed ({@link #preCommit}) only for what the archive holds durably.
 */
public final class ArchiveSinkTask extends SinkTask {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveSinkTask.class);
  private static final AvroCodec<LogEntry> ENTRY = AvroCodec.of(LogEntry.class, 1 << 20);
  private static final AvroCodec<SignedCheckpoint> CHECKPOINT = AvroCodec.of(SignedCheckpoint.class, 2 << 20);
  private static final long RETRY_BACKOFF_MS = 2_000;

  /** One log: its partition number, origin, archiver, and where a rewind of its partitions stands. */
  private static final class Log {
    final int partition;
    final String origin;
    final LogArchiver archiver;
    long rewoundAt = -1;
    boolean readBelowRewind;

    Log(int partition, String origin, LogArchiver archiver) {
      this.partition = partition;
      this.origin = origin;
      this.archiver = archiver;
    }
  }

  private SinkConfig config;
  private ArchiveStore store;
  private ErrantRecordReporter reporter;
  private final Map<Integer, Log> logs = new HashMap<>();
  private final Map<ArchiveFault, AtomicLong> refused = new EnumMap<>(ArchiveFault.class);

  {
    for (ArchiveFault fault : ArchiveFault.values()) {
      refused.put(fault, new AtomicLong());
    }
  }
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong entriesAppended = new AtomicLong();
  private final AtomicLong filesCreated = new AtomicLong();
  private long failingSince = -1;
  private ConnectException fatal;

  @Override
  public String version() {
    return ArchiveSinkConnector.version(ArchiveSinkTask.class);
  }

  @Override
  public void start(Map<String, String> props) {
    config = new SinkConfig(props);
    try {
      store = ArchiveStore.open(config.location(), config.s3());
    } catch (IOException | RuntimeException e) {
      throw new ConnectException("cannot open the archive at " + config.location() + ": " + e.getMessage(), e);
    }
    try {
      reporter = context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError olderWorker) {
      reporter = null;
    }
    registerMetrics();
    LOG.info("archiving {} to {} ({}), errant records {}", config.logs().keySet(), store.location(),
        store.writeMode(), reporter == null ? "logged only" : "reported to the errant record reporter");
  }

  private void registerMetrics() {
    PluginMetrics metrics;
    try {
      metrics = context.pluginMetrics();
    } catch (AbstractMethodError | NoSuchMethodError | UnsupportedOperationException olderWorker) {
      return;
    }
    if (metrics == null) {
      return;
    }
    gauge(metrics, "entries-archived-total", "Entries appended to the logs' archives", entriesAppended::get);
    gauge(metrics, "files-created-total", "Tiles, bundles and partial tiles created", filesCreated::get);
    gauge(metrics, "checkpoints-published-total", "Checkpoints that replaced an archive's checkpoint", published::get);
    gauge(metrics, "checkpoints-refused-total", "Checkpoints refused (bad signature, inconsistent, malformed)",
        () -> refused.values().stream().mapToLong(AtomicLong::get).sum());
    for (ArchiveFault fault : ArchiveFault.values()) {
      AtomicLong count = refused.get(fault);
      if (fault == ArchiveFault.CHECKPOINT_INVALID || fault == ArchiveFault.INCONSISTENT_CHECKPOINT
          || fault == ArchiveFault.MALFORMED_RECORD) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("fault", fault.name());
        MetricName name = metrics.metricName("records-refused-total", "Records refused, by fault", tags);
        metrics.addMetric(name, (Gauge<Long>) (c, now) -> count.get());
      }
    }
  }

  private static void gauge(PluginMetrics metrics, String name, String description,
      java.util.function.LongSupplier value) {
    MetricName metricName = metrics.metricName(name, description, new LinkedHashMap<>());
    metrics.addMetric(metricName, (Gauge<Long>) (c, now) -> value.getAsLong());
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    Set<TopicPartition> assignment = context.assignment();
    for (TopicPartition tp : assignment) {
      String other = tp.topic().equals(config.entriesTopic()) ? config.checkpointsTopic() : config.entriesTopic();
      if (!assignment.contains(new TopicPartition(other, tp.partition()))) {
        throw new ConnectException("this task reads " + tp + " but not " + other + "-" + tp.partition()
            + ": a log's entries and checkpoints must go to the same task. Use the RangeAssignor "
            + "(consumer.override.partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor) "
            + "and partition both topics alike");
      }
    }
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      logs.remove(tp.partition());
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    if (fatal != null) {
      throw fatal;
    }
    try {
      for (SinkRecord record : records) {
        take(record);
      }
      for (Log log : logs.values()) {
        if (log.archiver.hasReadyCheckpoint() || log.archiver.unwrittenFiles() >= config.flushFiles()) {
          flush(log);
        }
      }
      failingSince = -1;
    } catch (IOException e) {
      throw retryOrFail(e);
    } catch (ArchiveException e) {
      throw new ConnectException(e.getMessage(), e);
    }
  }

  private RuntimeException retryOrFail(IOException e) {
    long now = System.currentTimeMillis();
    if (failingSince < 0) {
      failingSince = now;
    }
    if (now - failingSince >= config.ioRetryMillis()) {
      return new ConnectException("the archive at " + store.location() + " has failed for " + (now - failingSince)
          + " ms (" + SinkConfig.IO_RETRY_MS + "=" + config.ioRetryMillis() + "): " + e.getMessage(), e);
    }
    LOG.warn("the archive at {} failed, retrying in {} ms: {}", store.location(), RETRY_BACKOFF_MS, e.toString());
    context.timeout(RETRY_BACKOFF_MS);
    return new RetriableException(e.getMessage(), e);
  }

  private void take(SinkRecord record) throws IOException, ArchiveException {
    if (record.value() == null) {
      malformed(record, new RecordException(RecordException.Fault.MALFORMED, "a null value (tombstone)"));
      return;
    }
    if (!(record.value() instanceof byte[] value)) {
      throw new ConnectException("the value of " + where(record) + " is "
          + "a " + record.value().getClass().getName()
          + ", not bytes: configure value.converter=org.apache.kafka.connect.converters.ByteArrayConverter");
    }
    boolean isEntry = record.topic().equals(config.entriesTopic());
    if (!isEntry && !record.topic().equals(config.checkpointsTopic())) {
      throw new ConnectException("the archive sink does not read " + record.topic());
    }
    if (isEntry) {
      LogEntry entry;
      try {
        entry = ENTRY.decodeSingleObject(value);
      } catch (RecordException e) {
        malformed(record, e);
        return;
      }
      Log log = log(record, entry.getOrigin());
      byte[] bytes = Documents.bytes(entry.getEntry());
      LogArchiver.Appended appended = log.archiver.appendEntry(entry.getLeafIndex(), bytes, record.kafkaOffset());
      switch (appended) {
        case APPENDED -> {
          entriesAppended.incrementAndGet();
          log.rewoundAt = -1;
          log.readBelowRewind = false;
        }
        case REPEAT -> log.readBelowRewind |= log.rewoundAt >= 0 && record.kafkaOffset() < log.rewoundAt;
        case GAP -> gap(log, record, entry.getLeafIndex());
        default -> throw new IllegalStateException("unknown outcome " + appended);
      }
    } else {
      SignedCheckpoint checkpoint;
      try {
        checkpoint = CHECKPOINT.decodeSingleObject(value);
      } catch (RecordException e) {
        malformed(record, e);
        return;
      }
      Log log = log(record, checkpoint.getOrigin());
      LogArchiver.Refusal refusal = log.archiver.offerCheckpoint(Documents.bytes(checkpoint.getNote()),
          checkpoint.getTreeSize(), Documents.bytes(checkpoint.getRootHash()), record.kafkaOffset(), record);
      if (refusal != null) {
        report(log, refusal);
      }
    }
  }

  /**
   * An entry beyond the next leaf index: the archive is behind the committed offsets (restored from an
   * older copy, or emptied). Rewinds both partitions of the log to their start, once; if entries are
   * still missing after reading the topic again, they are missing from the topic: the task fails.
   */
  private void gap(Log log, SinkRecord record, long leafIndex) {
    long offset = record.kafkaOffset();
    if (log.rewoundAt < 0) {
      LOG.warn("{}: entry {} arrived (offset {}) but the archive at {} holds {} entries: reading both topics of "
          + "the log again from their start", log.origin, leafIndex, offset, log.archiver.location(), log.archiver.size());
      log.rewoundAt = offset;
      log.readBelowRewind = false;
      log.archiver.rewindEntries();
      log.archiver.rewindCheckpoints();
      context.offset(Map.of(new TopicPartition(config.entriesTopic(), log.partition), 0L,
          new TopicPartition(config.checkpointsTopic(), log.partition), 0L));
      return;
    }
    if (offset < log.rewoundAt) {
      log.readBelowRewind = true;
    }
    if (log.readBelowRewind) {
      ArchiveException missing = new ArchiveException(ArchiveFault.ENTRIES_MISSING, null, "entries of " + log.origin
          + " jump from leaf " + (log.archiver.size() - 1) + " to leaf " + leafIndex + " at " + where(record)
          + ", also when read again from the start: leaf " + log.archiver.size() + " is missing from "
          + record.topic() + "; nothing after it can be archived");
      throw new ConnectException(missing.getMessage(), missing);
    }
  }

  private Log log(SinkRecord record, String origin) throws IOException, ArchiveException {
    int partition = record.kafkaPartition();
    Log log = logs.get(partition);
    if (log != null) {
      if (!log.origin.equals(origin)) {
        throw new ConnectException("partition " + partition + " carries two logs, " + log.origin + " and " + origin
            + " (" + where(record) + "): each log must have its own partition");
      }
      return log;
    }
    VerifierKey key = config.logs().get(origin);
    if (key == null) {
      throw new ConnectException(where(record) + " belongs to the log " + origin + ", which " + SinkConfig.LOGS
          + " does not list: add '<origin> <vkey>' for it");
    }
    LogArchiver archiver = LogArchiver.resume(new LogFiles(store, ArchiveLayout.logPrefix(origin)), origin, key);
    LOG.info("{}: resumed at {}: {} entries, checkpoint of size {}", origin, archiver.location(), archiver.size(),
        archiver.archivedSize());
    log = new Log(partition, origin, archiver);
    logs.put(partition, log);
    return log;
  }

  private void flush(Log log) throws IOException, ArchiveException {
    long before = log.archiver.archivedSize();
    long createdBefore = log.archiver.counts().filesCreated();
    List<LogArchiver.Refusal> refusals = log.archiver.flush();
    filesCreated.addAndGet(log.archiver.counts().filesCreated() - createdBefore);
    for (LogArchiver.Refusal refusal : refusals) {
      report(log, refusal);
    }
    if (log.archiver.archivedSize() != before) {
      published.incrementAndGet();
      LOG.info("{}: published checkpoint of size {} at {}", log.origin, log.archiver.archivedSize(),
          log.archiver.location());
      context.requestCommit();
    }
  }

  private void report(Log log, LogArchiver.Refusal refusal) {
    ArchiveException reason = refusal.reason();
    refused.get(reason.fault()).incrementAndGet();
    LOG.error("{}: refused the checkpoint at offset {}: {}", log.origin, refusal.offset(), reason.getMessage());
    if (reporter != null && refusal.record() instanceof SinkRecord record) {
      reporter.report(record, reason);
    }
  }

  private void malformed(SinkRecord record, RecordException cause) {
    ArchiveException reason = new ArchiveException(ArchiveFault.MALFORMED_RECORD, null, null,
        where(record) + " does not decode: " + cause.getMessage(), cause);
    refused.get(reason.fault()).incrementAndGet();
    LOG.error("{}", reason.getMessage());
    if (reporter != null) {
      reporter.report(record, reason);
    }
  }

  private static String where(SinkRecord record) {
    return record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    Map<TopicPartition, OffsetAndMetadata> durable = new HashMap<>();
    for (Log log : logs.values()) {
      try {
        flush(log);
      } catch (IOException e) {
        LOG.warn("{}: cannot write to the archive at {} now; committing what is durable: {}", log.origin,
            log.archiver.location(), e.toString());
      } catch (ArchiveException e) {
        fatal = new ConnectException(e.getMessage(), e);
        LOG.error("{}: {}", log.origin, e.getMessage());
      }
      commit(durable, currentOffsets, new TopicPartition(config.entriesTopic(), log.partition),
          log.archiver.entriesCommitOffset());
      commit(durable, currentOffsets, new TopicPartition(config.checkpointsTopic(), log.partition),
          log.archiver.checkpointsCommitOffset());
    }
    return durable;
  }

  private static void commit(Map<TopicPartition, OffsetAndMetadata> durable,
      Map<TopicPartition, OffsetAndMetadata> current, TopicPartition tp, OptionalLong offset) {
    if (offset.isPresent() && current.containsKey(tp)) {
      durable.put(tp, new OffsetAndMetadata(offset.getAsLong()));
    }
  }

  @Override
  public void stop() {
    logs.clear();
    if (store != null) {
      try {
        store.close();
      } catch (IOException e) {
        LOG.warn("closing the archive at {}: {}", store.location(), e.toString());
      }
    }
  }
}
