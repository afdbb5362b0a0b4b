package org.civictrust.anchor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.Document;
import org.civictrust.schemas.DocumentStatus;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuedDocument;
import org.civictrust.schemas.IssuedEntry;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.Rejection;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.schemas.Status;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.TlogProof;
import org.civictrust.tlog.VerifierKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SequencerTopologyTest {
  static final String ORIGIN = "log.civictrust.example/0";
  static final SignerKey LOG_KEY = SignerKey.generate(ORIGIN, new SecureRandom(new byte[] {1}));
  static final SignerKey ISSUER_KEY = SignerKey.generate("registry.example/civil-status", new SecureRandom(new byte[] {2}));
  static final long T0 = Instant.parse("2026-11-21T09:00:00Z").toEpochMilli();

  static final AvroCodec<IssuedDocument> ISSUED = AvroCodec.of(IssuedDocument.class, 1 << 20);
  static final AvroCodec<LogEntry> ENTRY = AvroCodec.of(LogEntry.class, 1 << 20);
  static final AvroCodec<SignedCheckpoint> CHECKPOINT = AvroCodec.of(SignedCheckpoint.class, 1 << 20);
  static final AvroCodec<Receipt> RECEIPT = AvroCodec.of(Receipt.class, 1 << 20);
  static final AvroCodec<DocumentStatus> STATUS = AvroCodec.of(DocumentStatus.class, 1 << 20);
  static final AvroCodec<Rejection> REJECTION = AvroCodec.of(Rejection.class, 1 << 20);

  private final List<TopologyTestDriver> drivers = new ArrayList<>();

  @AfterEach
  void closeDrivers() {
    drivers.forEach(TopologyTestDriver::close);
  }

  final class Pipeline {
    final TestInputTopic<byte[], byte[]> input;
    final SequencerConfig config;
    final TopologyTestDriver driver;

    Pipeline(int everyEntries, long intervalMillis, long anchorTimeoutMillis) {
      config = SequencerConfig.withStandardTopics(List.of(new LogIdentity(ORIGIN, LOG_KEY)), everyEntries,
          intervalMillis, anchorTimeoutMillis);
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sequencer-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      try {
        props.put(StreamsConfig.STATE_DIR_CONFIG,
            java.nio.file.Files.createTempDirectory("sequencer-test").toString());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      driver = new TopologyTestDriver(SequencerTopology.build(config), props);
      drivers.add(driver);
      input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    void issue(int n, long at) throws Exception {
      input.pipeInput(new TestRecord<>(("request-" + n).getBytes(StandardCharsets.UTF_8), issuedDocument(n, at), Instant.ofEpochMilli(at)));
    }

    void tick(long at) {
      input.pipeInput(new TestRecord<>((byte[]) null, (byte[]) null, Instant.ofEpochMilli(at)));
    }

    List<TestRecord<byte[], byte[]>> read(String topic) {
      TestOutputTopic<byte[], byte[]> out =
          driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      return out.readRecordsToList();
    }
  }

  static byte[] issuedDocument(int n, long issuedAt) throws Exception {
    byte[] id = new byte[16];
    ByteBuffer.wrap(id).putInt(n);
    String keyId = String.format("%08x", ISSUER_KEY.keyId());
    Document document = Document.newBuilder()
        .setSchemaFingerprint(ByteBuffer.wrap(Documents.DOCUMENT.fingerprint()))
        .setDocumentId(ByteBuffer.wrap(id)).setType("birth-certificate").setIssuerId(ISSUER_KEY.name())
        .setIssuerKeyId(keyId).setIssuedAt(issuedAt).setExpiresAt(issuedAt + 86_400_000L)
        .setSubject("Subject " + n).setClaims(List.of(new Claim("n", Integer.toString(n)))).build();
    byte[] canonical = Documents.canonicalBytes(document);
    IssuedEntry entry = new IssuedEntry(ByteBuffer.wrap(Documents.sha256(canonical)), ISSUER_KEY.name(), keyId,
        ByteBuffer.wrap(ISSUER_KEY.sign(canonical)), issuedAt, "birth-certificate");
    return ISSUED.encodeSingleObject(new IssuedDocument("request-" + n, ByteBuffer.wrap(canonical),
        ByteBuffer.wrap(Documents.canonicalBytes(entry))));
  }

  @Test
  void sequencesEntriesInOrderAndSignsACheckpointEveryNEntries() throws Exception {
    Pipeline p = new Pipeline(4, 0, 60_000);
    for (int n = 0; n < 10; n++) {
      p.issue(n, T0 + n);
    }
    List<LogEntry> entries = decodeAll(ENTRY, p.read(p.config.entriesTopic()));
    assertEquals(10, entries.size());
    for (int i = 0; i < 10; i++) {
      assertEquals(i, entries.get(i).getLeafIndex());
      assertEquals("request-" + i, entries.get(i).getRequestId());
      assertEquals(ORIGIN, entries.get(i).getOrigin());
    }
    List<SignedCheckpoint> checkpoints = decodeAll(CHECKPOINT, p.read(p.config.checkpointsTopic()));
    assertEquals(List.of(4L, 8L), checkpoints.stream().map(SignedCheckpoint::getTreeSize).collect(Collectors.toList()));
    assertEquals(List.of(), p.read(p.config.statusTopic()), "statuses are written by exception only");
  }

  @Test
  void receiptsAndCheckpointsStayRightAcrossManyTilesAndPendingBatches() throws Exception {
    Pipeline p = new Pipeline(97, 0, 60_000);
    int count = 97 * 9;
    for (int n = 0; n < count; n++) {
      p.issue(n, T0 + n);
    }
    List<Receipt> receipts = decodeAll(RECEIPT, p.read(p.config.receiptsTopic()));
    assertEquals(count, receipts.size());
    for (int i = 0; i < count; i++) {
      Receipt receipt = receipts.get(i);
      assertEquals("request-" + i, receipt.getRequestId());
      Checkpoint checkpoint = TlogProof.parse(receipt.getTlogProof())
          .verify(Rfc9162.leafHash(Documents.bytes(receipt.getEntry())), ORIGIN, LOG_KEY.verifierKey());
      assertEquals((i / 97 + 1) * 97L, checkpoint.treeSize(), "receipt " + i);
    }
  }

  @Test
  void aLateCheckpointAnchorsFailedLeavesAndSaysSo() throws Exception {
    Pipeline p = new Pipeline(3, 0, 1_000);
    p.issue(0, T0);
    p.issue(1, T0 + 600);
    p.tick(T0 + 1_700);
    p.issue(2, T0 + 1_800);
    List<DocumentStatus> statuses = decodeAll(STATUS, p.read(p.config.statusTopic()));
    assertEquals(List.of("request-0 ANCHOR_FAILED", "request-1 ANCHOR_FAILED", "request-0 ANCHORED",
        "request-1 ANCHORED"), statuses.stream().map(s -> s.getRequestId() + " " + s.getStatus())
        .collect(Collectors.toList()));
    assertEquals(3, p.read(p.config.receiptsTopic()).size());
  }

  @Test
  void everyReceiptVerifiesOfflineAgainstTheLogKey() throws Exception {
    Pipeline p = new Pipeline(3, 0, 60_000);
    for (int n = 0; n < 9; n++) {
      p.issue(n, T0 + n);
    }
    List<Receipt> receipts = decodeAll(RECEIPT, p.read(p.config.receiptsTopic()));
    assertEquals(9, receipts.size());
    VerifierKey vkey = LOG_KEY.verifierKey();
    for (Receipt receipt : receipts) {
      byte[] entry = Documents.bytes(receipt.getEntry());
      byte[] document = Documents.bytes(receipt.getDocument());
      Checkpoint checkpoint = TlogProof.parse(receipt.getTlogProof()).verify(Rfc9162.leafHash(entry), ORIGIN, vkey);
      assertEquals(0, checkpoint.treeSize() % 3);
      IssuedEntry parsed = Documents.parseEntry(entry);
      assertArrayEquals(Documents.sha256(document), Documents.bytes(parsed.getDocumentHash()));
      ISSUER_KEY.verifierKey().verify(document, Documents.bytes(parsed.getIssuerSignature()));
    }
  }

  @Test
  void eachCheckpointIsConsistentWithThePreviousOneAndTheEntries() throws Exception {
    Pipeline p = new Pipeline(5, 0, 60_000);
    for (int n = 0; n < 23; n++) {
      p.issue(n, T0 + n);
    }
    // An independent tree from the published entries.
    MemoryTiles tiles = new MemoryTiles();
    CompactRange range = CompactRange.empty(0);
    for (LogEntry entry : decodeAll(ENTRY, p.read(p.config.entriesTopic()))) {
      range.append(Rfc9162.leafHash(Documents.bytes(entry.getEntry())), tiles);
    }
    Checkpoint previous = null;
    for (SignedCheckpoint signed : decodeAll(CHECKPOINT, p.read(p.config.checkpointsTopic()))) {
      Checkpoint checkpoint = Checkpoint.open(Documents.bytes(signed.getNote()), ORIGIN, LOG_KEY.verifierKey());
      assertEquals(CompactRange.read(0, checkpoint.treeSize(), new TileHashReader(range.end(), tiles)).rootHash(),
          checkpoint.rootHash());
      assertEquals(checkpoint.treeSize(), signed.getTreeSize());
      if (previous != null) {
        ConsistencyProofs.check(previous.treeSize(), checkpoint.treeSize(), previous.rootHash(), checkpoint.rootHash(),
            ConsistencyProofs.prove(previous.treeSize(), checkpoint.treeSize(),
                new TileHashReader(checkpoint.treeSize(), tiles)));
      }
      previous = checkpoint;
    }
    assertEquals(20, previous.treeSize());
  }

  @Test
  void signsACheckpointOnceTheOldestWaitingEntryIsAnIntervalOldInRecordTime() throws Exception {
    Pipeline p = new Pipeline(0, 250, 60_000);
    p.issue(0, T0);
    p.issue(1, T0 + 100);
    p.tick(T0 + 249);
    assertEquals(List.of(), p.read(p.config.checkpointsTopic()));
    p.tick(T0 + 250);
    assertEquals(List.of(2L), decodeAll(CHECKPOINT, p.read(p.config.checkpointsTopic())).stream()
        .map(SignedCheckpoint::getTreeSize).collect(Collectors.toList()));
    assertEquals(2, p.read(p.config.receiptsTopic()).size());
  }

  @Test
  void aDocumentNotAnchoredInTimeGetsAnExplicitAnchorFailedStatusOnce() throws Exception {
    Pipeline p = new Pipeline(0, 0, 1_000);
    p.issue(0, T0);
    p.issue(1, T0 + 600);
    p.tick(T0 + 1_200);
    p.tick(T0 + 5_000);
    List<DocumentStatus> failed = decodeAll(STATUS, p.read(p.config.statusTopic())).stream()
        .filter(s -> s.getStatus() == Status.ANCHOR_FAILED).collect(Collectors.toList());
    assertEquals(List.of("request-0", "request-1"),
        failed.stream().map(DocumentStatus::getRequestId).collect(Collectors.toList()));
    assertEquals(List.of(), p.read(p.config.receiptsTopic()));
  }

  @Test
  void aCorruptIssuedDocumentIsRejectedWithItsBytesAndTakesNoLeaf() throws Exception {
    Pipeline p = new Pipeline(2, 0, 60_000);
    byte[] garbage = {(byte) 0xC3, 1, 9, 9, 9};
    p.input.pipeInput(new TestRecord<>("bad".getBytes(StandardCharsets.UTF_8), garbage, Instant.ofEpochMilli(T0)));
    p.issue(0, T0 + 1);
    List<Rejection> rejections = decodeAll(REJECTION, p.read(p.config.rejectedTopic()));
    assertEquals(1, rejections.size());
    assertEquals("CORRUPT_ISSUED_DOCUMENT", rejections.get(0).getReason());
    assertArrayEquals(garbage, Documents.bytes(rejections.get(0).getOriginalValue()));
    assertEquals(0L, decodeAll(ENTRY, p.read(p.config.entriesTopic())).get(0).getLeafIndex());
  }

  @Test
  void replayingTheInputReproducesEveryOutputByteForByte() throws Exception {
    List<List<byte[]>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Pipeline p = new Pipeline(4, 300, 60_000);
      for (int n = 0; n < 30; n++) {
        p.issue(n, T0 + 37L * n);
      }
      p.tick(T0 + 10_000);
      List<byte[]> outputs = new ArrayList<>();
      for (String topic : List.of(p.config.entriesTopic(), p.config.checkpointsTopic(), p.config.receiptsTopic(),
          p.config.statusTopic())) {
        p.read(topic).forEach(r -> outputs.add(r.value()));
      }
      runs.add(outputs);
    }
    assertEquals(runs.get(0).size(), runs.get(1).size());
    for (int i = 0; i < runs.get(0).size(); i++) {
      assertArrayEquals(runs.get(0).get(i), runs.get(1).get(i), "output " + i);
    }
    assertTrue(runs.get(0).size() > 30 * 2);
  }

  @Test
  void theStateOfALogSurvivesItsBinaryForm() {
    CompactRange range = CompactRange.empty(0);
    for (int i = 0; i < 1000; i++) {
      range.append(Rfc9162.leafHash(new byte[] {(byte) i}));
    }
    var state = new org.civictrust.anchor.internal.LogState(range, 996, T0, T0 - 5, 997);
    assertEquals(state.toBytes().length, org.civictrust.anchor.internal.LogState.fromBytes(state.toBytes()).toBytes().length);
    var back = org.civictrust.anchor.internal.LogState.fromBytes(state.toBytes());
    assertEquals(range, back.range());
    assertEquals(List.of(996L, T0, T0 - 5, 997L),
        List.of(back.checkpointSize(), back.streamTime(), back.oldestPendingAt(), back.failedUpTo()));
    Hash root = range.rootHash();
    assertEquals(root, back.range().rootHash());
  }

  static <T extends org.apache.avro.specific.SpecificRecord> List<T> decodeAll(AvroCodec<T> codec,
      List<TestRecord<byte[], byte[]>> records) throws Exception {
    List<T> decoded = new ArrayList<>();
    for (TestRecord<byte[], byte[]> record : records) {
      decoded.add(codec.decodeSingleObject(record.value()));
    }
    return decoded;
  }
}
