package org.civictrust.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.civictrust.issuance.IssuerKey;
import org.civictrust.issuance.IssuerPolicy;
import org.civictrust.issuance.KeyState;
import org.civictrust.kv.DocumentRecord;
import org.civictrust.kv.DocumentState;
import org.civictrust.kv.IssuanceCache;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.RevocationExport;
import org.civictrust.kv.WatermarkRecord;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.Document;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.IssuedDocument;
import org.civictrust.schemas.IssuedEntry;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.Rejection;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.SignerKey;
import org.civictrust.verifier.Check;
import org.civictrust.verifier.ReceiptVerifier;
import org.civictrust.verifier.RevocationSnapshot;
import org.civictrust.verifier.Status;
import org.civictrust.verifier.TrustStore;
import org.civictrust.verifier.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.schemas.Topics;

/**
 * The pipeline with its issuance store: three real Ratis peers (separate servers, own storage
 * directories and ports, in this JVM) and an embedded KRaft broker. Six documents are issued with key
 * K1; K2 is rotated in and K1 revoked as compromised since the fourth was signed (a cutoff in the
 * past); requests naming K1 are refused with KEY_REVOKED within the gate's freshness bound (measured and
 * printed), K2 keeps issuing, and the store reads the K1 documents anchored through the log watermark
 * the anchor recorder wrote. Offline, with the store's signed revocation snapshot, the verifier finds
 * the three K1 receipts signed before the cutoff VERIFIED and the three signed at or after it REVOKED.
 */
class RevocationIT {
  static final String ISSUER = DemoRequests.CIVIL_REGISTRY;
  static final AvroCodec<IssuanceRequest> REQUEST = AvroCodec.of(IssuanceRequest.class, 1 << 20);
  static final AvroCodec<IssuedDocument> ISSUED = AvroCodec.of(IssuedDocument.class, 1 << 20);
  static final AvroCodec<Rejection> REJECTION = AvroCodec.of(Rejection.class, 4 << 20);

  @TempDir
  Path dir;

  @Test
  void aRevokedKeyIsRefusedWithinTheBoundItsSuccessorIssuesAndAnchoringReachesTheStore() throws Exception {
    SignerKey k1 = SignerKey.generate(ISSUER, new SecureRandom());
    SignerKey k2 = SignerKey.generate(ISSUER, new SecureRandom());
    List<IssuerPolicy> issuers = List.of(new IssuerPolicy(ISSUER, Set.of("birth-certificate"), Duration.ofDays(36_500),
        List.of(IssuerKey.of(k1, KeyState.ACTIVE))));
    IssuanceStoreConfig storeConfig = IssuanceStoreConfig.local().withLocalSigners(List.of(k2));
    PipelineConfig config = PipelineConfig.defaults(dir, issuers).withCheckpoints(5, 100).withTilesPort(-1)
        .withIssuanceStore(storeConfig);
    long started = System.nanoTime();
    try (Pipeline pipeline = Pipeline.start(config)) {
      System.out.printf("pipeline with a three-peer store up in %d ms%n", millisSince(started));
      List<KvPeer> peers = pipeline.issuanceStorePeers();
      assertEquals(3, peers.size());
      assertEquals(3, peers.stream().map(KvPeer::port).distinct().count(), "three peers, three ports");
      String kafka = pipeline.bootstrapServers();
      try (KvClient admin = KvClient.connect(peers);
          KafkaProducer<byte[], byte[]> producer = PipelineIT.producer(kafka);
          Outcomes outcomes = new Outcomes(kafka)) {
        // The store was seeded from the issuers: K1 active.
        assertTrue(admin.issuer(ISSUER).orElseThrow().key(keyId(k1)).orElseThrow().signs());

        // 1. K1 issues.
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          before.add(send(producer, "k1-before-" + i, keyId(k1)));
        }
        for (String id : before) {
          assertEquals(keyId(k1), outcomes.await(id, Duration.ofSeconds(60)).issuedWith());
        }

        // 2. K2 rotated in, K1 revoked as compromised since the fourth document was signed. A cache like the gate's, on its own client, shows how
        // long the change takes to arrive (the gate's cache gets it the same way).
        IssuanceCache watcher = IssuanceCache.start(admin, storeConfig.maxStaleness(), 10);
        watcher.issuer(ISSUER);
        long now = System.currentTimeMillis();
        assertTrue(admin.submit(new KvCommand.RotateKey("rotate-k2", KvCommand.ANY_VERSION, ISSUER,
            k2.verifierKey().format(), now, now + Duration.ofDays(1).toMillis())).ok());
        long cutoff = outcomes.get(before.get(3)).issuedAt();
        assertTrue(outcomes.get(before.get(2)).issuedAt() < cutoff, "the first three were signed before the cutoff");
        KvResult revoked = admin.submit(new KvCommand.RevokeKey("revoke-k1", KvCommand.ANY_VERSION, ISSUER, keyId(k1),
            cutoff, System.currentTimeMillis(), "test: compromised"));
        long committed = System.nanoTime();
        assertTrue(revoked.ok());
        while (watcher.appliedIndex() < revoked.logIndex() && System.nanoTime() - committed < 10_000_000_000L) {
          Thread.onSpinWait();
        }
        long propagated = System.nanoTime() - committed;
        assertEquals(org.civictrust.kv.KeyState.REVOKED,
            watcher.issuer(ISSUER).orElseThrow().key(keyId(k1)).orElseThrow().state());
        watcher.close();

        // 3. Requests naming K1, one every 50 ms, until one is refused KEY_REVOKED (at most 10 s).
        Map<String, Long> sentAfterCommit = new HashMap<>();
        long firstRefusedAt = -1;
        for (int i = 0; i < 200 && firstRefusedAt < 0; i++) {
          String id = send(producer, "k1-after-" + i, keyId(k1));
          sentAfterCommit.put(id, System.nanoTime() - committed);
          Optional<Outcome> seen = outcomes.poll(Duration.ofMillis(50)).values().stream()
              .filter(o -> "KEY_REVOKED".equals(o.rejection())).findFirst();
          if (seen.isPresent()) {
            firstRefusedAt = sentAfterCommit.get(seen.get().requestId());
          }
          if (System.nanoTime() - committed > Duration.ofSeconds(10).toNanos()) {
            break;
          }
        }
        // Every K1 request after the commit has an outcome; after the bound, all are refused.
        long lastIssuedAfterCommit = -1;
        for (Map.Entry<String, Long> sent : sentAfterCommit.entrySet()) {
          Outcome outcome = outcomes.await(sent.getKey(), Duration.ofSeconds(30));
          if (outcome.issuedWith() != null) {
            lastIssuedAfterCommit = Math.max(lastIssuedAfterCommit, sent.getValue());
          } else {
            assertEquals("KEY_REVOKED", outcome.rejection());
            firstRefusedAt = firstRefusedAt < 0 ? sent.getValue() : Math.min(firstRefusedAt, sent.getValue());
          }
        }
        System.out.printf("revocation: a cache had it %.2f ms after the commit returned; the first request naming"
            + " the revoked key was refused when sent %.1f ms after; last one still issued: %s (bound %d ms)%n",
            propagated / 1e6, firstRefusedAt / 1e6,
            lastIssuedAfterCommit < 0 ? "none" : String.format("sent %.1f ms after", lastIssuedAfterCommit / 1e6),
            storeConfig.maxStaleness().toMillis());
        assertTrue(firstRefusedAt >= 0 && firstRefusedAt < Duration.ofSeconds(10).toNanos(),
            "refused within 10 s of the revocation");
        assertTrue(lastIssuedAfterCommit < storeConfig.maxStaleness().toNanos(),
            "nothing sent later than the bound after the revocation is issued with the revoked key");

        // 4. K2 keeps issuing, named or by default.
        String named = send(producer, "k2-named", keyId(k2));
        String byDefault = send(producer, "k2-default", null);
        assertEquals(keyId(k2), outcomes.await(named, Duration.ofSeconds(30)).issuedWith());
        assertEquals(keyId(k2), outcomes.await(byDefault, Duration.ofSeconds(30)).issuedWith());

        // 5. The K1 documents anchored through the pipeline read anchored in the store, through the
        // watermark the anchor recorder wrote (one write per checkpoint, no record per document).
        String origin = pipeline.logs().get(0).origin();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long highest = before.stream().mapToLong(id -> outcomes.get(id).leafIndex()).max().orElseThrow();
        Optional<WatermarkRecord> watermark = admin.watermark(origin);
        while ((watermark.isEmpty() || !watermark.get().anchors(highest)) && System.nanoTime() < deadline) {
          Thread.sleep(100);
          watermark = admin.watermark(origin);
        }
        assertTrue(watermark.isPresent() && watermark.get().anchors(highest), "watermark " + watermark);
        assertTrue(pipeline.anchoring().orElseThrow().watermarks() > 0);
        Hash first = outcomes.get(before.get(0)).documentHash();
        Optional<DocumentRecord> unrecorded = admin.document(first);
        assertTrue(unrecorded.isEmpty(), "documents are not recorded one by one");
        // A document recorded (as a later anchor failure would be) reads anchored through the watermark.
        Outcome recorded = outcomes.get(before.get(1));
        assertTrue(admin.submit(new KvCommand.RecordDocument("test-record", KvCommand.ABSENT, recorded.documentHash(),
            ISSUER, keyId(k1), origin, recorded.leafIndex(), cutoff - 1)).ok());
        assertEquals(DocumentState.ANCHORED, admin.document(recorded.documentHash()).orElseThrow().state());

        // 6. Offline: the K1 receipts against the store's signed revocation snapshot.
        SignerKey revocationKey = SignerKey.generate("civictrust.example/revocations", new SecureRandom());
        byte[] note = RevocationExport.read(admin, revocationKey.name(), System.currentTimeMillis()).sign(revocationKey);
        TrustStore published = pipeline.trustStore();
        TrustStore trust = TrustStore.of(published.logs(), published.issuers(), List.of(revocationKey.verifierKey()));
        ReceiptVerifier verifier = ReceiptVerifier.of(trust).withRevocations(
            RevocationSnapshot.open(note, trust.revocationKeys()));
        Map<String, org.civictrust.verifier.Receipt> receipts = receipts(kafka, before, Duration.ofSeconds(60));
        Instant verifiedAt = Instant.now();
        for (int i = 0; i < before.size(); i++) {
          Verdict verdict = verifier.verify(receipts.get(before.get(i)), verifiedAt);
          assertEquals(i < 3 ? Status.VERIFIED : Status.REVOKED, verdict.status(), i + ": " + verdict.explanation());
          assertEquals(i < 3 ? Optional.empty() : Optional.of(Check.REVOCATION), verdict.check());
        }
      }
    }
    System.out.printf("RevocationIT took %d ms%n", millisSince(started));
  }

  /** The receipts of {@code requestIds} from the receipts topic, as receipt files. */
  static Map<String, org.civictrust.verifier.Receipt> receipts(String kafka, List<String> requestIds, Duration timeout)
      throws RecordException {
    AvroCodec<Receipt> codec = AvroCodec.of(Receipt.class, 1 << 20);
    Map<String, org.civictrust.verifier.Receipt> found = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = LogAudit.consumer(kafka)) {
      consumer.subscribe(List.of(Topics.RECEIPTS));
      while (!found.keySet().containsAll(requestIds)) {
        assertTrue(System.nanoTime() < deadline, "receipts of " + found.keySet() + " only, in time");
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null) {
            Receipt receipt = codec.decodeSingleObject(record.value());
            found.put(receipt.getRequestId(), new org.civictrust.verifier.Receipt(Documents.bytes(receipt.getDocument()),
                Documents.bytes(receipt.getEntry()), receipt.getTlogProof()));
          }
        }
      }
    }
    return found;
  }

  static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  static String keyId(SignerKey key) {
    return String.format("%08x", key.keyId());
  }

  /** Sends a birth-certificate request naming {@code keyId} (or none), stamped now; returns its request id. */
  static String send(KafkaProducer<byte[], byte[]> producer, String label, String keyId) throws Exception {
    String requestId = label + "-" + UUID.randomUUID();
    long now = System.currentTimeMillis();
    byte[] documentId = new byte[16];
    new SecureRandom().nextBytes(documentId);
    IssuanceRequest request = IssuanceRequest.newBuilder().setRequestId(requestId).setIssuerId(ISSUER)
        .setIssuerKeyId(keyId).setDocumentId(ByteBuffer.wrap(documentId)).setDocumentType("birth-certificate")
        .setSubject("Ada Lovelace").setClaims(List.of(new Claim("birthPlace", "London")))
        .setExpiresAt(now + Duration.ofDays(3650).toMillis()).setRequestedAt(now).build();
    byte[] key = requestId.getBytes(StandardCharsets.UTF_8);
    producer.send(new ProducerRecord<>(Topics.REQUESTS, null, now, key, REQUEST.encodeSingleObject(request))).get();
    return requestId;
  }

  /** What became of one request: issued (with the signing key's ID, its hash and leaf) or rejected. */
  record Outcome(String requestId, String issuedWith, Hash documentHash, long leafIndex, long issuedAt,
      String rejection) {}

  /** Reads the issued and rejected topics, keeping each request's outcome. */
  static final class Outcomes implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Outcome> seen = new HashMap<>();
    private final Map<Integer, Long> leaves = new HashMap<>();

    Outcomes(String kafka) {
      consumer = LogAudit.consumer(kafka);
      consumer.subscribe(List.of(Topics.ISSUED, Topics.REJECTED));
    }

    /** The outcomes read by this poll, by request id. */
    Map<String, Outcome> poll(Duration timeout) throws RecordException {
      Map<String, Outcome> fresh = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
        if (record.value() == null) {
          continue;
        }
        Outcome outcome;
        if (record.topic().equals(Topics.ISSUED)) {
          IssuedDocument issued = ISSUED.decodeSingleObject(record.value());
          Document document = Documents.parseDocument(Documents.bytes(issued.getDocument()));
          IssuedEntry entry = Documents.parseEntry(Documents.bytes(issued.getEntry()));
          // One log, so documents are appended in the order of the issued topic's only partition.
          long leaf = leaves.merge(record.partition(), 1L, Long::sum) - 1;
          outcome = new Outcome(issued.getRequestId(), document.getIssuerKeyId(),
              Hash.of(Documents.bytes(entry.getDocumentHash())), leaf, document.getIssuedAt(), null);
        } else {
          Rejection rejection = REJECTION.decodeSingleObject(record.value());
          outcome = new Outcome(rejection.getRequestId(), null, null, -1, -1, rejection.getReason());
        }
        seen.put(outcome.requestId(), outcome);
        fresh.put(outcome.requestId(), outcome);
      }
      return fresh;
    }

    Outcome await(String requestId, Duration timeout) throws RecordException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!seen.containsKey(requestId)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no outcome for " + requestId + " within " + timeout);
        }
        poll(Duration.ofMillis(100));
      }
      return seen.get(requestId);
    }

    Outcome get(String requestId) {
      return seen.get(requestId);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
