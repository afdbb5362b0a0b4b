package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.civictrust.platform.EmbeddedBroker;
import org.civictrust.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --command-config} against a real (PLAINTEXT) embedded broker: a harmless file works, a file
 * the broker cannot accept ends the command with one line on stderr and exit 2 within a bounded time.
 */
class CommandConfigIT {
  /** The admin client gives up after {@link KafkaClients#REACH_TIMEOUT}; leave room for start-up. */
  private static final Duration BOUND = KafkaClients.REACH_TIMEOUT.plusSeconds(15);

  @TempDir
  static Path work;

  static EmbeddedBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = EmbeddedBroker.start(work.resolve("broker"));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(Topics.RECEIPTS, 1, (short) 1))).all().get();
    }
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void harmlessPropertiesReachTheClientsAndTheCommandWorks() throws IOException {
    Path file = properties("good", "security.protocol=PLAINTEXT\nclient.id=civictrust-probe\nrequest.timeout.ms=20000\n");
    CliRunner.Result result = CliRunner.run("receipts", "--bootstrap", broker.bootstrapServers(),
        "--command-config", file.toString(), "--out", work.resolve("receipts").toString());
    assertEquals(0, result.exitCode(), result.out() + result.err());
  }

  @Test
  void sslAgainstAPlaintextBrokerFailsInOneLineWithExit2() throws IOException {
    assertFailsCleanly(properties("ssl", "security.protocol=SSL\n"));
  }

  @Test
  void saslWithoutJaasConfigFailsInOneLineWithExit2() throws IOException {
    assertFailsCleanly(properties("sasl", "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"));
  }

  @Test
  void aMissingFileFailsInOneLineWithExit2() {
    assertFailsCleanly(work.resolve("absent.properties"));
  }

  @Test
  void aReservedKeyFailsInOneLineWithExit2() throws IOException {
    assertFailsCleanly(properties("reserved", "isolation.level=read_uncommitted\n"));
  }

  @Test
  void upWithTheCommandConfigOfAnUnacceptedClientFailsInOneLineWithExit2() throws IOException {
    Path file = properties("up-ssl", "security.protocol=SSL\n");
    long started = System.nanoTime();
    CliRunner.Result result = CliRunner.run("up", "--data", work.resolve("up-data").toString(),
        "--bootstrap", broker.bootstrapServers(), "--command-config", file.toString());
    assertEquals(Main.BAD_INPUT, result.exitCode(), result.out() + result.err());
    assertEquals(1, result.err().lines().count(), result.err());
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(BOUND) < 0);
  }

  @Test
  void upWithoutBootstrapRefusesTheCommandConfig() throws IOException {
    Path file = properties("up-plain", "client.id=probe\n");
    CliRunner.Result result = CliRunner.run("up", "--data", work.resolve("up-embedded").toString(),
        "--command-config", file.toString());
    assertEquals(Main.BAD_INPUT, result.exitCode(), result.out() + result.err());
    assertEquals(1, result.err().lines().count(), result.err());
  }

  private static void assertFailsCleanly(Path file) {
    for (String[] args : List.of(
        new String[] {"receipts", "--out", work.resolve("r-" + file.getFileName()).toString()},
        new String[] {"issue", "--demo", "1"})) {
      long started = System.nanoTime();
      String[] full = new String[args.length + 4];
      System.arraycopy(args, 0, full, 0, args.length);
      full[args.length] = "--bootstrap";
      full[args.length + 1] = broker.bootstrapServers();
      full[args.length + 2] = "--command-config";
      full[args.length + 3] = file.toString();
      CliRunner.Result result = CliRunner.run(full);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertEquals(Main.BAD_INPUT, result.exitCode(), args[0] + ": " + result.out() + result.err());
      List<String> lines = result.err().lines().toList();
      assertEquals(1, lines.size(), args[0] + ": " + result.err());
      assertTrue(lines.get(0).startsWith("civictrust: "), lines.get(0));
      assertTrue(took.compareTo(BOUND) < 0, args[0] + " took " + took);
    }
  }

  private static Path properties(String name, String text) throws IOException {
    Path file = work.resolve(name + ".properties");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
