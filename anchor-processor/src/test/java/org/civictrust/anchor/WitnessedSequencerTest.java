package org.civictrust.anchor;

import static org.civictrust.anchor.SequencerTopologyTest.CHECKPOINT;
import static org.civictrust.anchor.SequencerTopologyTest.LOG_KEY;
import static org.civictrust.anchor.SequencerTopologyTest.ORIGIN;
import static org.civictrust.anchor.SequencerTopologyTest.RECEIPT;
import static org.civictrust.anchor.SequencerTopologyTest.STATUS;
import static org.civictrust.anchor.SequencerTopologyTest.T0;
import static org.civictrust.anchor.SequencerTopologyTest.decodeAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.civictrust.witness.WitnessClient;
import org.civictrust.witness.WitnessException;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.DocumentStatus;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.NoteSignature;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.TlogProof;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifierKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sequencer with a witness policy, against real C2SP witnesses on loopback: a checkpoint counts
 * only with a quorum of cosignatures, which it then carries to the checkpoints topic and into every
 * receipt; without a quorum nothing is published and nothing is lost.
 */
class WitnessedSequencerTest {
  @TempDir
  Path dir;

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
  }

  TestWitness witness(String name) throws IOException {
    TestWitness witness = TestWitness.start(name, LOG_KEY, dir.resolve(name.replace('/', '_')));
    opened.add(witness);
    return witness;
  }

  static WitnessPolicy policy(int quorum, Duration timeout, TestWitness... witnesses) {
    return new WitnessPolicy(List.of(witnesses).stream().map(TestWitness::policyEntry).toList(), quorum, timeout);
  }

  static List<VerifierKey> keys(TestWitness... witnesses) {
    return List.of(witnesses).stream().map(TestWitness::vkey).toList();
  }

  /** A sequencer of one log on a TopologyTestDriver. */
  final class Sequencer {
    final SequencerConfig config;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> input;

    Sequencer(int everyEntries, long intervalMillis, long anchorTimeoutMillis, WitnessPolicy policy) throws IOException {
      SequencerConfig plain = SequencerConfig.withStandardTopics(List.of(new LogIdentity(ORIGIN, LOG_KEY)), everyEntries,
          intervalMillis, anchorTimeoutMillis);
      config = policy == null ? plain : plain.withWitnessPolicy(policy);
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "witnessed-sequencer-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(dir, "state").toString());
      driver = new TopologyTestDriver(SequencerTopology.build(config), props);
      opened.add(driver);
      input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    void issue(int n, long at) throws Exception {
      input.pipeInput(new TestRecord<>(("request-" + n).getBytes(StandardCharsets.UTF_8),
          SequencerTopologyTest.issuedDocument(n, at), Instant.ofEpochMilli(at)));
    }

    void tick(long at) {
      input.pipeInput(new TestRecord<>((byte[]) null, (byte[]) null, Instant.ofEpochMilli(at)));
    }

    List<TestRecord<byte[], byte[]>> read(String topic) {
      return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
    }

    <T extends org.apache.avro.specific.SpecificRecord> List<T> read(AvroCodec<T> codec, String topic) throws Exception {
      return decodeAll(codec, read(topic));
    }
  }

  @Test
  void everyCheckpointAndReceiptCarriesAQuorumOfValidCosignatures() throws Exception {
    TestWitness w1 = witness("witness.example/w1");
    TestWitness w2 = witness("witness.example/w2");
    TestWitness w3 = witness("witness.example/w3");
    Sequencer s = new Sequencer(4, 0, 60_000, policy(2, Duration.ofSeconds(5), w1, w2, w3));
    for (int n = 0; n < 10; n++) {
      s.issue(n, T0 + n);
    }
    List<SignedCheckpoint> checkpoints = s.read(CHECKPOINT, s.config.checkpointsTopic());
    assertEquals(List.of(4L, 8L), checkpoints.stream().map(SignedCheckpoint::getTreeSize).toList());
    for (SignedCheckpoint signed : checkpoints) {
      byte[] note = Documents.bytes(signed.getNote());
      Checkpoint.open(note, ORIGIN, LOG_KEY.verifierKey(), keys(w1, w2, w3), 2);
      List<String> signers = Note.parse(note).signatures().stream().map(NoteSignature::name).toList();
      assertEquals(ORIGIN, signers.get(0), "the log's signature first");
      assertEquals(List.of("witness.example/w1", "witness.example/w2", "witness.example/w3").stream()
          .filter(signers::contains).toList(), signers.subList(1, signers.size()), "then the witnesses', in policy order");
    }
    List<Receipt> receipts = s.read(RECEIPT, s.config.receiptsTopic());
    assertEquals(8, receipts.size());
    for (Receipt receipt : receipts) {
      Checkpoint checkpoint = TlogProof.parse(receipt.getTlogProof()).verify(
          Rfc9162.leafHash(Documents.bytes(receipt.getEntry())), ORIGIN, LOG_KEY.verifierKey(), keys(w1, w2, w3), 2);
      assertTrue(checkpoint.treeSize() == 4 || checkpoint.treeSize() == 8);
    }
    assertEquals(8, Checkpoint.parse(Note.parse(w2.witness.latestCosigned(ORIGIN).orElseThrow()).text()).treeSize(),
        "the witness holds the latest checkpoint it cosigned");
  }

  @Test
  void withoutAQuorumNothingIsPublishedTheLeavesWaitAndFailThenAnchorOnceWhenTheWitnessIsBack() throws Exception {
    TestWitness w1 = witness("witness.example/w1");
    TestWitness w2 = witness("witness.example/w2");
    Sequencer s = new Sequencer(0, 250, 1_000, policy(2, Duration.ofSeconds(5), w1, w2));
    s.issue(0, T0);
    s.tick(T0 + 300);
    assertEquals(List.of(1L), s.read(CHECKPOINT, s.config.checkpointsTopic()).stream()
        .map(SignedCheckpoint::getTreeSize).toList());

    w2.stop();
    for (int n = 1; n <= 5; n++) {
      s.issue(n, T0 + 400 + n);
    }
    for (long t = T0 + 700; t <= T0 + 2_000; t += 100) {
      s.tick(t);
    }
    assertEquals(List.of(), s.read(s.config.checkpointsTopic()), "one witness of two: no checkpoint counts");
    assertEquals(1, s.read(s.config.receiptsTopic()).size(), "only the first document's receipt");
    List<DocumentStatus> failed = s.read(STATUS, s.config.statusTopic());
    assertEquals(List.of("request-1 ANCHOR_FAILED", "request-2 ANCHOR_FAILED", "request-3 ANCHOR_FAILED",
        "request-4 ANCHOR_FAILED", "request-5 ANCHOR_FAILED"), describe(failed), "after the anchor timeout, explicitly");

    w2.start();
    s.tick(T0 + 2_300);
    List<SignedCheckpoint> checkpoints = s.read(CHECKPOINT, s.config.checkpointsTopic());
    assertEquals(List.of(6L), checkpoints.stream().map(SignedCheckpoint::getTreeSize).toList());
    Checkpoint.open(Documents.bytes(checkpoints.get(0).getNote()), ORIGIN, LOG_KEY.verifierKey(), keys(w1, w2), 2);
    List<Receipt> receipts = s.read(RECEIPT, s.config.receiptsTopic());
    assertEquals(List.of("request-1", "request-2", "request-3", "request-4", "request-5"),
        receipts.stream().map(Receipt::getRequestId).toList(), "each waiting leaf once, none lost");
    assertEquals(List.of("request-1 ANCHORED", "request-2 ANCHORED", "request-3 ANCHORED", "request-4 ANCHORED",
        "request-5 ANCHORED"), describe(s.read(STATUS, s.config.statusTopic())));
    s.tick(T0 + 5_000);
    assertEquals(List.of(), s.read(s.config.receiptsTopic()), "nothing twice");
  }

  @Test
  void afterARoundWithoutQuorumTheNextIsDueAtTheNextTriggerCountedFromIt() throws Exception {
    TestWitness w1 = witness("witness.example/w1");
    Sequencer s = new Sequencer(3, 250, 60_000, policy(1, Duration.ofSeconds(5), w1));
    w1.stop();
    s.issue(0, T0);
    s.tick(T0 + 250);
    w1.start();
    s.tick(T0 + 499);
    s.issue(1, T0 + 499);
    assertEquals(List.of(), s.read(s.config.checkpointsTopic()), "neither 250 ms nor 3 entries since the failed round");
    s.tick(T0 + 500);
    assertEquals(List.of(2L), s.read(CHECKPOINT, s.config.checkpointsTopic()).stream()
        .map(SignedCheckpoint::getTreeSize).toList(), "250 ms after the failed round");

    w1.stop();
    s.issue(2, T0 + 600);
    s.tick(T0 + 850);
    s.issue(3, T0 + 860);
    w1.start();
    s.issue(4, T0 + 870);
    assertEquals(List.of(), s.read(s.config.checkpointsTopic()));
    s.issue(5, T0 + 880);
    assertEquals(List.of(6L), s.read(CHECKPOINT, s.config.checkpointsTopic()).stream()
        .map(SignedCheckpoint::getTreeSize).toList(), "3 entries after the failed round at size 3");
  }

  @Test
  void aWitnessShownAForkRefusesAndDoesNotCount() throws Exception {
    TestWitness w1 = witness("witness.example/w1");
    TestWitness w2 = witness("witness.example/w2");
    TestWitness forked = witness("witness.example/forked");
    byte[] fork = Notes.sign(Checkpoint.of(ORIGIN, 2, Rfc9162.leafHash(new byte[] {42})).format(), LOG_KEY);
    WitnessClient.create(forked.url(), forked.vkey(), Duration.ofSeconds(5)).addCheckpoint(0, List.of(), fork);

    Sequencer s = new Sequencer(4, 0, 60_000, policy(2, Duration.ofSeconds(5), w1, w2, forked));
    for (int n = 0; n < 8; n++) {
      s.issue(n, T0 + n);
    }
    List<SignedCheckpoint> checkpoints = s.read(CHECKPOINT, s.config.checkpointsTopic());
    assertEquals(List.of(4L, 8L), checkpoints.stream().map(SignedCheckpoint::getTreeSize).toList());
    for (SignedCheckpoint signed : checkpoints) {
      assertEquals(List.of(ORIGIN, "witness.example/w1", "witness.example/w2"),
          Note.parse(Documents.bytes(signed.getNote())).signatures().stream().map(NoteSignature::name).toList());
    }
    assertEquals(2, Checkpoint.parse(Note.parse(forked.witness.latestCosigned(ORIGIN).orElseThrow()).text()).treeSize(),
        "the forked witness still holds the fork it was shown");
    assertTrue(Files.readString(dir.resolve("witness.example_forked/refused.log")).contains(" 422 "),
        "it refused the log's checkpoints as inconsistent");

    Sequencer all = new Sequencer(4, 0, 60_000, policy(3, Duration.ofSeconds(5), w1, w2, forked));
    for (int n = 0; n < 8; n++) {
      all.issue(n, T0 + n);
    }
    assertEquals(List.of(), all.read(all.config.checkpointsTopic()), "a quorum of three needs the forked witness");
    assertEquals(List.of(), all.read(all.config.receiptsTopic()));
  }

  @Test
  void aQuorumDoesNotWaitForAWitnessThatNeverAnswers() throws Exception {
    TestWitness w1 = witness("witness.example/w1");
    TestWitness w2 = witness("witness.example/w2");
    try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(hung.accept());
          }
        } catch (IOException closed) {
          // The test is over.
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      VerifierKey hungKey = org.civictrust.tlog.CosignerKey.generate("witness.example/hung",
          new java.security.SecureRandom()).verifierKey();
      WitnessPolicy policy = new WitnessPolicy(List.of(w1.policyEntry(), w2.policyEntry(),
          new WitnessPolicy.Witness(URI.create("http://127.0.0.1:" + hung.getLocalPort()), hungKey)), 2,
          Duration.ofSeconds(20));
      Sequencer s = new Sequencer(2, 0, 60_000, policy);
      long started = System.nanoTime();
      for (int n = 0; n < 6; n++) {
        s.issue(n, T0 + n);
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertEquals(List.of(2L, 4L, 6L), s.read(CHECKPOINT, s.config.checkpointsTopic()).stream()
          .map(SignedCheckpoint::getTreeSize).toList());
      assertTrue(millis < 10_000, "three rounds took " + millis + " ms, not three 20 s timeouts");
      assertTrue(!accepted.isEmpty(), "the hung witness was asked");
    }
  }

  @Test
  void aSequencerContinuedFromASeedProvesConsistencyToTheWitnessesFromTheSeedsCheckpoint() throws Exception {
    TestWitness w1 = witness("witness.example/w1");
    TestWitness w2 = witness("witness.example/w2");
    WitnessPolicy policy = policy(2, Duration.ofSeconds(5), w1, w2);
    Sequencer lost = new Sequencer(300, 0, 600_000, policy);
    for (int n = 0; n < 300; n++) {
      lost.issue(n, T0 + n);
    }
    byte[] cosigned = Documents.bytes(lost.read(CHECKPOINT, lost.config.checkpointsTopic()).get(0).getNote());
    LogSeedAdoptionTest.ReferenceLog archived = new LogSeedAdoptionTest.ReferenceLog(300);
    byte[] seed = LogSeeds.CODEC.encodeSingleObject(
        LogSeeds.of(ORIGIN, archived.range, archived.tiles, cosigned));

    // The witnesses hold the checkpoint of size 300: the next one needs a consistency proof from it,
    // which the continued sequencer builds from the seed's partial tiles and the leaves after them.
    Sequencer continued = new Sequencer(10, 0, 600_000, policy);
    continued.input.pipeInput(new TestRecord<>(ORIGIN.getBytes(StandardCharsets.UTF_8), seed, Instant.ofEpochMilli(T0)));
    for (int n = 300; n < 310; n++) {
      continued.issue(n, T0 + n);
    }
    List<SignedCheckpoint> checkpoints = continued.read(CHECKPOINT, continued.config.checkpointsTopic());
    assertEquals(List.of(310L), checkpoints.stream().map(SignedCheckpoint::getTreeSize).toList());
    Checkpoint.open(Documents.bytes(checkpoints.get(0).getNote()), ORIGIN, LOG_KEY.verifierKey(), keys(w1, w2), 2);
    assertEquals(310, Checkpoint.parse(Note.parse(w1.witness.latestCosigned(ORIGIN).orElseThrow()).text()).treeSize());
  }

  @Test
  void aWitnessHoldingASizeBelowTheSeedsDoesNotCosignAndTheQuorumStillCounts() throws Exception {
    TestWitness w1 = witness("witness.example/w1");
    TestWitness w2 = witness("witness.example/w2");
    WitnessPolicy policy = policy(1, Duration.ofSeconds(5), w1, w2);
    Sequencer lost = new Sequencer(100, 0, 600_000, policy);
    for (int n = 0; n < 100; n++) {
      lost.issue(n, T0 + n);
    }
    w2.stop();
    for (int n = 100; n < 300; n++) {
      lost.issue(n, T0 + n);
    }
    List<SignedCheckpoint> published = lost.read(CHECKPOINT, lost.config.checkpointsTopic());
    assertEquals(List.of(100L, 200L, 300L), published.stream().map(SignedCheckpoint::getTreeSize).toList());
    w2.start();
    LogSeedAdoptionTest.ReferenceLog archived = new LogSeedAdoptionTest.ReferenceLog(300);
    byte[] seed = LogSeeds.CODEC.encodeSingleObject(LogSeeds.of(ORIGIN, archived.range, archived.tiles,
        Documents.bytes(published.get(2).getNote())));

    // w2 holds size 100: a proof from there needs tile 0/0, which a log continued from 300 does not hold.
    Sequencer continued = new Sequencer(10, 0, 600_000, policy);
    continued.input.pipeInput(new TestRecord<>(ORIGIN.getBytes(StandardCharsets.UTF_8), seed, Instant.ofEpochMilli(T0)));
    for (int n = 300; n < 310; n++) {
      continued.issue(n, T0 + n);
    }
    List<SignedCheckpoint> checkpoints = continued.read(CHECKPOINT, continued.config.checkpointsTopic());
    assertEquals(List.of(310L), checkpoints.stream().map(SignedCheckpoint::getTreeSize).toList());
    byte[] note = Documents.bytes(checkpoints.get(0).getNote());
    Checkpoint.open(note, ORIGIN, LOG_KEY.verifierKey(), keys(w1), 1);
    assertEquals(List.of(ORIGIN, "witness.example/w1"),
        Note.parse(note).signatures().stream().map(NoteSignature::name).toList());
    assertEquals(100, Checkpoint.parse(Note.parse(w2.witness.latestCosigned(ORIGIN).orElseThrow()).text()).treeSize());
  }

  @Test
  void aCheckpointAskedAgainAfterACrashIsCosignedAgainWithTheSameLogSignature() throws Exception {
    TestWitness w1 = witness("witness.example/w1");
    TestWitness w2 = witness("witness.example/w2");
    WitnessPolicy policy = policy(2, Duration.ofSeconds(5), w1, w2);
    List<byte[]> notes = new ArrayList<>();
    List<List<Receipt>> receipts = new ArrayList<>();
    // The second sequencer starts from an empty state, as one whose transaction was aborted after the
    // witnesses had cosigned: they answer 409 with the size they hold, and cosign it again.
    for (int run = 0; run < 2; run++) {
      Sequencer s = new Sequencer(5, 0, 60_000, policy);
      for (int n = 0; n < 5; n++) {
        s.issue(n, T0 + n);
      }
      List<SignedCheckpoint> checkpoints = s.read(CHECKPOINT, s.config.checkpointsTopic());
      assertEquals(1, checkpoints.size(), "run " + run);
      notes.add(Documents.bytes(checkpoints.get(0).getNote()));
      receipts.add(s.read(RECEIPT, s.config.receiptsTopic()));
    }
    for (byte[] note : notes) {
      Checkpoint.open(note, ORIGIN, LOG_KEY.verifierKey(), keys(w1, w2), 2);
    }
    assertArrayEquals(logSigned(notes.get(0)), logSigned(notes.get(1)), "the log's own note is the same bytes");
    assertEquals(5, receipts.get(1).size());
    for (int i = 0; i < 5; i++) {
      assertEquals(withoutCosignatures(receipts.get(0).get(i)), withoutCosignatures(receipts.get(1).get(i)));
    }
  }

  @Test
  void withEveryWitnessAnsweringTheOutputIsTheUnwitnessedOutputPlusCosignatures() throws Exception {
    TestWitness w1 = witness("witness.example/w1");
    TestWitness w2 = witness("witness.example/w2");
    List<List<byte[]>> runs = new ArrayList<>();
    for (WitnessPolicy policy : java.util.Arrays.asList(policy(2, Duration.ofSeconds(5), w1, w2), null)) {
      Sequencer s = new Sequencer(4, 300, 60_000, policy);
      for (int n = 0; n < 30; n++) {
        s.issue(n, T0 + 37L * n);
      }
      s.tick(T0 + 10_000);
      List<byte[]> outputs = new ArrayList<>();
      s.read(s.config.entriesTopic()).forEach(r -> outputs.add(r.value()));
      for (SignedCheckpoint checkpoint : s.read(CHECKPOINT, s.config.checkpointsTopic())) {
        outputs.add(CHECKPOINT.encodeSingleObject(new SignedCheckpoint(checkpoint.getOrigin(), checkpoint.getTreeSize(),
            checkpoint.getRootHash(), java.nio.ByteBuffer.wrap(logSigned(Documents.bytes(checkpoint.getNote()))))));
      }
      for (Receipt receipt : s.read(RECEIPT, s.config.receiptsTopic())) {
        outputs.add(RECEIPT.encodeSingleObject(withoutCosignatures(receipt)));
      }
      s.read(s.config.statusTopic()).forEach(r -> outputs.add(r.value()));
      runs.add(outputs);
    }
    assertEquals(runs.get(1).size(), runs.get(0).size());
    for (int i = 0; i < runs.get(0).size(); i++) {
      assertArrayEquals(runs.get(1).get(i), runs.get(0).get(i), "output " + i);
    }
    assertTrue(runs.get(0).size() > 30 * 2);
  }

  @Test
  void aPolicyFollowsTheWitnessRulesOfTlogPolicy() throws Exception {
    TestWitness w1 = witness("witness.example/w1");
    TestWitness w2 = witness("witness.example/w2");
    assertThrows(IllegalArgumentException.class, () -> policy(0, Duration.ofSeconds(1), w1, w2));
    assertThrows(IllegalArgumentException.class, () -> policy(3, Duration.ofSeconds(1), w1, w2));
    assertThrows(IllegalArgumentException.class, () -> policy(1, Duration.ZERO, w1));
    assertThrows(IllegalArgumentException.class, () -> policy(1, Duration.ofSeconds(1), w1, w1), "a key twice");
    assertThrows(IllegalArgumentException.class, () -> new WitnessPolicy.Witness(w1.url(), LOG_KEY.verifierKey()),
        "a note key is not a cosigner key");
    assertThrows(IllegalArgumentException.class, () -> new WitnessPolicy.Witness(URI.create("ftp://host/"), w1.vkey()));
    assertThrows(IllegalArgumentException.class, () -> new WitnessPolicy(List.of(), 1, Duration.ofSeconds(1)));
    // A fresh witness that never cosigned answers a checkpoint from an unknown log with 404, not a cosignature.
    byte[] other = Notes.sign(Checkpoint.of("log.civictrust.example/other", 1, Hash.of(new byte[32])).format(),
        org.civictrust.tlog.SignerKey.generate("log.civictrust.example/other", new java.security.SecureRandom()));
    WitnessException refused = assertThrows(WitnessException.class,
        () -> WitnessClient.create(w1.url(), w1.vkey(), Duration.ofSeconds(5)).addCheckpoint(0, List.of(), other));
    assertEquals(WitnessException.Kind.UNKNOWN_LOG, refused.kind());
  }

  static List<String> describe(List<DocumentStatus> statuses) {
    return statuses.stream().map(s -> s.getRequestId() + " " + s.getStatus()).collect(Collectors.toList());
  }

  /** The note with the log's signature only. */
  static byte[] logSigned(byte[] note) throws VerificationException {
    Note parsed = Note.parse(note);
    List<NoteSignature> log = parsed.signatures().stream().filter(sig -> sig.name().equals(ORIGIN)).toList();
    if (log.size() != 1) {
      throw new VerificationException(Reason.UNKNOWN_KEY, "one signature by the log, not " + log.size());
    }
    return new Note(parsed.text(), log).format();
  }

  static Receipt withoutCosignatures(Receipt receipt) throws VerificationException {
    TlogProof proof = TlogProof.parse(receipt.getTlogProof());
    String stripped = TlogProof.of(proof.index(), proof.hashes(), logSigned(proof.signedCheckpoint())).format();
    return Receipt.newBuilder(receipt).setTlogProof(stripped).build();
  }
}
