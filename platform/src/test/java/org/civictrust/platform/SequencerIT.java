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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.Document;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuedDocument;
import org.civictrust.schemas.IssuedEntry;
import org.civictrust.schemas.Receipt;
import org.civictrust.anchor.LogIdentity;
import org.civictrust.anchor.SequencerConfig;
import org.civictrust.anchor.SequencerTopology;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.TlogProof;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.schemas.Topics;

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
      TopicAdmin.create(admin, logs.size(), 1, (short) 1);
      // The ticker only runs while the block does: moving record time so that the last entries get checkpoints.
      Ticker ticker = Ticker.start(broker.bootstrapServers(), Topics.ISSUED, logs.size(), 100);
      try (ticker; KafkaProducer<byte[], byte[]> producer = producer(broker)) {
        KafkaStreams first = sequencer(config, broker, dir.resolve("state-1"));
        produce(producer, 0, DOCUMENTS / 2);
        awaitReceipts(broker, DOCUMENTS / 4);
        first.close(Duration.ofSeconds(30));
        // A new instance with empty local state must restore from the changelogs and go on.
        KafkaStreams second = sequencer(config, broker, dir.resolve("state-2"));
        produce(producer, DOCUMENTS / 2, DOCUMENTS);
        List<Receipt> receipts = awaitReceipts(broker, DOCUMENTS);
        second.close(Duration.ofSeconds(30));

        Map<String, List<byte[]>> entriesByLog = LogAudit.entriesByLog(broker.bootstrapServers());
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
        Map<String, org.civictrust.tlog.VerifierKey> keys = new HashMap<>();
        logs.forEach(l -> keys.put(l.origin(), l.key().verifierKey()));
        assertTrue(LogAudit.checkCheckpoints(broker.bootstrapServers(), entriesByLog, keys) >= 10, "checkpoints signed");
      }
    }
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
    List<Receipt> receipts = new ArrayList<>();
    for (byte[] value : LogAudit.awaitDistinct(broker.bootstrapServers(), Topics.RECEIPTS, count,
        v -> decode(codec, v).getRequestId(), Duration.ofSeconds(120)).values()) {
      receipts.add(decode(codec, value));
    }
    return receipts;
  }

  static <T extends org.apache.avro.specific.SpecificRecord> T decode(AvroCodec<T> codec, byte[] value) {
    try {
      return codec.decodeSingleObject(value);
    } catch (org.civictrust.schemas.RecordException e) {
      throw new AssertionError(e);
    }
  }
}
