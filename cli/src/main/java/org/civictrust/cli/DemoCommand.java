package org.civictrust.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.civictrust.platform.DemoRequests;
import org.civictrust.platform.Pipeline;
import org.civictrust.platform.PipelineConfig;
import org.civictrust.schemas.Topics;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.Rejection;
import org.civictrust.schemas.StreamsHealth;
import org.civictrust.tlog.SignerKey;
import org.civictrust.verifier.ReceiptVerifier;
import org.civictrust.verifier.Status;
import org.civictrust.verifier.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.civictrust.schemas.TopicReader;

/**
 * {@code civictrust demo}: the main job in one go. Starts the platform (an in-process KRaft broker and
 * every processor), issues demo requests with bad ones mixed in, waits for the receipts, writes them to
 * {@code DIR/receipts/} and the trust store to {@code DIR/trust.json}, verifies every receipt offline
 * and prints a summary. Exits 1 if any accepted document lacks a verified receipt or any request did
 * not end as it must; exits {@value Main#APPLICATION_FAILED} as soon as one of the pipeline's Streams
 * applications stops in ERROR (stderr names it and the cause) instead of waiting out the timeout.
 * Unlike {@code up}, the demo runs no issuance store: its two issuers are a fixed registry (the
 * pipeline's file-only mode), which keeps it a self-contained run of the issuance path (the README test
 * runs it); {@code up} is where the store is wired in. The libraries log to
 * {@code DIR/logs/civictrust.log} ({@link LibraryLog}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Start the platform, issue demo requests (some bad), wait for the receipts, verify them offline.",
        "Exits non-zero if any accepted document lacks a verified receipt."})
final class DemoCommand implements Callable<Integer> {
  private static final AvroCodec<Receipt> RECEIPT = AvroCodec.of(Receipt.class, 1 << 20);
  private static final AvroCodec<Rejection> REJECTION = AvroCodec.of(Rejection.class, 4 << 20);

  private final Main.Terminal terminal;

  @Option(names = "--count", defaultValue = "1000", paramLabel = "N", description = "Requests (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--data", defaultValue = "demo-data", paramLabel = "DIR",
      description = "Directory for the broker, keys, receipts and trust store (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--logs", defaultValue = "2", paramLabel = "N", description = "Logs (shards) (default: ${DEFAULT-VALUE}).")
  int logs;

  @Option(names = "--timeout", defaultValue = "PT3M", paramLabel = "DURATION",
      description = "How long to wait for the receipts (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Mixin
  LibraryLog.Options logging;

  DemoCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (count < 1) {
      throw new InputException("--count must be at least 1, got " + count);
    }
    if (Files.exists(data.resolve("kafka"))) {
      throw new InputException(data + " already holds a demo; give another --data directory or remove it");
    }
    try (LibraryLog log = logging.open(data, "demo", terminal)) {
      terminal.out().println("log file: " + logging.describe(log));
      return demo();
    }
  }

  private int demo() throws Exception {
    PrintStream out = terminal.out();
    long started = System.nanoTime();
    SignerKey civil = issuerKey(DemoRequests.CIVIL_REGISTRY);
    SignerKey university = issuerKey(DemoRequests.UNIVERSITY);
    PipelineConfig config = PipelineConfig.defaults(data, DemoRequests.issuers(civil, university)).withLogs(logs);
    try (Pipeline pipeline = Pipeline.start(config)) {
      CompletableFuture<StreamsHealth.Failure> failure = pipeline.failure();
      out.printf("platform up in %.1f s: Kafka %s, %d logs, tiles at %s%n", seconds(started),
          pipeline.bootstrapServers(), logs, pipeline.tilesUrl());
      List<DemoRequests.Request> requests = DemoMix.now(count);
      Map<String, Long> expected = requests.stream()
          .collect(Collectors.groupingBy(DemoRequests.Request::expected, TreeMap::new, Collectors.counting()));
      long accepted = expected.getOrDefault("ISSUED", 0L);
      try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(pipeline.bootstrapServers())) {
        for (DemoRequests.Request r : requests) {
          producer.send(new ProducerRecord<>(Topics.REQUESTS, r.key(), r.value()));
        }
      }
      out.printf("issued %d requests: %s%n", count, expected);

      long waitStarted = System.nanoTime();
      Map<String, byte[]> receipts = awaitReceipts(pipeline.bootstrapServers(), accepted, failure);
      if (failure.isDone()) {
        return failed(failure.join());
      }
      out.printf("%d receipts in %.1f s after the last request%n", receipts.size(), seconds(waitStarted));
      Map<String, Long> rejected = rejections(pipeline.bootstrapServers(), count - accepted, failure);

      Path folder = Files.createDirectories(data.resolve("receipts"));
      ReceiptVerifier verifier = ReceiptVerifier.of(pipeline.trustStore());
      Map<Status, Long> verdicts = new TreeMap<>();
      Instant now = Instant.now();
      for (Map.Entry<String, byte[]> e : receipts.entrySet()) {
        Path file = ReceiptFiles.write(folder, RECEIPT.decodeSingleObject(e.getValue()));
        Verdict verdict = verifier.verify(Files.readAllBytes(file), now);
        verdicts.merge(verdict.status(), 1L, Long::sum);
        if (verdict.status() != Status.VERIFIED) {
          out.println(verdict.status() + " " + file + "\n  " + verdict.explanation());
        }
      }
      out.printf("receipts written to %s, trust store to %s%n", folder, data.resolve("trust.json"));
      out.printf("offline verification: %s%n", verdicts);
      out.printf("rejected with their reasons: %s%n", rejected);

      if (failure.isDone()) {
        return failed(failure.join());
      }
      Map<String, Long> outcomes = new TreeMap<>(rejected);
      outcomes.put("ISSUED", (long) receipts.size());
      boolean ok = verdicts.getOrDefault(Status.VERIFIED, 0L) == accepted && outcomes.equals(expected);
      out.printf("%s in %.1f s%n", ok ? "VERIFIED: every accepted document has a verified receipt, every bad request"
          + " was rejected for its reason" : "FAILED: expected " + expected + ", got " + outcomes, seconds(started));
      return ok ? 0 : Main.FAILED;
    }
  }

  /** Reports an application in ERROR on stderr; the pipeline is closed on the way out. */
  private int failed(StreamsHealth.Failure failure) {
    terminal.err().println("civictrust: " + failure.summary());
    return Main.APPLICATION_FAILED;
  }

  private SignerKey issuerKey(String issuer) throws Exception {
    SignerKey key = SignerKey.generate(issuer, new SecureRandom());
    SignerKeyFiles.write(data.resolve("issuers").resolve(SignerKeyFiles.fileName(issuer) + ".key"), key);
    return key;
  }

  private Map<String, byte[]> awaitReceipts(String kafka, long expected, CompletableFuture<?> failure)
      throws RecordException {
    Map<String, byte[]> receipts = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(kafka)) {
      TopicReader.assignFromBeginning(consumer, Topics.RECEIPTS);
      while (receipts.size() < expected && System.nanoTime() < deadline && !failure.isDone()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          receipts.put(RECEIPT.decodeSingleObject(r.value()).getRequestId(), r.value());
        }
      }
    }
    return receipts;
  }

  private Map<String, Long> rejections(String kafka, long expected, CompletableFuture<?> failure)
      throws RecordException {
    Map<String, Long> reasons = new TreeMap<>();
    long seen = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(kafka)) {
      TopicReader.assignFromBeginning(consumer, Topics.REJECTED);
      while (seen < expected && System.nanoTime() < deadline && !failure.isDone()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          reasons.merge(REJECTION.decodeSingleObject(r.value()).getReason(), 1L, Long::sum);
          seen++;
        }
      }
    }
    return reasons;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
