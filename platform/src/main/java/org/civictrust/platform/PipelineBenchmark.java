package org.civictrust.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.StreamsHealth;
import org.civictrust.tlog.SignerKey;
import org.civictrust.schemas.Topics;

/**
 * The pipeline benchmark: on the embedded broker, (1) the ceiling, a pass-through exactly-once Streams
 * application moving records of the same size; (2) end-to-end throughput, documents a second from the
 * first request produced to the last receipt; (3) latency from a request produced to its receipt
 * consumed, at a fixed sustained rate. Writes {@code docs/benchmarks/pipeline-<date>.json} and {@code .md}.
 */
public final class PipelineBenchmark {
  private static final AvroCodec<Receipt> RECEIPT = AvroCodec.of(Receipt.class, 1 << 20);

  /** The figures of one run. */
  public record Result(double documentsPerSecond, double ceilingRecordsPerSecond, double latencyMsP50,
      double latencyMsP99, double latencyMsMax, int throughputDocuments, int latencyDocuments, int latencyRate,
      long checkpointIntervalMillis, int requestBytes, double loadAverageAtStart) {}

  private PipelineBenchmark() {}

  /** Runs the three phases in {@code work} (emptied first) and returns the figures. */
  public static Result run(Path work, int throughputDocuments, int latencyRate, int latencySeconds) throws Exception {
    // The machine's 1-minute load average before this run starts: other work competing for the cores.
    double loadAverage = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    SignerKey civil = SignerKey.generate(DemoRequests.CIVIL_REGISTRY, new SecureRandom());
    SignerKey university = SignerKey.generate(DemoRequests.UNIVERSITY, new SecureRandom());
    PipelineConfig config = PipelineConfig.defaults(work, DemoRequests.issuers(civil, university))
        .withCheckpoints(100_000, 250).withTilesPort(-1);
    try (Pipeline pipeline = Pipeline.start(config)) {
      String kafka = pipeline.bootstrapServers();
      List<DemoRequests.Request> warmup = DemoRequests.mix(5_000, 0, System.currentTimeMillis(), 1);
      int requestBytes = warmup.get(0).value().length;
      double ceiling = ceiling(kafka, work, 100_000, requestBytes);
      try (ReceiptWatch watch = new ReceiptWatch(kafka, pipeline.failure()); KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
        send(producer, warmup, watch, 0);
        watch.await(warmup.size(), Duration.ofMinutes(2));

        List<DemoRequests.Request> burst = DemoRequests.mix(throughputDocuments, 0, System.currentTimeMillis(), 2);
        long start = System.nanoTime();
        send(producer, burst, watch, 0);
        long end = watch.await(warmup.size() + burst.size(), Duration.ofMinutes(5));
        double throughput = burst.size() / ((end - start) / 1e9);

        List<DemoRequests.Request> steady = DemoRequests.mix(latencyRate * latencySeconds, 0, System.currentTimeMillis(), 3);
        watch.latencies.clear();
        send(producer, steady, watch, latencyRate);
        watch.await(warmup.size() + burst.size() + steady.size(), Duration.ofMinutes(5));
        double[] latencies = new double[watch.latencies.size()];
        int at = 0;
        for (double latency : watch.latencies.values()) {
          latencies[at++] = latency;
        }
        java.util.Arrays.sort(latencies);
        return new Result(throughput, ceiling, percentile(latencies, 0.50), percentile(latencies, 0.99),
            latencies[latencies.length - 1], burst.size(), steady.size(), latencyRate, 250, requestBytes,
            loadAverage);
      }
    }
  }

  /** Sends {@code requests}, at {@code rate} a second (0: as fast as possible), noting when each left. */
  private static void send(KafkaProducer<byte[], byte[]> producer, List<DemoRequests.Request> requests,
      ReceiptWatch watch, int rate) throws InterruptedException {
    long start = System.nanoTime();
    for (int i = 0; i < requests.size(); i++) {
      if (rate > 0) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      DemoRequests.Request r = requests.get(i);
      watch.sent.put(r.requestId(), System.nanoTime());
      producer.send(new ProducerRecord<>(Topics.REQUESTS, r.key(), r.value()));
    }
    producer.flush();
  }

  /**
   * Receipts as they are committed, each timed on arrival by a consumer polling on a thread of its own
   * (timing them only when someone waits would count the waiting), with its latency since its request
   * was sent.
   */
  private static final class ReceiptWatch implements AutoCloseable {
    final Map<String, Long> sent = new ConcurrentHashMap<>();
    final Map<String, Double> latencies = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread poller;
    private final java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong lastAt = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running = true;
    private volatile Exception failure;
    /** Completes if an application of the pipeline under test stops in ERROR: no receipt will come. */
    private final CompletableFuture<StreamsHealth.Failure> pipelineFailure;

    ReceiptWatch(String kafka, CompletableFuture<StreamsHealth.Failure> pipelineFailure) {
      this.pipelineFailure = pipelineFailure;
      consumer = new KafkaConsumer<>(consumerProps(kafka));
      consumer.subscribe(List.of(Topics.RECEIPTS));
      poller = new Thread(this::poll, "bench-receipt-watch");
      poller.setDaemon(true);
      poller.start();
    }

    private void poll() {
      try {
        while (running) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(10))) {
            long now = System.nanoTime();
            String requestId = RECEIPT.decodeSingleObject(r.value()).getRequestId();
            Long at = sent.get(requestId);
            if (at != null) {
              latencies.put(requestId, (now - at) / 1e6);
            }
            lastAt.set(now);
            received.incrementAndGet();
          }
        }
      } catch (Exception e) {
        failure = e;
      } finally {
        consumer.close();
      }
    }

    /** Waits until {@code total} receipts came; returns when the last one did (nanoTime). */
    long await(int total, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (received.get() < total) {
        if (failure != null) {
          throw failure;
        }
        StreamsHealth.Failure failed = pipelineFailure.getNow(null);
        if (failed != null) {
          throw new IllegalStateException(failed.summary(), failed.fault().orElse(null));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + received.get() + " of " + total + " receipts in time");
        }
        Thread.sleep(10);
      }
      return lastAt.get();
    }

    @Override
    public void close() {
      running = false;
      try {
        poller.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final String PASSTHROUGH_ID = "bench-passthrough";

  /** A pass-through exactly-once Streams application over records of {@code size} bytes: records/s. */
  private static double ceiling(String kafka, Path work, int records, int size) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
      admin.createTopics(List.of(new NewTopic("bench.passthrough.in", 1, (short) 1),
          new NewTopic("bench.passthrough.out", 1, (short) 1))).all().get();
      TopicAdmin.awaitLeaders(admin, List.of("bench.passthrough.in", "bench.passthrough.out"));
    }
    byte[] value = new byte[size];
    new SecureRandom().nextBytes(value);
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>("bench.passthrough.in", Integer.toString(i).getBytes(StandardCharsets.UTF_8), value));
      }
    }
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("bench.passthrough.in", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to("bench.passthrough.out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    long start = System.nanoTime();
    try (KafkaStreams streams = new KafkaStreams(builder.build(),
        StreamsSettings.exactlyOnce(PASSTHROUGH_ID, kafka, work.resolve("passthrough"), 100));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(kafka))) {
      StreamsHealth health = StreamsHealth.watch(streams, PASSTHROUGH_ID);
      streams.start();
      consumer.subscribe(List.of("bench.passthrough.out"));
      int seen = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (seen < records && System.nanoTime() < deadline) {
        seen += consumer.poll(Duration.ofMillis(50)).count();
        StreamsHealth.Failure failed = health.failure().getNow(null);
        if (failed != null) {
          throw new IllegalStateException(failed.summary(), failed.fault().orElse(null));
        }
      }
      return seen / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String kafka) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(64 * 1024));
    return new KafkaProducer<>(props);
  }

  private static Properties consumerProps(String kafka) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  private static double percentile(double[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  /** Writes the figures of several runs, with the machine and the commit, as JSON and markdown. */
  public static Path write(Path repository, List<Result> runs, String commit) throws IOException {
    Path folder = Files.createDirectories(repository.resolve("docs/benchmarks"));
    String date = LocalDate.now(ZoneOffset.UTC).toString();
    Result median = runs.get(runs.size() / 2);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("date", date);
    json.put("commit", commit);
    json.put("documentsPerSecond", median.documentsPerSecond());
    json.put("ceilingRecordsPerSecond", median.ceilingRecordsPerSecond());
    json.put("latencyMsP50", median.latencyMsP50());
    json.put("latencyMsP99", median.latencyMsP99());
    json.put("runs", runs);
    json.put("targets", Map.of("documentsPerSecond", 5000, "latencyMsP99", 1500, "checkpointIntervalMillis", 250));
    json.put("machine", machine());
    Path file = folder.resolve("pipeline-" + date + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    StringBuilder md = new StringBuilder("# Pipeline benchmark, " + date + "\n\n");
    md.append("Commit `").append(commit).append("`, embedded KRaft broker in the same JVM, one log, exactly-once v2, ")
        .append("checkpoint every 250 ms of record time, requests of ").append(median.requestBytes()).append(" bytes. ")
        .append(machine()).append(".\n\n");
    md.append("| run | documents/s end to end | pass-through ceiling, records/s | ratio | latency p50 ms | p99 ms | max ms | latency at | load avg at start |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (int i = 0; i < runs.size(); i++) {
      Result r = runs.get(i);
      md.append(String.format("| %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %d docs/s for %d docs | %.1f |%n", i + 1,
          r.documentsPerSecond(), r.ceilingRecordsPerSecond(), r.documentsPerSecond() / r.ceilingRecordsPerSecond(),
          r.latencyMsP50(), r.latencyMsP99(), r.latencyMsMax(), r.latencyRate(), r.latencyDocuments(),
          r.loadAverageAtStart()));
    }
    md.append("\nTargets (issue #3): at least 5,000 documents/s sustained, p99 request-to-receipt under 1.5 s.\n")
        .append("Rerun: `bin/bench pipeline` (writes this file and its .json).\n");
    Files.writeString(folder.resolve("pipeline-" + date + ".md"), md.toString());
    return file;
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
    } catch (IOException e) {
      // keep the default
    }
    return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
  }
}
