package org.civictrust.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.civictrust.issuance.IssuerKey;
import org.civictrust.issuance.IssuerPolicy;
import org.civictrust.issuance.KeyState;
import org.civictrust.kv.DocumentRecord;
import org.civictrust.kv.DocumentState;
import org.civictrust.kv.KvClient;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.SignerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.anchor.AnchorRecorder;

/**
 * The anchor recorder's exception path, with the pipeline and a three-peer store: checkpoints come
 * only every 6 s of stream time and the anchor timeout is 1.5 s, so each document first gets an
 * ANCHOR_FAILED status, which the recorder turns into a document record (issuer and key from the log
 * entry it finds by leaf index) marked {@code anchor_failed}; the late checkpoint then makes it {@code
 * anchored}.
 */
class AnchorRecorderIT {
  @TempDir
  Path dir;

  @Test
  void aDocumentThatFailedToAnchorIsRecordedSoAndThenAnchored() throws Exception {
    SignerKey key = SignerKey.generate(RevocationIT.ISSUER, new SecureRandom());
    List<IssuerPolicy> issuers = List.of(new IssuerPolicy(RevocationIT.ISSUER, Set.of("birth-certificate"),
        Duration.ofDays(36_500), List.of(IssuerKey.of(key, KeyState.ACTIVE))));
    PipelineConfig config = PipelineConfig.defaults(dir, issuers).withCheckpoints(1_000_000, 6_000)
        .withAnchorTimeout(1_500).withTilesPort(-1).withIssuanceStore(IssuanceStoreConfig.local());
    long started = System.nanoTime();
    try (Pipeline pipeline = Pipeline.start(config);
        KvClient admin = KvClient.connect(pipeline.issuanceStorePeers());
        KafkaProducer<byte[], byte[]> producer = PipelineIT.producer(pipeline.bootstrapServers());
        RevocationIT.Outcomes outcomes = new RevocationIT.Outcomes(pipeline.bootstrapServers())) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(RevocationIT.send(producer, "late-" + i, null));
      }
      List<RevocationIT.Outcome> issued = new ArrayList<>();
      for (String id : ids) {
        issued.add(outcomes.await(id, Duration.ofSeconds(60)));
      }
      String origin = pipeline.logs().get(0).origin();
      for (RevocationIT.Outcome outcome : issued) {
        DocumentRecord failed = await(admin, outcome.documentHash(), DocumentState.ANCHOR_FAILED, Duration.ofSeconds(30));
        assertEquals(RevocationIT.ISSUER, failed.issuerId());
        assertEquals(RevocationIT.keyId(key), failed.keyId(), "the key ID comes from the log entry");
        assertEquals(origin, failed.origin());
        assertEquals(outcome.leafIndex(), failed.leafIndex());
        assertEquals(AnchorRecorder.ANCHOR_FAILED_REASON, failed.reason());
      }
      for (RevocationIT.Outcome outcome : issued) {
        await(admin, outcome.documentHash(), DocumentState.ANCHORED, Duration.ofSeconds(30));
      }
      assertTrue(admin.watermark(origin).orElseThrow().anchors(issued.get(2).leafIndex()));
      assertTrue(pipeline.anchoring().orElseThrow().documents() >= 6, "record + anchor_failed per document");
    }
    System.out.printf("AnchorRecorderIT took %d ms%n", RevocationIT.millisSince(started));
  }

  static DocumentRecord await(KvClient admin, Hash hash, DocumentState state, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<DocumentRecord> record = admin.document(hash);
    while (record.isEmpty() || record.get().state() != state) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("document " + hash + " is not " + state.label() + " after " + timeout + ": " + record);
      }
      Thread.sleep(50);
      record = admin.document(hash);
    }
    return record.get();
  }
}
