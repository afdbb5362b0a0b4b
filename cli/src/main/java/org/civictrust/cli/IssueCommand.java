package org.civictrust.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.civictrust.platform.DemoRequests;
import org.civictrust.schemas.KafkaClientConfig;
import org.civictrust.schemas.Topics;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.ConfluentCodec;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.RecordException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code civictrust issue}: publishes issuance requests to {@value Topics#REQUESTS}, keyed by request
 * id (UTF-8), each value an Avro single-object {@code IssuanceRequest}, with an idempotent producer that
 * waits for every replica. The requests come from a requests file ({@link RequestsFile}) or are demo
 * requests ({@link DemoMix}: about one in {@value DemoMix#BAD_EVERY} bad, each of a kind the
 * pipeline must reject). Exit code 0 once every request is acknowledged, 1 if any could not be
 * published, 2 for bad usage, an unreadable or invalid file, or an unreachable cluster.
 */
@Command(name = "issue", mixinStandardHelpOptions = true,
    description = {"Publish issuance requests to " + Topics.REQUESTS + ".",
        "The requests come from a requests file (docs/formats.md) or are generated demo requests."})
final class IssueCommand implements Callable<Integer> {
  private static final AvroCodec<IssuanceRequest> REQUEST = AvroCodec.of(IssuanceRequest.class, 1 << 20);

  private final Main.Terminal terminal;

  /** One record to publish, and the label the summary names it by (its request id, if any). */
  record Outgoing(String label, byte[] key, byte[] value) {}

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  ClusterOptions cluster;

  @Mixin
  CommandConfigOption commandConfig;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  /** Where the requests come from: exactly one of the two. */
  static final class Source {
    @Option(names = "--file", paramLabel = "REQUESTS.json", description = "A requests file: a JSON array of requests.")
    Path file;

    @Option(names = "--demo", paramLabel = "N",
        description = "N generated demo requests of the demo issuers, about one in " + DemoMix.BAD_EVERY + " bad.")
    Integer demo;
  }

  @Option(names = "--schema-registry", paramLabel = "URL", description = SchemaRegistryOption.DESCRIPTION)
  URI schemaRegistry;

  IssueCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    List<DemoRequests.Request> demo = source.file != null ? List.of() : demo(source.demo);
    List<Outgoing> requests = source.file != null ? fromFile(source.file)
        : demo.stream().map(r -> new Outgoing(r.requestId() != null ? r.requestId()
            : new String(r.key(), StandardCharsets.UTF_8), r.key(), r.value())).toList();
    if (schemaRegistry != null) {
      requests = inConfluentWireFormat(requests, SchemaRegistryOption.requestCodec(schemaRegistry));
    }
    String bootstrap = ClusterOptions.bootstrap(cluster);
    KafkaClientConfig client = CommandConfigOption.load(commandConfig);
    KafkaClients.requireTopics(bootstrap, client, List.of(Topics.REQUESTS));
    PrintStream out = terminal.out();
    AtomicLong failed = new AtomicLong();
    AtomicReference<Exception> firstFailure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrap, client)) {
      for (Outgoing request : requests) {
        producer.send(new ProducerRecord<>(Topics.REQUESTS, request.key(), request.value()), (metadata, e) -> {
          if (e != null) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e);
          }
        });
      }
      producer.flush();
    }
    long sent = requests.size() - failed.get();
    out.printf("sent %d of %d requests to %s at %s%n", sent, requests.size(), Topics.REQUESTS, bootstrap);
    if (!requests.isEmpty()) {
      out.printf("first %s, last %s%n", requests.get(0).label(), requests.get(requests.size() - 1).label());
    }
    if (source.demo != null) {
      Map<String, Long> expected = demo.stream()
          .collect(Collectors.groupingBy(DemoRequests.Request::expected, TreeMap::new, Collectors.counting()));
      out.printf("expected outcomes: %s%n", expected);
    }
    if (failed.get() > 0) {
      out.printf("FAILED: %d requests were not published: %s%n", failed.get(), firstFailure.get());
      return Main.FAILED;
    }
    return 0;
  }

  /**
   * The requests re-encoded in the Confluent wire format; a value that is not a request (a demo's
   * deliberately malformed bytes) is sent as it is.
   */
  static List<Outgoing> inConfluentWireFormat(List<Outgoing> requests, ConfluentCodec<IssuanceRequest> codec)
      throws IOException {
    List<Outgoing> framed = new ArrayList<>(requests.size());
    for (Outgoing request : requests) {
      byte[] value = request.value();
      try {
        value = codec.encode(REQUEST.decodeSingleObject(value));
      } catch (RecordException notARequest) {
        // sent as it is: the pipeline rejects it as MALFORMED either way
      }
      framed.add(new Outgoing(request.label(), request.key(), value));
    }
    return framed;
  }

  /** Demo requests made now, with a random seed. */
  static List<DemoRequests.Request> demo(int count) throws InputException {
    if (count < 1) {
      throw new InputException("--demo must be at least 1, got " + count);
    }
    return DemoMix.now(count);
  }

  /** The requests of a requests file, encoded; any fault in the file is bad input. */
  static List<Outgoing> fromFile(Path file) throws InputException, IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(RequestsFile.MAX_SIZE + 1);
    } catch (NoSuchFileException e) {
      throw new InputException("no such file: " + file, e);
    }
    if (bytes.length > RequestsFile.MAX_SIZE) {
      throw new InputException(file + " holds more than " + RequestsFile.MAX_SIZE + " bytes");
    }
    List<IssuanceRequest> parsed;
    try {
      parsed = RequestsFile.parse(bytes, Instant.now(), new SecureRandom());
    } catch (RequestsFile.FormatException e) {
      throw new InputException(file + ": " + e.getMessage(), e);
    }
    List<Outgoing> requests = new ArrayList<>(parsed.size());
    for (IssuanceRequest request : parsed) {
      try {
        requests.add(new Outgoing(request.getRequestId(), request.getRequestId().getBytes(StandardCharsets.UTF_8),
            REQUEST.encodeSingleObject(request)));
      } catch (RecordException e) {
        throw new IllegalStateException("RequestsFile checked that every request encodes", e);
      }
    }
    return requests;
  }
}
