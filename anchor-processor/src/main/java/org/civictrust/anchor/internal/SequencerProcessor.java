package org.civictrust.anchor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.civictrust.witness.WitnessClient;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.DocumentStatus;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuedDocument;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.LogSeed;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.Rejection;
import org.civictrust.schemas.RejectionReason;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.schemas.Status;
import org.civictrust.anchor.LogIdentity;
import org.civictrust.anchor.LogSeeds;
import org.civictrust.anchor.SeedException;
import org.civictrust.anchor.SequencerConfig;
import org.civictrust.anchor.SequencerTopology;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.InclusionProofs;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.TlogProof;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one log: appends each issued document's entry, signs a checkpoint every N
 * entries or T milliseconds of record time, and for every leaf a checkpoint covers emits its receipt
 * and its ANCHORED status; leaves left unanchored past the timeout get an explicit ANCHOR_FAILED. All
 * decisions follow record timestamps and record order, so a replay reproduces every byte. For
 * {@code org.civictrust.anchor} only.
 *
 * <p>With a witness policy, a checkpoint counts only once a quorum of witnesses cosigned it: the
 * processor asks them ({@link WitnessRound}) before it publishes the checkpoint, with their
 * cosignatures, and the receipts. Without a quorum it publishes nothing, the leaves stay pending, and
 * it asks again at the next checkpoint trigger counted from the failed round. The witnesses' answers
 * are the one input a replay cannot reproduce; see {@code docs/design/anchor-processor.md}.
 */
public final class SequencerProcessor implements Processor<byte[], byte[], byte[], byte[]> {
  private static final AvroCodec<IssuedDocument> ISSUED = AvroCodec.of(IssuedDocument.class, 256 * 1024);
  private static final AvroCodec<LogEntry> ENTRY = AvroCodec.of(LogEntry.class, 128 * 1024);
  private static final AvroCodec<SignedCheckpoint> CHECKPOINT = AvroCodec.of(SignedCheckpoint.class, 64 * 1024);
  private static final AvroCodec<Receipt> RECEIPT = AvroCodec.of(Receipt.class, 256 * 1024);
  private static final AvroCodec<DocumentStatus> STATUS = AvroCodec.of(DocumentStatus.class, 4 * 1024);
  private static final AvroCodec<Rejection> REJECTION = AvroCodec.of(Rejection.class, 512 * 1024);
  private static final Bytes STATE_KEY = Bytes.wrap("state".getBytes(StandardCharsets.UTF_8));
  /** The seed the log was continued from, if any: its tree size (8 bytes) and root hash (32 bytes). */
  private static final Bytes SEED_KEY = Bytes.wrap("seed".getBytes(StandardCharsets.UTF_8));
  private static final Logger LOG = LoggerFactory.getLogger(SequencerProcessor.class);

  private final SequencerConfig config;
  private ProcessorContext<byte[], byte[]> context;
  private KeyValueStore<Bytes, byte[]> stateStore;
  private TileStore tiles;
  private PendingStore pending;
  private LogIdentity log;
  private byte[] originKey;
  private LogState state;
  private WitnessRound witnesses;
  /** The tree size and stream time of the last witness round without a quorum since the last checkpoint; -1: none. */
  private long unwitnessedSize = -1;
  private long unwitnessedAt;

  public SequencerProcessor(SequencerConfig config) {
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
    this.stateStore = context.getStateStore(SequencerTopology.STATE_STORE);
    this.tiles = new TileStore(context.getStateStore(SequencerTopology.TILE_STORE));
    this.pending = new PendingStore(context.getStateStore(SequencerTopology.PENDING_STORE));
    int partition = context.taskId().partition();
    if (partition >= config.logs().size()) {
      throw new IllegalStateException("partition " + partition + " of " + config.inputTopic()
          + " has no log configured: " + config.logs().size() + " logs for more partitions");
    }
    this.log = config.logs().get(partition);
    this.originKey = log.origin().getBytes(StandardCharsets.UTF_8);
    byte[] saved = stateStore.get(STATE_KEY);
    this.state = saved == null ? LogState.empty() : LogState.fromBytes(saved);
    if (config.witnessPolicy().isPresent() && witnesses == null) {
      witnesses = WitnessRound.open(config.witnessPolicy().get(), config.witnessClock());
    }
  }

  @Override
  public void close() {
    if (witnesses != null) {
      witnesses.close();
      witnesses = null;
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    long streamTime = Math.max(state.streamTime(), record.timestamp());
    state = new LogState(state.range(), state.checkpointSize(), streamTime, state.oldestPendingAt(), state.failedUpTo());
    if (LogSeeds.isSeed(record.value())) {
      seed(record);
    } else if (record.value() != null) {
      append(record);
    }
    if (!checkpointDue() || !checkpoint(record)) {
      failOverdueAnchors(record);
    }
    stateStore.put(STATE_KEY, state.toBytes());
  }

  private void append(Record<byte[], byte[]> record) {
    IssuedDocument issued;
    byte[] entry;
    try {
      issued = ISSUED.decodeSingleObject(record.value());
      entry = Documents.bytes(issued.getEntry());
      Documents.parseEntry(entry);
    } catch (RecordException e) {
      reject(record, RejectionReason.CORRUPT_ISSUED_DOCUMENT, e.getMessage(), null);
      return;
    }
    if (config.awaitSeed() && state.treeSize() == 0 && stateStore.get(SEED_KEY) == null) {
      reject(record, RejectionReason.LOG_AWAITING_SEED, "the log " + log.origin() + " waits for its seed (archive "
          + "restore --publish): an empty log of a restoring deployment starts no tree of its own", issued.getRequestId());
      return;
    }
    long leafIndex = state.treeSize();
    state.range().append(Rfc9162.leafHash(entry), tiles);
    long oldestPendingAt = leafIndex == state.checkpointSize() ? state.streamTime() : state.oldestPendingAt();
    state = new LogState(state.range(), state.checkpointSize(), state.streamTime(), oldestPendingAt, state.failedUpTo());
    pending.append(leafIndex, state.streamTime(), record.value());
    forward(record, SequencerTopology.ENTRIES_SINK, originKey,
        encode(ENTRY, new LogEntry(log.origin(), leafIndex, ByteBuffer.wrap(entry), issued.getRequestId())));
  }

  /**
   * Adopts a seed into an empty log: verified against this log's key, it becomes the state (tree size
   * N, checkpoint size N, nothing pending) and its partial tiles the tile store's, so the log continues
   * from leaf N as it would have without the interruption. A seed equal to the one adopted (same tree
   * size and root) is a replay and changes nothing; any other is rejected with its reason.
   */
  private void seed(Record<byte[], byte[]> record) {
    Checkpoint checkpoint;
    LogSeed seed;
    CompactRange range;
    try {
      seed = LogSeeds.decode(record.value());
      checkpoint = LogSeeds.verify(seed, log.origin(), log.key().verifierKey());
      range = LogSeeds.compactRange(seed);
      byte[] adopted = stateStore.get(SEED_KEY);
      if (adopted != null && Arrays.equals(adopted, seedId(checkpoint))) {
        LOG.info("{}: the seed of size {} was adopted already; ignored", log.origin(), checkpoint.treeSize());
        return;
      }
      if (state.treeSize() != 0) {
        throw new SeedException(RejectionReason.SEED_LOG_NOT_EMPTY, "the log holds " + state.treeSize()
            + " leaves" + (adopted == null ? "" : " and was continued from another seed")
            + "; a seed is adopted only into an empty log");
      }
    } catch (SeedException e) {
      LOG.error("{}: seed refused: {}", log.origin(), e.getMessage());
      reject(record, e.fault(), e.getMessage(), null);
      return;
    }
    List<Tile> partial = LogSeeds.partialTiles(checkpoint.treeSize());
    for (int level = 0; level < partial.size(); level++) {
      if (partial.get(level) != null) {
        tiles.seed(partial.get(level), LogSeeds.partialTile(seed, level));
      }
    }
    pending.startAt(checkpoint.treeSize());
    state = new LogState(range, checkpoint.treeSize(), state.streamTime(), Long.MIN_VALUE, checkpoint.treeSize());
    stateStore.put(SEED_KEY, seedId(checkpoint));
    unwitnessedSize = -1;
    LOG.info("{}: continued from a seed of size {}, root {}", log.origin(), checkpoint.treeSize(),
        checkpoint.rootHash());
  }

  private static byte[] seedId(Checkpoint checkpoint) {
    return ByteBuffer.allocate(8 + 32).putLong(checkpoint.treeSize()).put(checkpoint.rootHash().bytes()).array();
  }

  private boolean checkpointDue() {
    long waiting = state.treeSize() - state.checkpointSize();
    if (waiting == 0) {
      return false;
    }
    boolean byCount = config.checkpointEveryEntries() > 0 && waiting >= config.checkpointEveryEntries();
    boolean byTime = config.checkpointIntervalMillis() > 0
        && state.streamTime() - state.oldestPendingAt() >= config.checkpointIntervalMillis();
    if (unwitnessedSize >= 0) {
      // A witness round failed: the next one is due at the next trigger counted from that round.
      byCount = config.checkpointEveryEntries() > 0
          && state.treeSize() - unwitnessedSize >= config.checkpointEveryEntries();
      byTime = config.checkpointIntervalMillis() > 0
          && state.streamTime() - unwitnessedAt >= config.checkpointIntervalMillis();
    }
    return byCount || byTime;
  }

  /**
   * Signs a checkpoint of the whole tree and, once it counts (at once, or with a quorum of
   * cosignatures), publishes it and the receipts of the leaves it anchors.
   *
   * @return whether the checkpoint counted; if not, nothing was published and the leaves stay pending
   */
  private boolean checkpoint(Record<byte[], byte[]> record) {
    long size = state.treeSize();
    Checkpoint checkpoint = Checkpoint.of(log.origin(), size, state.range().rootHash());
    byte[] note = Notes.sign(checkpoint.format(), log.key());
    TileHashReader tree = new TileHashReader(size, tiles);
    if (witnesses != null) {
      note = cosigned(note, size, tree);
      if (note == null) {
        unwitnessedSize = size;
        unwitnessedAt = state.streamTime();
        return false;
      }
      unwitnessedSize = -1;
    }
    forward(record, SequencerTopology.CHECKPOINTS_SINK, originKey, encode(CHECKPOINT,
        new SignedCheckpoint(log.origin(), size, ByteBuffer.wrap(checkpoint.rootHash().bytes()), ByteBuffer.wrap(note))));
    for (long leaf = state.checkpointSize(); leaf < size; leaf++) {
      IssuedDocument issued = decodePending(pending.get(leaf));
      byte[] entry = Documents.bytes(issued.getEntry());
      String proof;
      try {
        proof = TlogProof.of(leaf, InclusionProofs.prove(leaf, size, tree), note).format();
      } catch (IOException e) {
        throw new UncheckedIOException("the node store lost a hash of the log " + log.origin(), e);
      }
      byte[] requestId = issued.getRequestId().getBytes(StandardCharsets.UTF_8);
      forward(record, SequencerTopology.RECEIPTS_SINK, requestId, encode(RECEIPT,
          new Receipt(issued.getRequestId(), issued.getDocument(), ByteBuffer.wrap(entry), proof)));
      if (leaf < state.failedUpTo()) {
        forward(record, SequencerTopology.STATUS_SINK, requestId, status(issued, entry, Status.ANCHORED, leaf));
      }
    }
    pending.release(state.checkpointSize(), size);
    state = new LogState(state.range(), size, state.streamTime(), Long.MIN_VALUE, size);
    return true;
  }

  /**
   * The log-signed {@code note} with the cosignatures of a quorum of witnesses after the log's
   * signature, or null if the round did not reach the quorum. Witnesses are asked from the size of
   * the last checkpoint that counted, which those that cosigned it hold.
   */
  private byte[] cosigned(byte[] note, long size, TileHashReader tree) {
    WitnessRound.Outcome outcome;
    try {
      outcome = witnesses.cosign(note, size, state.checkpointSize(), old -> ConsistencyProofs.prove(old, size, tree));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("{}: interrupted while witnesses cosign the checkpoint of size {}; it does not count",
          log.origin(), size);
      return null;
    }
    if (!outcome.quorum()) {
      LOG.warn("{}: the checkpoint of size {} has {} of the {} cosignatures it needs (cosigned by {}; {}); its {}"
          + " leaves stay pending until the next checkpoint", log.origin(), size, outcome.cosignatures().size(),
          config.witnessPolicy().orElseThrow().quorum(), outcome.cosigners(), outcome.failures(),
          size - state.checkpointSize());
      return null;
    }
    if (!outcome.failures().isEmpty()) {
      LOG.debug("{}: checkpoint of size {} cosigned by {}, not by {}", log.origin(), size, outcome.cosigners(),
          outcome.failures());
    }
    return WitnessClient.withCosignatures(note, outcome.cosignatures());
  }

  private void failOverdueAnchors(Record<byte[], byte[]> record) {
    long failedUpTo = Math.max(state.failedUpTo(), state.checkpointSize());
    for (; failedUpTo < state.treeSize(); failedUpTo++) {
      PendingStore.Pending stored = pending.get(failedUpTo);
      if (state.streamTime() - stored.appendedAt() < config.anchorTimeoutMillis()) {
        break;
      }
      IssuedDocument issued = decodePending(stored);
      forward(record, SequencerTopology.STATUS_SINK, issued.getRequestId().getBytes(StandardCharsets.UTF_8),
          status(issued, Documents.bytes(issued.getEntry()), Status.ANCHOR_FAILED, failedUpTo));
    }
    state = new LogState(state.range(), state.checkpointSize(), state.streamTime(), state.oldestPendingAt(), failedUpTo);
  }

  private void reject(Record<byte[], byte[]> record, RejectionReason reason, String message,
      String requestId) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    Rejection rejection = new Rejection(reason.name(), message, requestId,
        record.key() == null ? null : ByteBuffer.wrap(record.key()), ByteBuffer.wrap(record.value()),
        source.topic(), source.partition(), source.offset(), record.timestamp());
    forward(record, SequencerTopology.REJECTIONS_SINK, record.key(), encode(REJECTION, rejection));
  }

  private byte[] status(IssuedDocument issued, byte[] entry, Status status, long leafIndex) {
    try {
      byte[] documentHash = Documents.parseEntry(entry).getDocumentHash().array();
      return encode(STATUS, new DocumentStatus(issued.getRequestId(), ByteBuffer.wrap(documentHash), status,
          log.origin(), leafIndex, state.streamTime()));
    } catch (RecordException e) {
      throw new IllegalStateException("an entry in the log no longer parses", e);
    }
  }

  private static IssuedDocument decodePending(PendingStore.Pending stored) {
    try {
      return ISSUED.decodeSingleObject(stored.issued());
    } catch (RecordException e) {
      throw new IllegalStateException("a pending document no longer decodes", e);
    }
  }

  private void forward(Record<byte[], byte[]> cause, String sink, byte[] key, byte[] value) {
    context.forward(new Record<>(key, value, cause.timestamp()), sink);
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> byte[] encode(AvroCodec<T> codec, T record) {
    try {
      return codec.encodeSingleObject(record);
    } catch (RecordException e) {
      throw new IllegalStateException("the sequencer built a record it cannot encode", e);
    }
  }
}
