package org.civictrust.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.civictrust.schemas.KafkaClientConfig;
import org.civictrust.schemas.Topics;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Receipt;
import org.civictrust.schemas.RecordException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.civictrust.schemas.TopicReader;

/**
 * {@code civictrust receipts}: exports the receipts on {@value Topics#RECEIPTS} (committed records only,
 * from the beginning, by assignment: no consumer group) as receipt files
 * ({@code application/vnd.civictrust.receipt.v1+json}), {@code OUT/<request id>.json} with the request
 * id made safe by {@link SafeNames#fileName}. Reads up to where the topic ends when the command starts,
 * or, with {@code --wait N}, until N distinct receipts are written. Exit code 0 on success, 1 if
 * {@code --wait N} was not reached within {@code --timeout} or a record is not a receipt, 2 for bad usage
 * or an unreachable cluster.
 */
@Command(name = "receipts", mixinStandardHelpOptions = true,
    description = {"Export the receipts on " + Topics.RECEIPTS + " as receipt files OUT/<request id>.json."})
final class ReceiptsCommand implements Callable<Integer> {
  private static final AvroCodec<Receipt> RECEIPT = AvroCodec.of(Receipt.class, 1 << 20);
  private static final long PROGRESS_NANOS = Duration.ofSeconds(2).toNanos();

  private final Main.Terminal terminal;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  ClusterOptions cluster;

  @Mixin
  CommandConfigOption commandConfig;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the receipt files.")
  Path out;

  @Option(names = "--wait", paramLabel = "N",
      description = "Wait until N receipts (in all, from the beginning) are written, instead of stopping at the end.")
  Integer wait;

  @Option(names = "--timeout", defaultValue = "PT2M", paramLabel = "DURATION",
      description = "How long to wait, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  ReceiptsCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (wait != null && wait < 1) {
      throw new InputException("--wait must be at least 1, got " + wait);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InputException("--timeout must be positive, got " + timeout);
    }
    String bootstrap = ClusterOptions.bootstrap(cluster);
    KafkaClientConfig client = CommandConfigOption.load(commandConfig);
    KafkaClients.requireTopics(bootstrap, client, List.of(Topics.RECEIPTS));
    Files.createDirectories(out);
    Export export = new Export();
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(bootstrap, client)) {
      Map<TopicPartition, Long> end = TopicReader.assignFromBeginning(consumer, Topics.RECEIPTS);
      if (wait == null) {
        TopicReader.readToEnd(consumer, end, export::write);
      } else {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (export.requestIds.size() < wait && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            export.write(record);
          }
        }
      }
    }
    PrintStream stdout = terminal.out();
    stdout.printf("%d receipts written to %s%n", export.requestIds.size(), out);
    if (export.malformed > 0) {
      stdout.printf("FAILED: %d records on %s are not receipts%n", export.malformed, Topics.RECEIPTS);
      return Main.FAILED;
    }
    if (wait != null && export.requestIds.size() < wait) {
      stdout.printf("FAILED: %d of %d receipts within %s%n", export.requestIds.size(), wait, timeout);
      return Main.FAILED;
    }
    return 0;
  }

  /** The receipts written so far, and progress on stderr. */
  private final class Export {
    final Set<String> requestIds = new HashSet<>();
    long malformed;
    long lastProgress = System.nanoTime();

    void write(ConsumerRecord<byte[], byte[]> record) throws IOException {
      Receipt receipt;
      try {
        receipt = RECEIPT.decodeSingleObject(record.value() == null ? new byte[0] : record.value());
        ReceiptFiles.write(out, receipt);
      } catch (RecordException | IllegalArgumentException e) {
        malformed++;
        terminal.err().printf("not a receipt: %s partition %d offset %d: %s%n", record.topic(), record.partition(),
            record.offset(), e.getMessage());
        return;
      }
      requestIds.add(receipt.getRequestId());
      if (System.nanoTime() - lastProgress > PROGRESS_NANOS) {
        lastProgress = System.nanoTime();
        terminal.err().printf("… %d receipts%n", requestIds.size());
      }
    }
  }
}
