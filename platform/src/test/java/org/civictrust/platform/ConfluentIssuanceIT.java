package org.civictrust.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.civictrust.schemas.ApicurioRegistry;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.ConfluentCodec;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.Rejection;
import org.civictrust.schemas.SchemaRegistryClient;
import org.civictrust.tlog.SignerKey;
import org.civictrust.verifier.ReceiptVerifier;
import org.civictrust.verifier.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.schemas.Topics;

/**
 * Issuers with a schema registry: the pipeline configured with a real Confluent-compatible registry
 * (Apicurio Registry, a child process) takes requests in the Confluent wire format, registered by the
 * issuer's client as a Confluent serializer would, beside requests in single-object encoding; a schema
 * id of another schema, or of none, and a truncated body are rejected with their reason and bytes.
 */
class ConfluentIssuanceIT {
  static final AvroCodec<IssuanceRequest> REQUEST = AvroCodec.of(IssuanceRequest.class, 1 << 20);

  @TempDir
  Path dir;

  @Test
  void requestsInTheConfluentWireFormatAreIssuedAndBadSchemaIdsRejected() throws Exception {
    try (ApicurioRegistry apicurio = ApicurioRegistry.start()) {
      SchemaRegistryClient issuerClient = SchemaRegistryClient.create(apicurio.ccompatUrl());
      ConfluentCodec<IssuanceRequest> confluent = ConfluentCodec.of(REQUEST, issuerClient,
          SchemaRegistryClient.valueSubject(Topics.REQUESTS));
      int otherSchemaId = issuerClient.register("civictrust.it.claims-value", Claim.getClassSchema());

      SignerKey civil = SignerKey.generate(DemoRequests.CIVIL_REGISTRY, new SecureRandom());
      SignerKey university = SignerKey.generate(DemoRequests.UNIVERSITY, new SecureRandom());
      PipelineConfig config = PipelineConfig.defaults(dir, DemoRequests.issuers(civil, university))
          .withCheckpoints(50, 250).withTilesPort(-1).withSchemaRegistry(apicurio.ccompatUrl());
      List<DemoRequests.Request> valid = DemoRequests.mix(120, Integer.MAX_VALUE, System.currentTimeMillis(), 11);

      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      Map<String, byte[]> rejectedValues = new TreeMap<>();
      for (int i = 0; i < valid.size(); i++) {
        DemoRequests.Request r = valid.get(i);
        byte[] value = i % 3 == 0 ? r.value() : confluent.encode(REQUEST.decodeSingleObject(r.value()));
        records.add(new ProducerRecord<>(Topics.REQUESTS, r.key(), value));
      }
      byte[] sample = confluent.encode(REQUEST.decodeSingleObject(valid.get(1).value()));
      rejectedValues.put("another-schema", withSchemaId(sample, otherSchemaId));
      rejectedValues.put("unknown-id", withSchemaId(sample, 987_654));
      rejectedValues.put("truncated", Arrays.copyOf(sample, sample.length - 3));
      rejectedValues.forEach((key, value) ->
          records.add(new ProducerRecord<>(Topics.REQUESTS, key.getBytes(StandardCharsets.UTF_8), value)));

      try (Pipeline pipeline = Pipeline.start(config)) {
        String kafka = pipeline.bootstrapServers();
        try (KafkaProducer<byte[], byte[]> producer = PipelineIT.producer(kafka)) {
          records.forEach(producer::send);
        }
        AvroCodec<Receipt> receiptCodec = AvroCodec.of(Receipt.class, 1 << 20);
        Map<String, byte[]> receipts = LogAudit.awaitDistinct(kafka, Topics.RECEIPTS, valid.size(),
            v -> PipelineIT.decode(receiptCodec, v).getRequestId(), Duration.ofMinutes(2));
        ReceiptVerifier verifier = ReceiptVerifier.of(pipeline.trustStore());
        for (DemoRequests.Request r : valid) {
          Receipt receipt = PipelineIT.decode(receiptCodec, receipts.get(r.requestId()));
          var verdict = verifier.verify(new org.civictrust.verifier.Receipt(Documents.bytes(receipt.getDocument()),
              Documents.bytes(receipt.getEntry()), receipt.getTlogProof()), Instant.now());
          assertEquals(Status.VERIFIED, verdict.status(), verdict.explanation());
        }

        AvroCodec<Rejection> rejectionCodec = AvroCodec.of(Rejection.class, 4 << 20);
        Map<String, String> reasons = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : LogAudit.readAll(kafka, Topics.REJECTED)) {
          Rejection rejection = PipelineIT.decode(rejectionCodec, record.value());
          String key = new String(record.key(), StandardCharsets.UTF_8);
          assertArrayEquals(rejectedValues.get(key), Documents.bytes(rejection.getOriginalValue()), key);
          reasons.put(key, rejection.getReason());
        }
        assertEquals(Map.of("another-schema", "WRONG_SCHEMA", "unknown-id", "WRONG_SCHEMA", "truncated", "MALFORMED"),
            reasons);
        assertTrue(confluent.schemaId() >= 0);
      }
    }
  }

  /** {@code framed} with its Confluent schema id replaced. */
  static byte[] withSchemaId(byte[] framed, int id) {
    byte[] copy = framed.clone();
    ByteBuffer.wrap(copy, 1, 4).putInt(id);
    return copy;
  }
}
