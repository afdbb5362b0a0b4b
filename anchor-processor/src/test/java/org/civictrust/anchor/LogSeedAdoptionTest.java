package org.civictrust.anchor;

import static org.civictrust.anchor.SequencerTopologyTest.CHECKPOINT;
import static org.civictrust.anchor.SequencerTopologyTest.ENTRY;
import static org.civictrust.anchor.SequencerTopologyTest.ISSUED;
import static org.civictrust.anchor.SequencerTopologyTest.LOG_KEY;
import static org.civictrust.anchor.SequencerTopologyTest.ORIGIN;
import static org.civictrust.anchor.SequencerTopologyTest.RECEIPT;
import static org.civictrust.anchor.SequencerTopologyTest.REJECTION;
import static org.civictrust.anchor.SequencerTopologyTest.T0;
import static org.civictrust.anchor.SequencerTopologyTest.decodeAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.LogSeed;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.Rejection;
import org.civictrust.schemas.RejectionReason;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.TlogProof;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sequencer continues a log from a {@link LogSeed} on its input: it adopts a verified seed into an
 * empty log only, and the log then grows as the uninterrupted one would, tile for tile.
 */
class LogSeedAdoptionTest {
  private final List<TopologyTestDriver> drivers = new ArrayList<>();

  @AfterEach
  void closeDrivers() {
    drivers.forEach(TopologyTestDriver::close);
  }

  /** One sequencer of the log {@code ORIGIN}, signing a checkpoint every {@code everyEntries}. */
  final class Sequencer {
    final SequencerConfig config;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> input;

    Sequencer(int everyEntries) throws Exception {
      this(everyEntries, false);
    }

    Sequencer(int everyEntries, boolean awaitSeed) throws Exception {
      config = SequencerConfig.withStandardTopics(List.of(new LogIdentity(ORIGIN, LOG_KEY)), everyEntries, 0, 600_000)
          .withAwaitSeed(awaitSeed);
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "seed-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("seed-test").toString());
      driver = new TopologyTestDriver(SequencerTopology.build(config), props);
      drivers.add(driver);
      input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    void issue(int from, int to) throws Exception {
      for (int n = from; n < to; n++) {
        input.pipeInput(new TestRecord<>(("request-" + n).getBytes(StandardCharsets.UTF_8),
            SequencerTopologyTest.issuedDocument(n, T0 + n), Instant.ofEpochMilli(T0 + n)));
      }
    }

    void send(byte[] seed) {
      input.pipeInput(new TestRecord<>(ORIGIN.getBytes(StandardCharsets.UTF_8), seed, Instant.ofEpochMilli(T0)));
    }

    List<TestRecord<byte[], byte[]>> read(String topic) {
      return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
    }

    /** The sequencer's tile store: key (tile level || index) → the hashes it holds. */
    Map<Bytes, byte[]> tileStore() {
      KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(SequencerTopology.TILE_STORE);
      Map<Bytes, byte[]> tiles = new HashMap<>();
      try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
        while (all.hasNext()) {
          KeyValue<Bytes, byte[]> next = all.next();
          tiles.put(next.key, next.value);
        }
      }
      return tiles;
    }
  }

  /** The log of documents [0, size), built apart from any sequencer, and its checkpoint of that size. */
  static final class ReferenceLog {
    final CompactRange range = CompactRange.empty(0);
    final MemoryTiles tiles = new MemoryTiles();
    final List<byte[]> entries = new ArrayList<>();

    ReferenceLog(int size) throws Exception {
      grow(size);
    }

    void grow(int size) throws Exception {
      for (int n = entries.size(); n < size; n++) {
        byte[] entry = Documents.bytes(ISSUED.decodeSingleObject(SequencerTopologyTest.issuedDocument(n, T0 + n)).getEntry());
        entries.add(entry);
        range.append(Rfc9162.leafHash(entry), tiles);
      }
    }

    byte[] checkpoint(SignerKey key) {
      return Notes.sign(Checkpoint.of(ORIGIN, range.end(), range.rootHash()).format(), key);
    }

    LogSeed seed() throws Exception {
      return LogSeeds.of(ORIGIN, range, tiles, checkpoint(LOG_KEY));
    }

    TileHashReader hashes(long size) {
      return new TileHashReader(size, tiles);
    }
  }

  static byte[] encode(LogSeed seed) throws Exception {
    return LogSeeds.CODEC.encodeSingleObject(seed);
  }

  static LogSeed edit(LogSeed seed, UnaryOperator<LogSeed.Builder> change) {
    return change.apply(LogSeed.newBuilder(seed)).build();
  }

  static List<ByteBuffer> flipFirstByte(List<ByteBuffer> hashes, int which) {
    List<ByteBuffer> copy = new ArrayList<>();
    for (int i = 0; i < hashes.size(); i++) {
      byte[] bytes = Documents.bytes(hashes.get(i));
      if (i == which) {
        bytes[0] ^= 1;
      }
      copy.add(ByteBuffer.wrap(bytes));
    }
    return copy;
  }

  @Test
  void aSeededSequencerContinuesTheLogAsTheUninterruptedOneTileForTile() throws Exception {
    int seeded = 3 * 256 + 17;
    int total = 4 * 256 + 300;
    Sequencer uninterrupted = new Sequencer(100);
    uninterrupted.issue(0, total);
    ReferenceLog reference = new ReferenceLog(seeded);
    LogSeed seed = reference.seed();
    byte[] seedCheckpoint = reference.checkpoint(LOG_KEY);

    Sequencer restored = new Sequencer(100);
    restored.send(encode(seed));
    restored.issue(seeded, total);

    List<LogEntry> entries = decodeAll(ENTRY, restored.read(restored.config.entriesTopic()));
    assertEquals(total - seeded, entries.size());
    for (int i = 0; i < entries.size(); i++) {
      assertEquals(seeded + i, entries.get(i).getLeafIndex(), "leaf indexes continue at the seed's size");
    }
    reference.grow(total);
    Checkpoint old = Checkpoint.open(seedCheckpoint, ORIGIN, LOG_KEY.verifierKey());
    List<SignedCheckpoint> checkpoints = decodeAll(CHECKPOINT, restored.read(restored.config.checkpointsTopic()));
    assertEquals(seeded + 100, checkpoints.get(0).getTreeSize(), "checkpoints count from the seed's size");
    for (SignedCheckpoint signed : checkpoints) {
      Checkpoint next = Checkpoint.open(Documents.bytes(signed.getNote()), ORIGIN, LOG_KEY.verifierKey());
      ConsistencyProofs.check(old.treeSize(), next.treeSize(), old.rootHash(), next.rootHash(),
          ConsistencyProofs.prove(old.treeSize(), next.treeSize(), reference.hashes(next.treeSize())));
    }
    for (Receipt receipt : decodeAll(RECEIPT, restored.read(restored.config.receiptsTopic()))) {
      TlogProof.parse(receipt.getTlogProof()).verify(Rfc9162.leafHash(Documents.bytes(receipt.getEntry())), ORIGIN,
          LOG_KEY.verifierKey());
    }

    Map<Bytes, byte[]> expected = uninterrupted.tileStore();
    Map<Bytes, byte[]> actual = restored.tileStore();
    assertEquals(4, actual.size(), "tiles 0/3 (the seed's, grown full), 0/4, 0/5 (partial) and 1/0 (the seed's, grown)");
    for (Map.Entry<Bytes, byte[]> tile : actual.entrySet()) {
      assertArrayEquals(expected.get(tile.getKey()), tile.getValue(), "tile " + tile.getKey());
    }
    for (SignedCheckpoint signed : checkpoints) {
      assertEquals(CompactRange.read(0, signed.getTreeSize(), reference.hashes(signed.getTreeSize())).rootHash(),
          Hash.of(Documents.bytes(signed.getRootHash())), "the root of the uninterrupted log at that size");
    }
  }

  @Test
  void aSeedAtATileBoundaryCarriesAnEmptyPartialTileAndStillContinuesTheLog() throws Exception {
    ReferenceLog reference = new ReferenceLog(512);
    LogSeed seed = reference.seed();
    assertEquals(List.of(0, 64), seed.getPartialTiles().stream().map(ByteBuffer::remaining).toList());
    Sequencer restored = new Sequencer(10);
    restored.send(encode(seed));
    restored.issue(512, 522);
    SignedCheckpoint signed = decodeAll(CHECKPOINT, restored.read(restored.config.checkpointsTopic())).get(0);
    reference.grow(522);
    assertEquals(reference.range.rootHash(), Hash.of(Documents.bytes(signed.getRootHash())));
  }

  @Test
  void theSameSeedAgainIsIgnoredEvenAfterTheLogGrew() throws Exception {
    LogSeed seed = new ReferenceLog(40).seed();
    Sequencer restored = new Sequencer(5);
    restored.send(encode(seed));
    restored.issue(40, 45);
    restored.read(restored.config.checkpointsTopic());
    restored.read(restored.config.entriesTopic());
    Map<Bytes, byte[]> tilesBefore = restored.tileStore();
    restored.send(encode(seed));
    restored.issue(45, 50);
    assertEquals(List.of(), restored.read(restored.config.rejectedTopic()));
    assertEquals(List.of(45L, 46L, 47L, 48L, 49L), decodeAll(ENTRY, restored.read(restored.config.entriesTopic()))
        .stream().map(LogEntry::getLeafIndex).toList());
    assertEquals(List.of(50L), decodeAll(CHECKPOINT, restored.read(restored.config.checkpointsTopic())).stream()
        .map(SignedCheckpoint::getTreeSize).toList());
    assertEquals(tilesBefore.keySet(), restored.tileStore().keySet());
  }

  @Test
  void aSeedIntoALogThatHoldsLeavesIsRejectedAndTheLogGoesOn() throws Exception {
    Sequencer sequencer = new Sequencer(0);
    sequencer.issue(0, 1);
    byte[] seed = encode(new ReferenceLog(40).seed());
    sequencer.send(seed);
    sequencer.issue(1, 2);
    assertRejected(sequencer, seed, RejectionReason.SEED_LOG_NOT_EMPTY);
    assertEquals(List.of(0L, 1L), decodeAll(ENTRY, sequencer.read(sequencer.config.entriesTopic())).stream()
        .map(LogEntry::getLeafIndex).toList());
  }

  @Test
  void aLogAwaitingItsSeedRejectsDocumentsUntilTheSeedAndStartsNoTreeOfItsOwn() throws Exception {
    Sequencer sequencer = new Sequencer(1, true);
    sequencer.issue(0, 2);
    List<Rejection> early = decodeAll(REJECTION, sequencer.read(sequencer.config.rejectedTopic()));
    assertEquals(List.of("LOG_AWAITING_SEED", "LOG_AWAITING_SEED"), early.stream().map(Rejection::getReason).toList());
    assertEquals("request-0", early.get(0).getRequestId());
    assertArrayEquals(SequencerTopologyTest.issuedDocument(0, T0), Documents.bytes(early.get(0).getOriginalValue()),
        "the rejected document keeps its bytes");
    assertEquals(List.of(), sequencer.read(sequencer.config.entriesTopic()), "no leaf");
    assertEquals(List.of(), sequencer.read(sequencer.config.checkpointsTopic()), "no checkpoint under the log's key");

    sequencer.send(encode(new ReferenceLog(40).seed()));
    sequencer.issue(40, 42);
    assertEquals(List.of(), sequencer.read(sequencer.config.rejectedTopic()));
    assertEquals(List.of(40L, 41L), decodeAll(ENTRY, sequencer.read(sequencer.config.entriesTopic())).stream()
        .map(LogEntry::getLeafIndex).toList());
  }

  @Test
  void anotherSeedAfterOneWasAdoptedIsRejected() throws Exception {
    Sequencer sequencer = new Sequencer(0);
    sequencer.send(encode(new ReferenceLog(40).seed()));
    byte[] larger = encode(new ReferenceLog(41).seed());
    sequencer.send(larger);
    assertRejected(sequencer, larger, RejectionReason.SEED_LOG_NOT_EMPTY);
    sequencer.issue(40, 41);
    assertEquals(40L, decodeAll(ENTRY, sequencer.read(sequencer.config.entriesTopic())).get(0).getLeafIndex());
  }

  @Test
  void forgedSeedsAreRejectedWithTheirReasonAndTheOriginalBytesAndLeaveTheLogEmpty() throws Exception {
    ReferenceLog reference = new ReferenceLog(300);
    LogSeed good = reference.seed();
    SignerKey impostor = SignerKey.generate(ORIGIN, new SecureRandom(new byte[] {9}));
    SignerKey otherLog = SignerKey.generate("log.civictrust.example/1", new SecureRandom(new byte[] {1}));
    Map<RejectionReason, LogSeed> forged = new java.util.LinkedHashMap<>();
    forged.put(RejectionReason.SEED_BAD_CHECKPOINT,
        edit(good, b -> b.setCheckpoint(ByteBuffer.wrap(reference.checkpoint(impostor)))));
    forged.put(RejectionReason.SEED_WRONG_LOG, edit(good, b -> b.setOrigin("log.civictrust.example/1")
        .setCheckpoint(ByteBuffer.wrap(Notes.sign(Checkpoint.of("log.civictrust.example/1", 300,
            reference.range.rootHash()).format(), otherLog)))));
    forged.put(RejectionReason.SEED_ROOT_MISMATCH, edit(good, b -> b.setCompactRange(flipFirstByte(good.getCompactRange(), 1))));
    forged.put(RejectionReason.SEED_TILE_MISMATCH, edit(good, b -> b.setPartialTiles(flipFirstByte(good.getPartialTiles(), 0))));
    forged.put(RejectionReason.SEED_MALFORMED, edit(good, b -> b.setPartialTiles(good.getPartialTiles().subList(0, 1))));
    Sequencer sequencer = new Sequencer(0);
    for (Map.Entry<RejectionReason, LogSeed> seed : forged.entrySet()) {
      byte[] bytes = encode(seed.getValue());
      sequencer.send(bytes);
      assertRejected(sequencer, bytes, seed.getKey());
    }
    byte[] garbage = encode(good);
    garbage[garbage.length - 1] ^= (byte) 0xff;
    byte[] truncated = java.util.Arrays.copyOf(garbage, 30);
    sequencer.send(truncated);
    assertRejected(sequencer, truncated, RejectionReason.SEED_MALFORMED);

    sequencer.send(encode(good));
    sequencer.issue(300, 301);
    assertEquals(List.of(), sequencer.read(sequencer.config.rejectedTopic()), "the log was still empty");
    assertEquals(300L, decodeAll(ENTRY, sequencer.read(sequencer.config.entriesTopic())).get(0).getLeafIndex());
  }

  @Test
  void verifyNamesTheTlogReasonOfABadCheckpoint() throws Exception {
    ReferenceLog reference = new ReferenceLog(3);
    LogSeed seed = edit(reference.seed(), b -> b.setCheckpoint(ByteBuffer.wrap(
        reference.checkpoint(SignerKey.generate(ORIGIN, new SecureRandom(new byte[] {7}))))));
    SeedException e = assertThrows(SeedException.class, () -> LogSeeds.verify(seed, ORIGIN, LOG_KEY.verifierKey()));
    assertEquals(RejectionReason.SEED_BAD_CHECKPOINT, e.fault());
    assertEquals(org.civictrust.tlog.Reason.UNKNOWN_KEY, e.reason().orElseThrow());
    assertTrue(LogSeeds.isSeed(encode(reference.seed())));
  }

  @Test
  void aSeedIsRefusedOnlyForASeedReason() {
    assertEquals(RejectionReason.SEED_WRONG_LOG, new SeedException(RejectionReason.SEED_WRONG_LOG, "x").fault());
    assertThrows(IllegalArgumentException.class, () -> new SeedException(RejectionReason.MALFORMED, "x"));
    assertThrows(IllegalArgumentException.class, () -> new SeedException(RejectionReason.LOG_AWAITING_SEED, "x"));
  }

  static void assertRejected(Sequencer sequencer, byte[] original, RejectionReason fault) throws Exception {
    List<Rejection> rejections = decodeAll(REJECTION, sequencer.read(sequencer.config.rejectedTopic()));
    assertEquals(1, rejections.size(), fault.toString());
    assertEquals(fault.name(), rejections.get(0).getReason(), rejections.get(0).getMessage());
    assertArrayEquals(original, Documents.bytes(rejections.get(0).getOriginalValue()));
  }
}
