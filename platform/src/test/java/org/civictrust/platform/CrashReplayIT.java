package org.civictrust.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.civictrust.issuance.IssuanceConfig;
import org.civictrust.issuance.IssuanceTopics;
import org.civictrust.issuance.IssuanceTopology;
import org.civictrust.issuance.IssuerRegistryFile;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.Rejection;
import org.civictrust.anchor.LogIdentity;
import org.civictrust.anchor.SequencerConfig;
import org.civictrust.anchor.SequencerTopology;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerifierKey;
import org.civictrust.verifier.ReceiptVerifier;
import org.civictrust.verifier.Status;
import org.civictrust.verifier.TrustStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.schemas.Topics;

/**
 * The pipeline runs in a JVM of its own that is killed (SIGKILL) three times while requests flow, and
 * restarted on the same directory. Afterwards nothing is lost or doubled, every receipt verifies, and
 * replaying each processor's committed input into a fresh application reproduces its output byte for
 * byte (invariants 3 and 4).
 */
class CrashReplayIT {
  static final int BATCHES = 6;
  static final int BATCH = 500;

  @TempDir
  Path dir;

  @Test
  void killedThreeTimesTheLogLosesNothingDoublesNothingAndReplaysByteForByte() throws Exception {
    Path issuersFile = writeIssuers();
    List<DemoRequests.Request> requests = DemoRequests.mix(BATCHES * BATCH, 10, System.currentTimeMillis(), 11);
    Map<String, Long> expected = requests.stream()
        .collect(Collectors.groupingBy(DemoRequests.Request::expected, TreeMap::new, Collectors.counting()));
    int issued = expected.get("ISSUED").intValue();

    try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"))) {
      String kafka = broker.bootstrapServers();
      Process pipeline = startPipeline(kafka, issuersFile);
      try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
        for (int b = 0; b < BATCHES; b++) {
          for (DemoRequests.Request r : requests.subList(b * BATCH, (b + 1) * BATCH)) {
            producer.send(new ProducerRecord<>(Topics.REQUESTS, r.key(), r.value()));
          }
          producer.flush();
          if (b % 2 == 0) {
            // Not a wait for a state: the crash at an arbitrary moment is what is tested. The pipeline is
            // killed while it works on the batch, a little later each time (0.3, 1.1, 1.9 s after it was
            // sent), and nothing afterwards depends on how far it got.
            Thread.sleep(300 + 400L * b);
            pipeline.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            pipeline = startPipeline(kafka, issuersFile);
          }
        }
      }
      AvroCodec<Receipt> receiptCodec = AvroCodec.of(Receipt.class, 1 << 20);
      Map<String, byte[]> receipts = LogAudit.awaitDistinct(kafka, Topics.RECEIPTS, issued,
          v -> PipelineIT.decode(receiptCodec, v).getRequestId(), Duration.ofMinutes(5));
      pipeline.destroy();
      assertTrue(pipeline.waitFor(60, TimeUnit.SECONDS), "the pipeline stops on SIGTERM");

      TrustStore trust = TrustStore.parse(Files.readAllBytes(dir.resolve("pipeline/trust.json")));
      ReceiptVerifier verifier = ReceiptVerifier.of(trust);
      for (byte[] value : receipts.values()) {
        Receipt receipt = PipelineIT.decode(receiptCodec, value);
        var verdict = verifier.verify(new org.civictrust.verifier.Receipt(Documents.bytes(receipt.getDocument()),
            Documents.bytes(receipt.getEntry()), receipt.getTlogProof()), Instant.now());
        assertEquals(Status.VERIFIED, verdict.status(), verdict.explanation());
      }
      Map<String, Long> outcomes = new TreeMap<>();
      outcomes.put("ISSUED", LogAudit.readAll(kafka, Topics.ISSUED).stream().filter(r -> r.value() != null).count());
      AvroCodec<Rejection> rejectionCodec = AvroCodec.of(Rejection.class, 4 << 20);
      for (ConsumerRecord<byte[], byte[]> r : LogAudit.readAll(kafka, Topics.REJECTED)) {
        outcomes.merge(PipelineIT.decode(rejectionCodec, r.value()).getReason(), 1L, Long::sum);
      }
      assertEquals(expected, outcomes, "one outcome a request, across three crashes");
      var entriesByLog = LogAudit.entriesByLog(kafka);
      assertEquals(issued, entriesByLog.values().stream().mapToInt(List::size).sum(), "one leaf a document");
      Map<String, VerifierKey> logKeys = new HashMap<>();
      trust.logs().forEach(l -> logKeys.put(l.origin(), l.vkey()));
      assertTrue(LogAudit.checkCheckpoints(kafka, entriesByLog, logKeys) > 0);

      replayIssuance(kafka, issuersFile);
      replaySequencer(kafka);
    }
  }

  /** Replays the committed requests into a fresh issuance application: the same issued documents. */
  private void replayIssuance(String kafka, Path issuersFile) throws Exception {
    createTopics(kafka, Map.of("replay.requests", 1, "replay.rejected", 1, "replay.issued", 2));
    copy(kafka, Topics.REQUESTS, "replay.requests", false);
    IssuanceConfig config = IssuanceConfig.of(IssuerRegistryFile.load(issuersFile))
        .withTopics(new IssuanceTopics("replay.requests", "replay.rejected", "replay.issued"))
        .withApplicationId("replay-issuance");
    var props = config.streamsProperties(kafka);
    props.putAll(StreamsSettings.exactlyOnce("replay-issuance", kafka, dir.resolve("replay-state"), 100));
    try (KafkaStreams streams = new KafkaStreams(IssuanceTopology.build(config), props)) {
      streams.start();
      assertSameValues(kafka, Topics.ISSUED, "replay.issued", true, v -> v);
      // A rejection names the topic the request came from: the replay's differs, nothing else may.
      AvroCodec<Rejection> codec = AvroCodec.of(Rejection.class, 4 << 20);
      assertSameValues(kafka, Topics.REJECTED, "replay.rejected", false, v -> {
        Rejection rejection = PipelineIT.decode(codec, v);
        try {
          return codec.encodeSingleObject(Rejection.newBuilder(rejection).setSourceTopic(Topics.REQUESTS).build());
        } catch (org.civictrust.schemas.RecordException e) {
          throw new AssertionError(e);
        }
      });
    }
  }

  /** Replays the committed issued documents, ticks included, into a fresh sequencer: the same log. */
  private void replaySequencer(String kafka) throws Exception {
    createTopics(kafka, Map.of("replay2.issued", 2, "replay2.entries", 2, "replay2.checkpoints", 2,
        "replay2.receipts", 2, "replay2.status", 2, "replay2.rejected", 1));
    copy(kafka, Topics.ISSUED, "replay2.issued", true);
    List<LogIdentity> logs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      SignerKey key = SignerKey.parse(Files.readString(dir.resolve("pipeline/keys/log-" + i + ".key")).strip());
      logs.add(new LogIdentity(key.name(), key));
    }
    PipelineConfig defaults = PipelineConfig.defaults(dir, List.of());
    SequencerConfig config = new SequencerConfig("replay2.issued", "replay2.entries", "replay2.checkpoints",
        "replay2.receipts", "replay2.status", "replay2.rejected", logs, 200, 250, defaults.anchorTimeoutMillis());
    try (KafkaStreams streams = new KafkaStreams(SequencerTopology.build(config),
        StreamsSettings.exactlyOnce("replay-sequencer", kafka, dir.resolve("replay-state"), 100))) {
      streams.start();
      assertSameValues(kafka, Topics.ENTRIES, "replay2.entries", false, v -> v);
      assertSameValues(kafka, Topics.CHECKPOINTS, "replay2.checkpoints", false, v -> v);
      assertSameReceipts(kafka);
    }
  }

  /** Waits until {@code replayed} holds as many records as {@code original}, then compares them per partition. */
  private static void assertSameValues(String kafka, String original, String replayed, boolean skipTicks,
      java.util.function.UnaryOperator<byte[]> normalize) throws Exception {
    List<ConsumerRecord<byte[], byte[]>> want = LogAudit.readAll(kafka, original).stream()
        .filter(r -> !skipTicks || r.value() != null).toList();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    List<ConsumerRecord<byte[], byte[]>> got;
    do {
      Thread.sleep(500);
      got = LogAudit.readAll(kafka, replayed);
      assertTrue(System.nanoTime() < deadline, replayed + " has " + got.size() + " of " + want.size() + " records");
    } while (got.size() < want.size());
    assertEquals(want.size(), got.size(), replayed);
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i).partition(), got.get(i).partition(), replayed + " record " + i);
      assertArrayEquals(want.get(i).value(), normalize.apply(got.get(i).value()), replayed + " record " + i + " differs");
    }
  }

  /** Receipts are keyed by request id and spread over partitions by it: compare them by request id. */
  private static void assertSameReceipts(String kafka) throws Exception {
    AvroCodec<Receipt> codec = AvroCodec.of(Receipt.class, 1 << 20);
    Map<String, byte[]> want = new HashMap<>();
    LogAudit.readAll(kafka, Topics.RECEIPTS).forEach(r -> want.put(PipelineIT.decode(codec, r.value()).getRequestId(), r.value()));
    Map<String, byte[]> got = LogAudit.awaitDistinct(kafka, "replay2.receipts", want.size(),
        v -> PipelineIT.decode(codec, v).getRequestId(), Duration.ofMinutes(3));
    assertEquals(want.keySet(), got.keySet());
    want.forEach((requestId, value) -> assertArrayEquals(value, got.get(requestId), "receipt of " + requestId));
  }

  /** Copies every committed record of {@code from} with its partition, key and timestamp. */
  private static void copy(String kafka, String from, String to, boolean withTicks) {
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      for (ConsumerRecord<byte[], byte[]> r : LogAudit.readAll(kafka, from)) {
        if (withTicks || r.value() != null) {
          producer.send(new ProducerRecord<>(to, r.partition(), r.timestamp(), r.key(), r.value()));
        }
      }
    }
  }

  private static void createTopics(String kafka, Map<String, Integer> partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
      admin.createTopics(partitions.entrySet().stream()
          .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)
              .configs(Map.of("max.message.bytes", Integer.toString(2 << 20))))
          .toList()).all().get();
      TopicAdmin.awaitLeaders(admin, List.copyOf(partitions.keySet()));
    }
  }

  private Path writeIssuers() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("issuers"));
    SignerKey civil = SignerKey.generate(DemoRequests.CIVIL_REGISTRY, new SecureRandom());
    SignerKey university = SignerKey.generate(DemoRequests.UNIVERSITY, new SecureRandom());
    Files.writeString(folder.resolve("civil.key"), civil.format() + "\n");
    Files.writeString(folder.resolve("university.key"), university.format() + "\n");
    String json = "{\"issuers\":["
        + "{\"id\":\"" + DemoRequests.CIVIL_REGISTRY + "\",\"documentTypes\":[\"birth-certificate\",\"marriage-certificate\"],"
        + "\"maxValidity\":\"P36500D\",\"keys\":[{\"state\":\"active\",\"signerKeyFile\":\"civil.key\"}]},"
        + "{\"id\":\"" + DemoRequests.UNIVERSITY + "\",\"documentTypes\":[\"diploma\"],"
        + "\"maxValidity\":\"P36500D\",\"keys\":[{\"state\":\"active\",\"signerKeyFile\":\"university.key\"}]}]}";
    return Files.writeString(folder.resolve("issuers.json"), json);
  }

  /** Starts the pipeline in a JVM of its own and waits for it to say READY. */
  private Process startPipeline(String kafka, Path issuersFile) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        PipelineMain.class.getName(), "--data", dir.resolve("pipeline").toString(), "--issuers", issuersFile.toString(),
        "--bootstrap", kafka, "--logs", "2", "--checkpoint-entries", "200", "--checkpoint-millis", "250",
        "--tiles-port", "-1")
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("pipeline.log").toFile()))
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String ready = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("READY ")) {
            return line;
          }
        }
        return null;
      } catch (java.io.IOException e) {
        return null;
      }
    }).get(120, TimeUnit.SECONDS);
    assertTrue(ready != null, "the pipeline process started; see " + dir.resolve("pipeline.log"));
    return process;
  }

  static KafkaProducer<byte[], byte[]> producer(String kafka) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 << 20));
    return new KafkaProducer<>(props);
  }
}
