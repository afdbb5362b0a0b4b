package org.civictrust.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.civictrust.tlog.MonitoredLog;
import org.civictrust.witness.Witness;
import org.civictrust.witness.WitnessClient;
import org.civictrust.witness.WitnessServer;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.DocumentStatus;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.Receipt;
import org.civictrust.anchor.WitnessPolicy;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.CosignerKey;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.NoteSignature;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.TlogProof;
import org.civictrust.verifier.ReceiptVerifier;
import org.civictrust.verifier.Status;
import org.civictrust.verifier.TrustStore;
import org.civictrust.verifier.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.schemas.Topics;

/**
 * The pipeline on a real KRaft broker, its sequencer requiring 2 of 3 real C2SP witnesses (served on
 * loopback by monitor-streams' {@link WitnessServer}). Every receipt carries a quorum of cosignatures
 * and verifies offline against the {@code trust.json} the pipeline wrote, which requires them. A
 * witness stopped while the quorum is still reachable changes nothing; with the quorum unreachable,
 * documents are sequenced but their receipts wait, and come once a witness is back. A witness shown a
 * fork refuses the log and does not count. No receipt is lost or doubled.
 */
class WitnessedPipelineIT {
  static final String ORIGIN = "civictrust.local/log/0";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Duration QUIET = Duration.ofSeconds(3);
  static final AvroCodec<Receipt> RECEIPT = AvroCodec.of(Receipt.class, 1 << 20);

  @TempDir
  Path dir;

  /** A witness on a loopback port of its own that it keeps across stops and starts. */
  static final class LoopbackWitness implements AutoCloseable {
    final CosignerKey key;
    final Witness witness;
    final int port;
    WitnessServer server;

    LoopbackWitness(String name, SignerKey logKey, Path state) throws IOException {
      key = CosignerKey.generate(name, new SecureRandom());
      witness = Witness.open(key, List.of(new MonitoredLog(ORIGIN, logKey.verifierKey())), state,
          () -> System.currentTimeMillis() / 1000);
      server = WitnessServer.start(witness, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "");
      port = server.port();
    }

    WitnessPolicy.Witness policyEntry() {
      return new WitnessPolicy.Witness(server.url(), key.verifierKey());
    }

    long cosignedSize() throws Exception {
      return Checkpoint.parse(Note.parse(witness.latestCosigned(ORIGIN).orElseThrow()).text()).treeSize();
    }

    void stop() {
      server.close();
    }

    void start() throws IOException {
      server = WitnessServer.start(witness, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), "");
    }

    @Override
    public void close() {
      server.close();
    }
  }

  @Test
  void receiptsCarryAQuorumOfCosignaturesAndWaitWithoutOneNoneLostOrDoubled() throws Exception {
    Path data = Files.createDirectories(dir.resolve("pipeline/keys")).getParent();
    SignerKey logKey = SignerKey.generate(ORIGIN, new SecureRandom());
    Files.writeString(data.resolve("keys/log-0.key"), logKey.format() + "\n");
    SignerKey civil = SignerKey.generate(DemoRequests.CIVIL_REGISTRY, new SecureRandom());
    SignerKey university = SignerKey.generate(DemoRequests.UNIVERSITY, new SecureRandom());
    List<DemoRequests.Request> requests = DemoRequests.mix(1_200, 0, System.currentTimeMillis(), 17);

    try (LoopbackWitness w1 = new LoopbackWitness("witness.example/w1", logKey, dir.resolve("w1"));
        LoopbackWitness w2 = new LoopbackWitness("witness.example/w2", logKey, dir.resolve("w2"));
        LoopbackWitness w3 = new LoopbackWitness("witness.example/w3", logKey, dir.resolve("w3"))) {
      WitnessPolicy policy = WitnessPolicy.of(List.of(w1.policyEntry(), w2.policyEntry(), w3.policyEntry()), 2);
      PipelineConfig config = PipelineConfig.defaults(data, DemoRequests.issuers(civil, university))
          .withCheckpoints(100, 250).withTilesPort(-1).withWitnessPolicy(policy);
      try (Pipeline pipeline = Pipeline.start(config);
          KafkaProducer<byte[], byte[]> producer = PipelineIT.producer(pipeline.bootstrapServers());
          Receipts receipts = new Receipts(pipeline.bootstrapServers())) {
        String kafka = pipeline.bootstrapServers();
        TrustStore trust = TrustStore.parse(Files.readAllBytes(data.resolve("trust.json")));
        assertEquals(2, trust.log(ORIGIN).orElseThrow().quorum(), "trust.json requires the quorum");
        assertEquals(policy.keys(), trust.log(ORIGIN).orElseThrow().witnessKeys());

        // All three witnesses up: every receipt carries at least two cosignatures.
        send(producer, requests.subList(0, 300));
        receipts.await(300);
        receipts.all.forEach(r -> assertTrue(receipts.cosigners(r).size() >= 2, "cosigned by " + receipts.cosigners(r)));

        // One witness stopped, the quorum still reachable: receipts go on, cosigned by the other two.
        w3.stop();
        send(producer, requests.subList(300, 600));
        receipts.await(600);
        receipts.all.subList(300, 600).forEach(r -> assertEquals(Set.of("witness.example/w1", "witness.example/w2"),
            receipts.cosigners(r)));

        // Two stopped, the quorum unreachable: the documents are sequenced, their receipts wait.
        w2.stop();
        send(producer, requests.subList(600, 900));
        awaitEntries(kafka, 900);
        assertEquals(600, receipts.settle(QUIET), "no receipt without a quorum");
        w2.start();
        receipts.await(900);

        // The third witness is shown a fork of the log and comes back: it refuses the log's checkpoints.
        showFork(w3, logKey, kafka);
        w3.start();
        w2.stop();
        send(producer, requests.subList(900, 1_200));
        awaitEntries(kafka, 1_200);
        assertEquals(900, receipts.settle(QUIET), "a witness that refuses does not count towards the quorum");
        w2.start();
        receipts.await(1_200);
        assertTrue(receipts.all.subList(900, 1_200).stream()
            .noneMatch(r -> receipts.cosigners(r).contains("witness.example/w3")), "the forked witness cosigned nothing");
        assertEquals(1_000, w3.cosignedSize(), "it still holds its fork");
        assertTrue(Files.readString(dir.resolve("w3/refused.log")).contains(" 422 "),
            "it refused the log's larger checkpoints as inconsistent with the fork");

        // Every receipt once, each verifying offline with the trust store that requires two witnesses.
        assertEquals(1_200, receipts.settle(Duration.ofSeconds(1)), "none doubled");
        assertEquals(1_200, receipts.all.stream().map(Receipt::getRequestId).distinct().count(), "none doubled");
        Set<String> issued = new HashSet<>();
        requests.forEach(r -> issued.add(r.requestId()));
        receipts.all.forEach(r -> assertTrue(issued.remove(r.getRequestId()), r.getRequestId()));
        assertEquals(Set.of(), issued, "none lost");
        ReceiptVerifier verifier = ReceiptVerifier.of(trust);
        Map<Status, Integer> byStatus = new HashMap<>();
        TrustStore allThree = TrustStore.of(List.of(new TrustStore.Log(ORIGIN, logKey.verifierKey(),
            trust.log(ORIGIN).orElseThrow().witnesses(), 3)), trust.issuers());
        for (Receipt receipt : receipts.all) {
          Verdict verdict = verifier.verify(file(receipt), Instant.now());
          assertEquals(Status.VERIFIED, verdict.status(), verdict.explanation());
          byStatus.merge(ReceiptVerifier.of(allThree).verify(file(receipt), Instant.now()).status(), 1, Integer::sum);
        }
        assertTrue(byStatus.getOrDefault(Status.UNWITNESSED, 0) >= 900,
            "requiring all three witnesses, the receipts made while one was down are unwitnessed: " + byStatus);
        AvroCodec<DocumentStatus> statuses = AvroCodec.of(DocumentStatus.class, 1 << 20);
        assertEquals(List.of(), LogAudit.readAll(kafka, Topics.STATUS).stream()
            .map(r -> PipelineIT.decode(statuses, r.value()).getStatus()).toList(), "all anchored before the timeout");
        Map<String, List<byte[]>> entries = LogAudit.entriesByLog(kafka);
        assertEquals(1_200, entries.get(ORIGIN).size(), "one leaf a document");
        assertTrue(LogAudit.checkCheckpoints(kafka, entries, Map.of(ORIGIN, logKey.verifierKey())) > 0);
      }
    }
  }

  static void send(KafkaProducer<byte[], byte[]> producer, List<DemoRequests.Request> requests) {
    requests.forEach(r -> producer.send(new ProducerRecord<>(Topics.REQUESTS, r.key(), r.value())));
    producer.flush();
  }

  static void awaitEntries(String kafka, int count) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (LogAudit.readAll(kafka, Topics.ENTRIES).size() < count) {
      assertTrue(System.nanoTime() < deadline, "the documents were not sequenced in time");
      Thread.sleep(200);
    }
  }

  /**
   * Shows {@code witness} a fork of the log of size 1000: the entries it cosigned, then others the log
   * never held, signed by the log's key (a log that equivocates). The witness cosigns it: it is
   * consistent with what the witness held.
   */
  static void showFork(LoopbackWitness witness, SignerKey logKey, String kafka) throws Exception {
    long held = witness.cosignedSize();
    List<byte[]> entries = LogAudit.entriesByLog(kafka).get(ORIGIN).subList(0, (int) held);
    MemoryTiles tiles = new MemoryTiles();
    CompactRange fork = CompactRange.empty(0);
    entries.forEach(e -> fork.append(Rfc9162.leafHash(e), tiles));
    for (long i = held; i < 1_000; i++) {
      fork.append(Rfc9162.leafHash(("a document the log shows one witness only " + i).getBytes(StandardCharsets.UTF_8)),
          tiles);
    }
    byte[] note = Notes.sign(Checkpoint.of(ORIGIN, fork.end(), fork.rootHash()).format(), logKey);
    witness.start();
    try {
      WitnessClient.create(witness.server.url(), witness.key.verifierKey(), Duration.ofSeconds(5))
          .addCheckpoint(held, ConsistencyProofs.prove(held, fork.end(), new TileHashReader(fork.end(), tiles)), note);
    } finally {
      witness.stop();
    }
    assertEquals(fork.end(), witness.cosignedSize());
  }

  static org.civictrust.verifier.Receipt file(Receipt receipt) {
    return new org.civictrust.verifier.Receipt(Documents.bytes(receipt.getDocument()), Documents.bytes(receipt.getEntry()),
        receipt.getTlogProof());
  }

  /** Every receipt on the receipts topic, in the order read, from one consumer that reads on. */
  static final class Receipts implements AutoCloseable {
    final KafkaConsumer<byte[], byte[]> consumer;
    final List<Receipt> all = new ArrayList<>();

    Receipts(String kafka) {
      consumer = LogAudit.consumer(kafka);
      consumer.subscribe(List.of(Topics.RECEIPTS));
    }

    void poll() {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        all.add(PipelineIT.decode(RECEIPT, r.value()));
      }
    }

    void await(int count) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (all.size() < count) {
        assertTrue(System.nanoTime() < deadline, "only " + all.size() + " of " + count + " receipts in time");
        poll();
      }
    }

    /** Reads for {@code quiet} and returns how many receipts there are then. */
    int settle(Duration quiet) {
      long until = System.nanoTime() + quiet.toNanos();
      while (System.nanoTime() < until) {
        poll();
      }
      return all.size();
    }

    Set<String> cosigners(Receipt receipt) {
      try {
        List<NoteSignature> lines = Note.parse(TlogProof.parse(receipt.getTlogProof()).signedCheckpoint()).signatures();
        Set<String> names = new HashSet<>();
        lines.forEach(l -> names.add(l.name()));
        names.remove(ORIGIN);
        return names;
      } catch (org.civictrust.tlog.VerificationException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
