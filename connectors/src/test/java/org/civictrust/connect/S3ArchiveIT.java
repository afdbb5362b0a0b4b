package org.civictrust.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.civictrust.platform.EmbeddedBroker;
import org.civictrust.tlog.Checkpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import org.civictrust.tlog.testing.Await;

/**
 * The archive in an S3-compatible bucket: {@link S3Store} against a real s3proxy (conditional writes
 * and the check-then-write fallback), then the archive sink in a real Connect worker on the embedded
 * broker archiving a log of 20,000 entries to the bucket while the S3 server goes down and comes back.
 */
class S3ArchiveIT {
  static final String BUCKET = "civictrust-archive";
  static final String ENTRIES = "s3.log.entries";
  static final String CHECKPOINTS = "s3.log.checkpoints";
  static final SyntheticLog LOG = SyntheticLog.of("s3.civictrust.example/log/0", 300, 20_000);

  static Path work;
  static S3Proxy s3;

  @BeforeAll
  static void startS3() throws Exception {
    work = Path.of(System.getProperty("it.work", "target/it-work")).resolve("s3-" + System.currentTimeMillis());
    Files.createDirectories(work);
    s3 = S3Proxy.start(work.resolve("s3proxy"));
    try (S3Client client = s3.client()) {
      client.createBucket(b -> b.bucket(BUCKET));
    }
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theStoreWritesOnceAndSwapsTheCheckpointWithConditionalWrites() throws Exception {
    try (S3Store store = S3Store.open(BUCKET, "store-test/conditional", s3.settings()
        .withConditionalWrites(S3Settings.ConditionalWrites.REQUIRED))) {
      assertTrue(store.conditionalWrites(), "s3proxy 3.1 honours If-None-Match");
      assertPromisesKept(store);
    }
  }

  @Test
  void theStoreKeepsTheSamePromisesCheckingBeforeWritingWhereConditionalWritesAreOff() throws Exception {
    try (S3Store store = S3Store.open(BUCKET, "store-test/unconditional/", s3.settings()
        .withConditionalWrites(S3Settings.ConditionalWrites.OFF))) {
      assertFalse(store.conditionalWrites());
      assertTrue(store.writeMode().contains("racy"), "the operator is told: " + store.writeMode());
      assertPromisesKept(store);
    }
  }

  static void assertPromisesKept(S3Store store) throws Exception {
    assertEquals(ArchiveStore.Write.CREATED, store.createIfAbsent("log/tile/0/000", bytes("tile")));
    assertEquals(ArchiveStore.Write.UNCHANGED, store.createIfAbsent("log/tile/0/000", bytes("tile")));
    assertEquals(ArchiveStore.Write.CONFLICT, store.createIfAbsent("log/tile/0/000", bytes("other")));
    assertArrayEquals(bytes("tile"), store.read("log/tile/0/000"));
    assertEquals(Map.of("log/tile/0/000", ArchiveStore.Write.UNCHANGED, "log/tile/0/001", ArchiveStore.Write.CREATED),
        store.createAllIfAbsent(Map.of("log/tile/0/000", bytes("tile"), "log/tile/0/001", bytes("tile 1"))));

    assertTrue(store.replaceIf("log/checkpoint", null, bytes("size 1")));
    assertFalse(store.replaceIf("log/checkpoint", null, bytes("size 2")));
    assertFalse(store.replaceIf("log/checkpoint", bytes("size 0"), bytes("size 2")));
    assertTrue(store.replaceIf("log/checkpoint", bytes("size 1"), bytes("size 2")));
    assertArrayEquals(bytes("size 2"), store.read("log/checkpoint"));
    assertNull(store.read("log/absent"));
    assertEquals(List.of("log/checkpoint", "log/tile/0/000", "log/tile/0/001"), store.list(""),
        "sorted, and no probe object is left or listed");
  }

  @Test
  void archivesALogToTheBucketThroughAnOutageOfTheS3Server() throws Exception {
    Path plugins = Path.of(System.getProperty("connect.plugin.path", "target/plugin"));
    String prefix = "archive/" + ArchiveLayout.logPrefix(LOG.origin);
    try (EmbeddedBroker broker = EmbeddedBroker.start(work.resolve("broker"));
        S3Store store = S3Store.open(BUCKET, "", s3.settings())) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(ENTRIES, 1, (short) 1), new NewTopic(CHECKPOINTS, 1, (short) 1)))
            .all().get();
      }
      Map<String, String> config = new HashMap<>();
      config.put("connector.class", ArchiveSinkConnector.class.getName());
      config.put("tasks.max", "1");
      config.put("topics", ENTRIES + "," + CHECKPOINTS);
      config.put("archive.entries.topic", ENTRIES);
      config.put("archive.checkpoints.topic", CHECKPOINTS);
      config.put("archive.location", "s3://" + BUCKET + "/archive");
      config.put("archive.logs", LOG.origin + " " + LOG.vkey.format());
      config.put("archive.s3.endpoint", s3.endpoint().toString());
      config.put("archive.s3.access.key.id", S3Proxy.IDENTITY);
      config.put("archive.s3.secret.access.key", S3Proxy.CREDENTIAL);
      config.put("archive.s3.conditional.writes", "required");

      try (LogProducer producer = new LogProducer(broker.bootstrapServers(), ENTRIES, CHECKPOINTS);
          ConnectWorker worker = ConnectWorker.start(broker.bootstrapServers(), "civictrust-s3-it", plugins,
              work.resolve("worker"))) {
        producer.logWithCheckpoints(LOG, 0, 0, 10_000, 2_500);
        worker.putConnector("civictrust-s3-archive", config);
        awaitArchived(store, prefix, 5_000, worker, Duration.ofSeconds(120));

        s3.stop();
        int logged = worker.logText().length();
        producer.logWithCheckpoints(LOG, 0, 10_000, 20_000, 2_500);
        // The task meets the outage and says so in its log each time it retries (every 2 s, for
        // archive.io.retry.ms): after two retries it has waited through a whole backoff.
        Await.until("the task to log two retries since the S3 server stopped (retries logged)", Duration.ofSeconds(120),
            Duration.ofMillis(200), () -> retriesLogged(worker, logged), retries -> retries >= 2);
        JsonNode task = worker.status("civictrust-s3-archive").path("tasks").path(0);
        assertEquals("RUNNING", task.path("state").asText(), "the task waits for the S3 server: " + task);
        s3.start();
        awaitArchived(store, prefix, 20_000, worker, Duration.ofSeconds(120));
      }

      ArchiveReport report = ArchiveVerifier.verify(store, prefix, LOG.origin, LOG.vkey);
      assertTrue(report.verified(), report::toString);
      MirrorComparison.assertSameAsMirror(store, prefix, MirrorComparison.mirror(LOG, 20_000));
      ArchiveSnapshot snapshot = ArchiveSnapshot.restore(store, prefix, LOG.origin, LOG.vkey);
      assertEquals(LOG.rootAt(20_000), snapshot.rootHash());
      assertEquals(LOG.rootAt(20_000), snapshot.compactRange().rootHash());

      byte[] tile = store.read(prefix + "tile/0/010");
      tile[77] ^= 0x01;
      try (S3Client client = s3.client()) {
        client.putObject(b -> b.bucket(BUCKET).key(prefix + "tile/0/010"), RequestBody.fromBytes(tile));
      }
      ArchiveReport corrupt = ArchiveVerifier.verify(store, prefix, LOG.origin, LOG.vkey);
      assertEquals(ArchiveFault.TILE_MISMATCH, corrupt.fault().orElseThrow());
      assertEquals("tile/0/010", corrupt.path().orElseThrow());
    }
  }

  /**
   * How many times the sink logged that it will retry a failed write to the archive (its WARN line for
   * operators), in the worker's log after its first {@code from} characters.
   */
  static long retriesLogged(ConnectWorker worker, int from) throws IOException {
    return worker.logText().substring(from).lines().filter(line -> line.contains("failed, retrying in")).count();
  }

  static void awaitArchived(S3Store store, String prefix, long size, ConnectWorker worker, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      byte[] note = store.read(prefix + ArchiveLayout.CHECKPOINT);
      long archived = note == null ? 0 : Checkpoint.open(note, LOG.origin, LOG.vkey).treeSize();
      if (archived >= size) {
        return;
      }
      JsonNode task = worker.status("civictrust-s3-archive").path("tasks").path(0);
      if ("FAILED".equals(task.path("state").asText())) {
        throw new AssertionError("the task failed: " + task.path("trace").asText());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("archived " + archived + ", not " + size + ", within " + within);
      }
      Thread.sleep(200);
    }
  }
}
