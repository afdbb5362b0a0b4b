package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.civictrust.connect.ArchiveLayout;
import org.civictrust.connect.ArchiveSnapshot;
import org.civictrust.connect.DirectoryStore;
import org.civictrust.platform.DemoRequests;
import org.civictrust.platform.Pipeline;
import org.civictrust.platform.PipelineConfig;
import org.civictrust.schemas.Topics;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.LogEntry;
import org.civictrust.schemas.LogSeed;
import org.civictrust.schemas.Rejection;
import org.civictrust.schemas.RejectionReason;
import org.civictrust.schemas.SignedCheckpoint;
import org.civictrust.anchor.LogSeeds;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.VerifierKey;
import org.civictrust.verifier.TrustStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.schemas.TopicReader;

/**
 * A lost deployment continues the same log from its archive. Deployment 1 (a pipeline on its own
 * embedded broker) issues documents and is archived ({@code civictrust replay}, which writes the
 * tlog-tiles layout of the archive sink, with deployment 1's own signed checkpoint); then deployment 1
 * is discarded, keys aside. Deployment 2, a fresh broker with the same log key and origin, is
 * restored with {@code archive restore --publish} and issues more documents: its leaves continue at
 * N, its checkpoints are consistent with deployment 1's last one, its receipts verify against the same
 * trust store, its tile server serves the tiles of the uninterrupted log; a second restore is refused,
 * the same seed again changes nothing, forged seeds are rejected with their reasons.
 */
class RestoreIT {
  static final int BEFORE = 300;
  static final int AFTER = 200;
  static final Duration RECEIPTS_TIMEOUT = Duration.ofSeconds(90);
  static final AvroCodec<LogEntry> ENTRY = AvroCodec.of(LogEntry.class, 1 << 20);
  static final AvroCodec<SignedCheckpoint> CHECKPOINT = AvroCodec.of(SignedCheckpoint.class, 1 << 20);
  static final AvroCodec<Rejection> REJECTION = AvroCodec.of(Rejection.class, 4 << 20);

  @TempDir
  Path dir;

  @Test
  void aLostDeploymentContinuesTheSameLogFromItsArchive() throws Exception {
    SignerKey civil = SignerKey.generate(DemoRequests.CIVIL_REGISTRY, new SecureRandom());
    SignerKey university = SignerKey.generate(DemoRequests.UNIVERSITY, new SecureRandom());
    Path first = dir.resolve("deployment-1");
    Path archive = dir.resolve("archive");
    Path keys = dir.resolve("kept-keys");
    Path trust = dir.resolve("trust.json");
    String origin;
    byte[] lastCheckpoint;
    try (Pipeline deployment = Pipeline.start(config(first, civil, university).withTilesPort(-1))) {
      origin = deployment.logs().get(0).origin();
      issue(deployment.bootstrapServers(), DemoRequests.mix(BEFORE, 0, System.currentTimeMillis(), 1));
      awaitReceipts(deployment.bootstrapServers(), BEFORE, dir.resolve("receipts-1"));
      assertExit(0, CliRunner.run("replay", "--bootstrap", deployment.bootstrapServers(), "--trust",
          first.resolve("trust.json").toString(), "--out", archive.toString()));
      lastCheckpoint = Files.readAllBytes(archive.resolve(ArchiveLayout.logPrefix(origin)).resolve("checkpoint"));
    }
    copyTree(first.resolve("keys"), keys);
    Files.copy(first.resolve("trust.json"), trust);
    deleteTree(first);
    VerifierKey logKey = TrustStore.parse(Files.readAllBytes(trust)).log(origin).orElseThrow().vkey();
    Checkpoint archived = Checkpoint.open(lastCheckpoint, origin, logKey);
    assertEquals(BEFORE, archived.treeSize(), "every leaf of deployment 1 is under its last checkpoint");

    Path second = dir.resolve("deployment-2");
    copyTree(keys, second.resolve("keys"));
    try (Pipeline deployment = Pipeline.start(config(second, civil, university).withTilesPort(0).withAwaitSeed(true))) {
      String kafka = deployment.bootstrapServers();
      ClusterOptions.writeBootstrap(second, kafka);
      assertEquals(TrustStore.parse(Files.readAllBytes(trust)), deployment.trustStore(), "the same log, the same key");
      // An issuer that does not wait: its document reaches the empty log before the seed. The restoring
      // deployment rejects it (no second tree under the log's key) and the restore still goes through.
      issue(kafka, DemoRequests.mix(1, 0, System.currentTimeMillis(), 3));
      assertEquals("LOG_AWAITING_SEED", awaitRejection(kafka).getReason());

      CliRunner.Result restored = CliRunner.run("archive", "restore", "--publish", "--data", second.toString(),
          "--trust", trust.toString(), archive.toString());
      assertExit(0, restored);
      JsonNode verdict = Json.MAPPER.readTree(restored.out());
      assertEquals("RESTORED", verdict.get("verdict").asText(), restored.out());
      assertEquals(BEFORE, verdict.get("treeSize").asLong());
      assertEquals(0, verdict.get("partition").asInt());

      CliRunner.Result again = CliRunner.run("archive", "restore", "--publish", "--data", second.toString(),
          "--trust", trust.toString(), archive.toString());
      assertExit(Main.FAILED, again);
      assertEquals("REFUSED", Json.MAPPER.readTree(again.out()).get("verdict").asText());
      assertEquals("LOG_NOT_EMPTY", Json.MAPPER.readTree(again.out()).get("reason").asText());

      issue(kafka, DemoRequests.mix(AFTER, 0, System.currentTimeMillis(), 2));
      Path receipts = dir.resolve("receipts-2");
      List<String> files = awaitReceipts(kafka, AFTER, receipts);

      // The same seed again, and two forged ones, straight onto the sequencer's input.
      LogSeed seed;
      try (DirectoryStore store = DirectoryStore.open(archive)) {
        ArchiveSnapshot snapshot = ArchiveSnapshot.restore(store, ArchiveLayout.logPrefix(origin), origin, logKey);
        seed = LogSeeds.of(origin, snapshot.compactRange(), snapshot.tiles(), snapshot.signedCheckpoint());
      }
      SignerKey impostor = SignerKey.generate(origin, new SecureRandom());
      LogSeed badSignature = LogSeed.newBuilder(seed).setCheckpoint(ByteBuffer.wrap(
          Notes.sign(Checkpoint.of(origin, BEFORE, archived.rootHash()).format(), impostor))).build();
      List<ByteBuffer> range = new ArrayList<>(seed.getCompactRange());
      byte[] changed = Documents.bytes(range.get(0));
      changed[7] ^= 1;
      range.set(0, ByteBuffer.wrap(changed));
      LogSeed wrongRange = LogSeed.newBuilder(seed).setCompactRange(range).build();
      List<Long> offsets = send(kafka, List.of(seed, badSignature, wrongRange));
      Map<Long, String> rejected = awaitSeedRejections(kafka, 2);
      assertEquals(Map.of(offsets.get(1), RejectionReason.SEED_BAD_CHECKPOINT.name(),
          offsets.get(2), RejectionReason.SEED_ROOT_MISMATCH.name()), rejected,
          "the forged seeds are rejected with their reasons; the same seed again is not rejected, it is ignored");

      // Leaf indexes continue at N: the archived entries republished, then deployment 2's own.
      List<LogEntry> entries = new ArrayList<>();
      readPartition(kafka, Topics.ENTRIES, r -> entries.add(ENTRY.decodeSingleObject(r.value())));
      assertEquals(BEFORE + AFTER, entries.size());
      MemoryTiles uninterrupted = new MemoryTiles();
      CompactRange tree = CompactRange.empty(0);
      for (int i = 0; i < entries.size(); i++) {
        assertEquals(i, entries.get(i).getLeafIndex());
        assertEquals(i < BEFORE, entries.get(i).getRequestId().equals("restored:" + i), entries.get(i).getRequestId());
        tree.append(Rfc9162.leafHash(Documents.bytes(entries.get(i).getEntry())), uninterrupted);
      }

      // Every checkpoint after the archived one is provably consistent with it.
      List<Checkpoint> checkpoints = new ArrayList<>();
      List<byte[]> notes = new ArrayList<>();
      readPartition(kafka, Topics.CHECKPOINTS, r -> notes.add(Documents.bytes(CHECKPOINT.decodeSingleObject(r.value()).getNote())));
      assertArrayEquals(lastCheckpoint, notes.get(0), "the archived checkpoint is republished first");
      for (byte[] note : notes) {
        checkpoints.add(Checkpoint.open(note, origin, logKey));
      }
      Checkpoint latest = checkpoints.get(checkpoints.size() - 1);
      assertEquals(BEFORE + AFTER, latest.treeSize(), "every new leaf is anchored");
      for (Checkpoint next : checkpoints.subList(1, checkpoints.size())) {
        assertTrue(next.treeSize() > BEFORE);
        ConsistencyProofs.check(BEFORE, next.treeSize(), archived.rootHash(), next.rootHash(),
            ConsistencyProofs.prove(BEFORE, next.treeSize(), new TileHashReader(next.treeSize(), uninterrupted)));
      }

      // The new receipts verify offline against the trust store of deployment 1.
      List<String> verify = new ArrayList<>(List.of("verify", "--json", "--trust", trust.toString()));
      verify.addAll(files);
      CliRunner.Result verdicts = CliRunner.run(verify.toArray(String[]::new));
      assertExit(0, verdicts);
      assertEquals(AFTER, verdicts.out().lines().count());
      for (String line : verdicts.out().lines().toList()) {
        assertEquals("VERIFIED", Json.MAPPER.readTree(line).get("status").asText(), line);
      }

      // Deployment 2 serves the tiles of the uninterrupted log.
      HttpClient http = HttpClient.newHttpClient();
      String base = deployment.tilesUrl() + "/" + origin + "/";
      byte[] served = awaitCheckpoint(http, base, latest.treeSize(), logKey, origin);
      assertArrayEquals(notes.get(notes.size() - 1), served);
      List<Tile> tiles = Tile.tilesForSize(latest.treeSize());
      assertTrue(tiles.size() >= 3, tiles.toString());
      for (Tile tile : tiles) {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + tile.path())).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), tile.path());
        assertArrayEquals(uninterrupted.readTile(tile), response.body(), tile.path());
      }
    }
  }

  static PipelineConfig config(Path data, SignerKey civil, SignerKey university) {
    return PipelineConfig.defaults(data, DemoRequests.issuers(civil, university)).withCheckpoints(100, 250);
  }

  static void issue(String kafka, List<DemoRequests.Request> requests) {
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      for (DemoRequests.Request request : requests) {
        assertEquals("ISSUED", request.expected());
        producer.send(new ProducerRecord<>(Topics.REQUESTS, request.key(), request.value()));
      }
    }
  }

  static List<String> awaitReceipts(String kafka, int count, Path out) throws Exception {
    assertExit(0, CliRunner.run("receipts", "--bootstrap", kafka, "--out", out.toString(), "--wait",
        Integer.toString(count), "--timeout", RECEIPTS_TIMEOUT.toString()));
    try (Stream<Path> files = Files.list(out)) {
      List<String> names = files.map(Path::toString).filter(f -> f.endsWith(".json")).sorted().toList();
      assertEquals(count, names.size());
      return names;
    }
  }

  /** Sends seeds to the log's partition of the sequencer's input; returns their offsets. */
  static List<Long> send(String kafka, List<LogSeed> seeds) throws Exception {
    List<Long> offsets = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      for (LogSeed seed : seeds) {
        offsets.add(producer.send(new ProducerRecord<>(Topics.ISSUED, 0, seed.getOrigin().getBytes(StandardCharsets.UTF_8),
            LogSeeds.CODEC.encodeSingleObject(seed))).get().offset());
      }
    }
    return offsets;
  }

  /** Waits for the first rejection of a document (not a seed) by the sequencer. */
  static Rejection awaitRejection(String kafka) throws Exception {
    long deadline = System.nanoTime() + RECEIPTS_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      List<Rejection> found = new ArrayList<>();
      try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(kafka)) {
        TopicReader.readToEnd(consumer, TopicReader.assignFromBeginning(consumer, Topics.REJECTED), r -> {
          try {
            Rejection rejection = REJECTION.decodeSingleObject(r.value());
            if (rejection.getSourceTopic().equals(Topics.ISSUED) && !rejection.getReason().startsWith("SEED_")) {
              found.add(rejection);
            }
          } catch (org.civictrust.schemas.RecordException e) {
            throw new AssertionError(e);
          }
        });
      }
      if (!found.isEmpty()) {
        return found.get(0);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no document rejected by the sequencer within " + RECEIPTS_TIMEOUT);
  }

  /** Waits for {@code count} seed rejections; returns each one's source offset and reason. */
  static Map<Long, String> awaitSeedRejections(String kafka, int count) throws Exception {
    long deadline = System.nanoTime() + RECEIPTS_TIMEOUT.toNanos();
    while (true) {
      Map<Long, String> found = new HashMap<>();
      try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(kafka)) {
        TopicReader.readToEnd(consumer, TopicReader.assignFromBeginning(consumer, Topics.REJECTED), r -> {
          try {
            Rejection rejection = REJECTION.decodeSingleObject(r.value());
            if (rejection.getReason().startsWith("SEED_")) {
              assertEquals(Topics.ISSUED, rejection.getSourceTopic());
              found.put(rejection.getSourceOffset(), rejection.getReason());
            }
          } catch (org.civictrust.schemas.RecordException e) {
            throw new AssertionError(e);
          }
        });
      }
      if (found.size() >= count || System.nanoTime() > deadline) {
        return found;
      }
      Thread.sleep(200);
    }
  }

  interface Handler {
    void accept(ConsumerRecord<byte[], byte[]> record) throws Exception;
  }

  /** Every committed record of partition 0 of {@code topic}, in order. */
  static void readPartition(String kafka, String topic, Handler handler) throws Exception {
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(kafka)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      TopicReader.readToEnd(consumer, consumer.endOffsets(List.of(partition)), records::add);
      for (ConsumerRecord<byte[], byte[]> record : records) {
        handler.accept(record);
      }
    }
  }

  static byte[] awaitCheckpoint(HttpClient http, String base, long size, VerifierKey key, String origin)
      throws Exception {
    long deadline = System.nanoTime() + RECEIPTS_TIMEOUT.toNanos();
    while (true) {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + "checkpoint")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 200 && Checkpoint.open(response.body(), origin, key).treeSize() == size) {
        return response.body();
      }
      assertTrue(System.nanoTime() < deadline, "the tile server did not reach size " + size);
      Thread.sleep(200);
    }
  }

  static KafkaProducer<byte[], byte[]> producer(String kafka) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props);
  }

  static void assertExit(int expected, CliRunner.Result result) {
    assertEquals(expected, result.exitCode(), result.out() + result.err());
  }

  static void copyTree(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }

  static void deleteTree(Path root) throws Exception {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
