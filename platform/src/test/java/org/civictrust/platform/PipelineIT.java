package org.civictrust.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.DocumentStatus;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuedDocument;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.Rejection;
import org.civictrust.schemas.Status;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerifierKey;
import org.civictrust.verifier.ReceiptVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.schemas.Topics;

/**
 * The whole pipeline on a real in-process KRaft broker: 10,000 requests including retries, malformed
 * bytes, unknown issuers and policy violations. Every topic holds exactly what it must, every accepted
 * document has one leaf and one receipt, every receipt verifies offline, every checkpoint is consistent
 * with the one before.
 */
class PipelineIT {
  static final int REQUESTS = 10_000;

  @TempDir
  Path dir;

  @Test
  void tenThousandMixedRequestsEndExactlyAsTheyMust() throws Exception {
    SignerKey civil = SignerKey.generate(DemoRequests.CIVIL_REGISTRY, new SecureRandom());
    SignerKey university = SignerKey.generate(DemoRequests.UNIVERSITY, new SecureRandom());
    PipelineConfig config = PipelineConfig.defaults(dir, DemoRequests.issuers(civil, university))
        .withLogs(2).withCheckpoints(500, 250).withTilesPort(-1);
    List<DemoRequests.Request> requests = DemoRequests.mix(REQUESTS, 10, System.currentTimeMillis(), 7);
    Map<String, Long> expected = requests.stream()
        .collect(Collectors.groupingBy(DemoRequests.Request::expected, TreeMap::new, Collectors.counting()));
    int issued = expected.get("ISSUED").intValue();

    try (Pipeline pipeline = Pipeline.start(config)) {
      String kafka = pipeline.bootstrapServers();
      try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
        for (DemoRequests.Request r : requests) {
          producer.send(new ProducerRecord<>(Topics.REQUESTS, r.key(), r.value()));
        }
      }
      AvroCodec<Receipt> receiptCodec = AvroCodec.of(Receipt.class, 1 << 20);
      Map<String, byte[]> receipts = LogAudit.awaitDistinct(kafka, Topics.RECEIPTS, issued,
          v -> decode(receiptCodec, v).getRequestId(), Duration.ofMinutes(4));

      // Every receipt verifies offline against the trust store the platform published.
      ReceiptVerifier verifier = ReceiptVerifier.of(pipeline.trustStore());
      Instant now = Instant.now();
      for (byte[] value : receipts.values()) {
        Receipt receipt = decode(receiptCodec, value);
        var file = new org.civictrust.verifier.Receipt(Documents.bytes(receipt.getDocument()),
            Documents.bytes(receipt.getEntry()), receipt.getTlogProof());
        var verdict = verifier.verify(file, now);
        assertEquals(org.civictrust.verifier.Status.VERIFIED, verdict.status(), verdict.explanation());
      }
      // Each valid request got its receipt, under its own request id.
      requests.stream().filter(r -> r.expected().equals("ISSUED"))
          .forEach(r -> assertTrue(receipts.containsKey(r.requestId()), r.requestId()));

      // Exactly one outcome a request: the issued and the rejected topics add up, reason by reason.
      Map<String, Long> outcomes = new TreeMap<>();
      outcomes.put("ISSUED", (long) count(kafka, Topics.ISSUED, IssuedDocument.class));
      AvroCodec<Rejection> rejectionCodec = AvroCodec.of(Rejection.class, 4 << 20);
      for (ConsumerRecord<byte[], byte[]> r : LogAudit.readAll(kafka, Topics.REJECTED)) {
        outcomes.merge(decode(rejectionCodec, r.value()).getReason(), 1L, Long::sum);
      }
      assertEquals(expected, outcomes);

      // One leaf a document, indexes without gaps, checkpoints consistent.
      var entriesByLog = LogAudit.entriesByLog(kafka);
      assertEquals(issued, entriesByLog.values().stream().mapToInt(List::size).sum());
      Map<String, VerifierKey> logKeys = new HashMap<>();
      pipeline.logs().forEach(l -> logKeys.put(l.origin(), l.key().verifierKey()));
      assertTrue(LogAudit.checkCheckpoints(kafka, entriesByLog, logKeys) >= issued / 500);

      // Statuses are written by exception: every document was anchored in time, so there are none.
      AvroCodec<DocumentStatus> statusCodec = AvroCodec.of(DocumentStatus.class, 1 << 20);
      Map<Status, Long> statuses = LogAudit.readAll(kafka, Topics.STATUS).stream()
          .map(r -> decode(statusCodec, r.value()).getStatus())
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertEquals(Map.of(), statuses);
    }
  }

  static <T extends org.apache.avro.specific.SpecificRecord> int count(String kafka, String topic, Class<T> type) {
    AvroCodec<T> codec = AvroCodec.of(type, 4 << 20);
    return (int) LogAudit.readAll(kafka, topic).stream().filter(r -> r.value() != null)
        .peek(r -> decode(codec, r.value())).count();
  }

  static <T extends org.apache.avro.specific.SpecificRecord> T decode(AvroCodec<T> codec, byte[] value) {
    try {
      return codec.decodeSingleObject(value);
    } catch (org.civictrust.schemas.RecordException e) {
      throw new AssertionError(e);
    }
  }

  static KafkaProducer<byte[], byte[]> producer(String kafka) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(props);
  }
}
