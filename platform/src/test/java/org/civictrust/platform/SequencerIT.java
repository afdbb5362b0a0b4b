package org.civictrust.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.Document;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuedDocument;
import org.civictrust.schemas.IssuedEntry;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.sequencer.LogIdentity;
import org.civictrust.sequencer.SequencerConfig;
import org.civictrust.sequencer.SequencerTopology;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.TlogProof;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sequencer on a real in-process KRaft broker, with exactly-once processing and a restart. */
class SequencerIT {
  static final int DOCUMENTS = 1000;
  static final SignerKey ISSUER = SignerKey.generate("registry.example/civil-status", new SecureRandom());
  static final AvroCodec<IssuedDocument> ISSUED = AvroCodec.of(IssuedDocument.class, 1 << 20);

  @TempDir
  Path dir;

  @Test
  void sequencesEveryDocumentOnceAcrossARestartAndEveryReceiptVerifies() throws Exception {
    List<LogIdentity> logs = List.of(
        new LogIdentity("it.civictrust.example/log/0", SignerKey.generate("it.civictrust.example/log/0", new SecureRandom())),
        new LogIdentity("it.civictrust.example/log/1", SignerKey.generate("it.civictrust.example/log/1", new SecureRandom())));
    SequencerConfig config = SequencerConfig.withStandardTopics(logs, 100, 200, 30_000);
    try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"));
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      Topics.create(admin, logs.size(), 1, (short) 1);
      try (Ticker ticker = Ticker.start(broker.bootstrapServers(), Topics.ISSUED, logs.size(), 100);
          KafkaProducer<byte[], byte[]> producer = producer(broker)) {
        KafkaStreams first = sequencer(config, broker, dir.resolve("state-1"));
        produce(producer, 0, DOCUMENTS / 2);
        awaitReceipts(broker, DOCUMENTS / 4);
        first.close(Duration.ofSeconds(30));
        // A new instance with empty local state must restore from the changelogs and go on.
        KafkaStreams second = sequencer(config, broker, dir.resolve("state-2"));
        produce(producer, DOCUMENTS / 2, DOCUMENTS);
        List<Receipt> receipts = awaitReceipts(broker, DOCUMENTS);
        second.close(Duration.ofSeconds(30));

        Map<String, List<byte[]>> entriesByLog = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(broker, Topics.ENTRIES)) {
          LogEntry entry = AvroCodec.of(LogEntry.class, 1 << 20).decodeSingleObject(r.value());
          List<byte[]> log = entriesByLog.computeIfAbsent(entry.getOrigin(), o -> new ArrayList<>());
          assertEquals(log.size(), entry.getLeafIndex(), "no gap and no repeat in " + entry.getOrigin());
          log.add(Documents.bytes(entry.getEntry()));
        }
        assertEquals(DOCUMENTS, entriesByLog.values().stream().mapToInt(List::size).sum());
        assertEquals(2, entriesByLog.size(), "both logs took documents");

        Map<String, LogIdentity> byOrigin = new HashMap<>();
        logs.forEach(l -> byOrigin.put(l.origin(), l));
        for (Receipt receipt : receipts) {
          byte[] entry = Documents.bytes(receipt.getEntry());
          TlogProof proof = TlogProof.parse(receipt.getTlogProof());
          String origin = originOf(proof);
          proof.verify(Rfc9162.leafHash(entry), origin, byOrigin.get(origin).key().verifierKey());
        }
        checkCheckpointsAreConsistent(broker, entriesByLog, byOrigin);
      }
    }
  }

  private static void checkCheckpointsAreConsistent(EmbeddedBroker broker, Map<String, List<byte[]>> entriesByLog,
      Map<String, LogIdentity> byOrigin) throws Exception {
    Map<String, Checkpoint> last = new HashMap<>();
    Map<String, MemoryTiles> trees = new HashMap<>();
    entriesByLog.forEach((origin, entries) -> {
      MemoryTiles tiles = new MemoryTiles();
      CompactRange range = CompactRange.empty(0);
      entries.forEach(e -> range.append(Rfc9162.leafHash(e), tiles));
      trees.put(origin, tiles);
    });
    int count = 0;
    for (ConsumerRecord<byte[], byte[]> r : readAll(broker, Topics.CHECKPOINTS)) {
      SignedCheckpoint signed = AvroCodec.of(SignedCheckpoint.class, 1 << 20).decodeSingleObject(r.value());
      Checkpoint checkpoint = Checkpoint.open(Documents.bytes(signed.getNote()), signed.getOrigin(),
          byOrigin.get(signed.getOrigin()).key().verifierKey());
      MemoryTiles tiles = trees.get(checkpoint.origin());
      long size = entriesByLog.get(checkpoint.origin()).size();
      assertEquals(CompactRange.read(0, checkpoint.treeSize(), new TileHashReader(size, tiles)).rootHash(),
          checkpoint.rootHash(), "checkpoint " + checkpoint.treeSize() + " matches the published entries");
      Checkpoint previous = last.put(checkpoint.origin(), checkpoint);
      if (previous != null) {
        assertTrue(checkpoint.treeSize() > previous.treeSize());
        ConsistencyProofs.check(previous.treeSize(), checkpoint.treeSize(), previous.rootHash(), checkpoint.rootHash(),
            ConsistencyProofs.prove(previous.treeSize(), checkpoint.treeSize(), new TileHashReader(size, tiles)));
      }
      count++;
    }
    assertTrue(count >= 2 * 5, "checkpoints were signed: " + count);
  }

  /** The origin line of a proof's checkpoint, read only to choose the key that then verifies it. */
  static String originOf(TlogProof proof) {
    String note = new String(proof.signedCheckpoint(), StandardCharsets.UTF_8);
    return note.substring(0, note.indexOf('\n'));
  }

  static KafkaStreams sequencer(SequencerConfig config, EmbeddedBroker broker, Path stateDir) {
    KafkaStreams streams = new KafkaStreams(SequencerTopology.build(config),
        StreamsSettings.exactlyOnce("civictrust-sequencer", broker.bootstrapServers(), stateDir, 100));
    streams.start();
    return streams;
  }

  static KafkaProducer<byte[], byte[]> producer(EmbeddedBroker broker) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return new KafkaProducer<>(props);
  }

  static void produce(KafkaProducer<byte[], byte[]> producer, int from, int to) throws Exception {
    for (int n = from; n < to; n++) {
      String requestId = "request-" + n + "-" + UUID.randomUUID();
      producer.send(new ProducerRecord<>(Topics.ISSUED, requestId.getBytes(StandardCharsets.UTF_8),
          issuedDocument(requestId, n, System.currentTimeMillis())));
    }
    producer.flush();
  }

  static byte[] issuedDocument(String requestId, int n, long issuedAt) throws Exception {
    byte[] id = new byte[16];
    new SecureRandom().nextBytes(id);
    String keyId = String.format("%08x", ISSUER.keyId());
    Document document = Document.newBuilder()
        .setSchemaFingerprint(ByteBuffer.wrap(Documents.DOCUMENT.fingerprint()))
        .setDocumentId(ByteBuffer.wrap(id)).setType("diploma").setIssuerId(ISSUER.name()).setIssuerKeyId(keyId)
        .setIssuedAt(issuedAt).setExpiresAt(issuedAt + 86_400_000L).setSubject("Subject " + n)
        .setClaims(List.of(new Claim("grade", "A"))).build();
    byte[] canonical = Documents.canonicalBytes(document);
    IssuedEntry entry = new IssuedEntry(ByteBuffer.wrap(Documents.sha256(canonical)), ISSUER.name(), keyId,
        ByteBuffer.wrap(ISSUER.sign(canonical)), issuedAt, "diploma");
    return ISSUED.encodeSingleObject(new IssuedDocument(requestId, ByteBuffer.wrap(canonical),
        ByteBuffer.wrap(Documents.canonicalBytes(entry))));
  }

  static List<Receipt> awaitReceipts(EmbeddedBroker broker, int count) throws Exception {
    AvroCodec<Receipt> codec = AvroCodec.of(Receipt.class, 1 << 20);
    Map<String, Receipt> byRequest = new HashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker)) {
      consumer.subscribe(List.of(Topics.RECEIPTS));
      while (byRequest.size() < count) {
        assertTrue(System.nanoTime() < deadline, "only " + byRequest.size() + " of " + count + " receipts in time");
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Receipt receipt = codec.decodeSingleObject(r.value());
          assertEquals(null, byRequest.put(receipt.getRequestId(), receipt), "one receipt a request");
        }
      }
    }
    return new ArrayList<>(byRequest.values());
  }

  static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedBroker broker, String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker)) {
      consumer.subscribe(List.of(topic));
      int empty = 0;
      while (empty < 10) {
        var batch = consumer.poll(Duration.ofMillis(300));
        empty = batch.isEmpty() ? empty + 1 : 0;
        batch.forEach(records::add);
      }
    }
    records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
        : Long.compare(a.offset(), b.offset()));
    return records;
  }

  static KafkaConsumer<byte[], byte[]> consumer(EmbeddedBroker broker) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(props);
  }
}
