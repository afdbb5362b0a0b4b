package org.civictrust.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.civictrust.issuance.IssuanceConfig;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.StreamsHealth;
import org.civictrust.tlog.SignerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.schemas.Topics;

/**
 * An application that dies after start does not go unnoticed: the issuance application's source topic is
 * deleted under it (an operator's mistake, no test hook in the pipeline), a fault that waiting would not
 * cure. The application is in ERROR, {@link Pipeline#failure()} names it with reason UNEXPECTED_FAULT and
 * the fault, and the sequencer, which met no fault, is not in ERROR.
 */
class ApplicationErrorIT {
  @TempDir
  Path dir;

  @Test
  void anApplicationWhoseSourceTopicIsDeletedIsReportedInError() throws Exception {
    SignerKey civil = SignerKey.generate(DemoRequests.CIVIL_REGISTRY, new SecureRandom());
    SignerKey university = SignerKey.generate(DemoRequests.UNIVERSITY, new SecureRandom());
    PipelineConfig config = PipelineConfig.defaults(dir, DemoRequests.issuers(civil, university))
        .withCheckpoints(50, 250).withTilesPort(-1);
    List<DemoRequests.Request> requests = DemoRequests.mix(10, Integer.MAX_VALUE, System.currentTimeMillis(), 5);
    try (Pipeline pipeline = Pipeline.start(config)) {
      String kafka = pipeline.bootstrapServers();
      try (KafkaProducer<byte[], byte[]> producer = PipelineIT.producer(kafka)) {
        requests.forEach(r -> producer.send(new ProducerRecord<>(Topics.REQUESTS, r.key(), r.value())));
      }
      AvroCodec<Receipt> receipts = AvroCodec.of(Receipt.class, 1 << 20);
      LogAudit.awaitDistinct(kafka, Topics.RECEIPTS, requests.size(), v -> PipelineIT.decode(receipts, v).getRequestId(),
          Duration.ofMinutes(2));
      assertFalse(pipeline.failure().isDone(), "a working pipeline reports no failure");

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
        admin.deleteTopics(List.of(Topics.REQUESTS)).all().get(30, TimeUnit.SECONDS);
      }
      StreamsHealth.Failure failure = pipeline.failure().get(2, TimeUnit.MINUTES);

      assertEquals(IssuanceConfig.DEFAULT_APPLICATION_ID, failure.applicationId());
      assertEquals(StreamsHealth.Reason.UNEXPECTED_FAULT, failure.reason());
      assertTrue(failure.fault().isPresent());
      StreamsHealth issuance = application(pipeline, IssuanceConfig.DEFAULT_APPLICATION_ID);
      assertEquals(KafkaStreams.State.ERROR, issuance.state());
      assertEquals(0, issuance.retries(), "not taken for an outage to wait out");
      StreamsHealth sequencer = application(pipeline, Pipeline.SEQUENCER_APPLICATION_ID);
      assertTrue(sequencer.state().isRunningOrRebalancing(), "the sequencer runs on: " + sequencer.state());
      assertFalse(sequencer.failure().isDone());
    }
  }

  static StreamsHealth application(Pipeline pipeline, String applicationId) {
    return pipeline.applications().stream().filter(a -> a.applicationId().equals(applicationId)).findFirst()
        .orElseThrow();
  }
}
