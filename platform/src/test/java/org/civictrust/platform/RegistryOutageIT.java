package org.civictrust.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.civictrust.issuance.IssuanceConfig;
import org.civictrust.schemas.ApicurioRegistry;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.ConfluentCodec;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.SchemaRegistryClient;
import org.civictrust.schemas.StreamsHealth;
import org.civictrust.tlog.SignerKey;
import org.civictrust.verifier.ReceiptVerifier;
import org.civictrust.verifier.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.schemas.Topics;

/**
 * The README's promise about the schema registry: "a registry that does not answer stops processing until
 * it does, and rejects nothing". A real Apicurio Registry (a child process, its database on disk) is
 * stopped while requests in the Confluent wire format are pending, so that the issuance application
 * meets the outage on the first record that names the schema id; the application waits (its stream
 * thread is replaced after a backoff, more than once) without ever reaching ERROR, and nothing is rejected.
 * Once the registry is started again on the same port, every request gets its receipt, each verified
 * offline.
 */
class RegistryOutageIT {
  private static final AvroCodec<IssuanceRequest> REQUEST = AvroCodec.of(IssuanceRequest.class, 1 << 20);
  private static final AvroCodec<Receipt> RECEIPT = AvroCodec.of(Receipt.class, 1 << 20);
  /** The application states in which it processes, or is about to. */
  private static final Set<KafkaStreams.State> LIVE = Set.of(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);

  @TempDir
  Path dir;

  @Test
  void aRegistryThatDoesNotAnswerHoldsRequestsWithoutRejectingAnyAndTheyAreIssuedOnceItAnswers() throws Exception {
    try (ApicurioRegistry apicurio = ApicurioRegistry.start(dir.resolve("registry"))) {
      // The issuers' side: their serializer registers the schema, once, and caches the id.
      ConfluentCodec<IssuanceRequest> confluent = ConfluentCodec.of(REQUEST,
          SchemaRegistryClient.create(apicurio.ccompatUrl()), SchemaRegistryClient.valueSubject(Topics.REQUESTS));
      int schemaId = confluent.schemaId();

      SignerKey civil = SignerKey.generate(DemoRequests.CIVIL_REGISTRY, new SecureRandom());
      SignerKey university = SignerKey.generate(DemoRequests.UNIVERSITY, new SecureRandom());
      PipelineConfig config = PipelineConfig.defaults(dir.resolve("pipeline"), DemoRequests.issuers(civil, university))
          .withCheckpoints(50, 250).withTilesPort(-1).withSchemaRegistry(apicurio.ccompatUrl());
      List<DemoRequests.Request> requests = DemoRequests.mix(90, Integer.MAX_VALUE, System.currentTimeMillis(), 17);
      List<DemoRequests.Request> before = requests.subList(0, 10);
      List<DemoRequests.Request> during = requests.subList(10, requests.size());

      try (Pipeline pipeline = Pipeline.start(config);
          KafkaProducer<byte[], byte[]> producer = PipelineIT.producer(pipeline.bootstrapServers())) {
        String kafka = pipeline.bootstrapServers();
        StreamsHealth issuance = pipeline.applications().stream()
            .filter(a -> a.applicationId().equals(IssuanceConfig.DEFAULT_APPLICATION_ID)).findFirst().orElseThrow();
        // Single-object requests need no registry: the pipeline runs.
        before.forEach(r -> producer.send(new ProducerRecord<>(Topics.REQUESTS, r.key(), r.value())));
        producer.flush();
        LogAudit.awaitDistinct(kafka, Topics.RECEIPTS, before.size(), v -> PipelineIT.decode(RECEIPT, v).getRequestId(),
            Duration.ofMinutes(2));

        apicurio.stop();
        // Two in three in the Confluent wire format, whose id the pipeline has not looked up yet.
        for (int i = 0; i < during.size(); i++) {
          DemoRequests.Request r = during.get(i);
          byte[] value = i % 3 == 2 ? r.value() : confluent.encode(REQUEST.decodeSingleObject(r.value()));
          producer.send(new ProducerRecord<>(Topics.REQUESTS, r.key(), value));
        }
        producer.flush();
        assertEquals(schemaId, confluent.schemaId(), "encoding used the cached id: the registry is down");

        await(() -> issuance.retries() >= 2, Duration.ofMinutes(1),
            "the issuance application met the outage and waited, twice");
        assertTrue(LIVE.contains(issuance.state()), "waiting, not failed: " + issuance.state());
        assertFalse(pipeline.failure().isDone(), "no application is in ERROR");
        assertEquals(0, LogAudit.readAll(kafka, Topics.REJECTED).size(), "the outage rejected nothing");
        Set<String> held = new java.util.HashSet<>();
        for (int i = 0; i < during.size(); i += 3) {
          held.add(during.get(i).requestId());
        }
        held.retainAll(received(kafka));
        assertEquals(Set.of(), held, "no Confluent request has an outcome while the registry is down");

        apicurio.restart();
        Map<String, byte[]> receipts = LogAudit.awaitDistinct(kafka, Topics.RECEIPTS, requests.size(),
            v -> PipelineIT.decode(RECEIPT, v).getRequestId(), Duration.ofMinutes(2));
        ReceiptVerifier verifier = ReceiptVerifier.of(pipeline.trustStore());
        for (DemoRequests.Request r : requests) {
          Receipt receipt = PipelineIT.decode(RECEIPT, receipts.get(r.requestId()));
          var verdict = verifier.verify(new org.civictrust.verifier.Receipt(Documents.bytes(receipt.getDocument()),
              Documents.bytes(receipt.getEntry()), receipt.getTlogProof()), Instant.now());
          assertEquals(Status.VERIFIED, verdict.status(), r.requestId());
        }
        assertEquals(0, LogAudit.readAll(kafka, Topics.REJECTED).size(), "nothing was rejected");
        assertFalse(pipeline.failure().isDone(), "no application is in ERROR");
        assertTrue(LIVE.contains(issuance.state()), issuance.state().toString());
      }
    }
  }

  /** The request ids that have a receipt now. */
  private static Set<String> received(String kafka) {
    Set<String> ids = new java.util.HashSet<>();
    LogAudit.readAll(kafka, Topics.RECEIPTS).forEach(r -> ids.add(PipelineIT.decode(RECEIPT, r.value()).getRequestId()));
    return ids;
  }

  static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "in time: " + what);
      Thread.sleep(50);
    }
  }
}
