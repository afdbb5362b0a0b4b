package org.civictrust.cli;

import static org.civictrust.cli.TlogCommandTest.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage errors of {@code up}, {@code issue}, {@code receipts} and {@code replay}: each exits 2 with a
 * message, before any Kafka client is made (the cluster they would name does not exist). The commands
 * themselves run end to end in {@link PipelineCommandsIT}.
 */
class PipelineCommandsTest {
  /** No Kafka listens here; a command that tried it would take its whole reach timeout. */
  static final String NOWHERE = "127.0.0.1:9";

  @TempDir
  Path dir;

  static CliRunner.Result runQuickly(String... args) {
    long started = System.nanoTime();
    CliRunner.Result result = CliRunner.run(args);
    assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos(), "decided without Kafka");
    return result;
  }

  @Test
  void upRefusesBadNumbers() {
    String data = dir.resolve("data").toString();
    assertBadInput(runQuickly("up", "--data", data, "--logs", "0"));
    assertBadInput(runQuickly("up", "--data", data, "--checkpoint-entries", "0"));
    assertBadInput(runQuickly("up", "--data", data, "--checkpoint-interval", "PT0S"));
    assertBadInput(runQuickly("up", "--data", data, "--tiles-port", "65536"));
    assertBadInput(runQuickly("up", "--data", data, "--tiles-port", "-2"));
    assertBadInput(runQuickly("up", "--data", data, "--bootstrap", "no-port"));
  }

  @Test
  void upRefusesToChangeTheNumberOfLogsOfItsData() throws Exception {
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Files.writeString(keys.resolve("log-0.key"), "");
    Files.writeString(keys.resolve("log-1.key"), "");
    assertBadInput(runQuickly("up", "--data", dir.toString(), "--logs", "1"));
    assertBadInput(runQuickly("up", "--data", dir.toString(), "--logs", "3"));
  }

  @Test
  void upRefusesAnIssuersFileItCannotLoad() throws Exception {
    assertBadInput(runQuickly("up", "--data", dir.toString(), "--issuers", dir.resolve("missing.json").toString()));
    Path invalid = Files.writeString(dir.resolve("issuers.json"), "{\"issuers\": [{}]}");
    assertBadInput(runQuickly("up", "--data", dir.toString(), "--issuers", invalid.toString()));
  }

  @Test
  void issueNeedsExactlyOneSourceOfRequests() throws Exception {
    Path file = Files.writeString(dir.resolve("requests.json"), "[]");
    assertBadInput(runQuickly("issue", "--bootstrap", NOWHERE));
    assertBadInput(runQuickly("issue", "--bootstrap", NOWHERE, "--demo", "3", "--file", file.toString()));
    assertBadInput(runQuickly("issue", "--bootstrap", NOWHERE, "--demo", "0"));
    assertBadInput(runQuickly("issue", "--bootstrap", NOWHERE, "--file", dir.resolve("missing.json").toString()));
  }

  @Test
  void aSchemaRegistryThatIsNotAnHttpUrlOrDoesNotAnswerIsBadInput() {
    String data = dir.resolve("data").toString();
    assertBadInput(runQuickly("issue", "--bootstrap", NOWHERE, "--demo", "3", "--schema-registry", "ftp://host/x"));
    assertBadInput(runQuickly("issue", "--bootstrap", NOWHERE, "--demo", "3", "--schema-registry", "http://127.0.0.1:9/"));
    assertBadInput(runQuickly("up", "--data", data, "--bootstrap", NOWHERE, "--schema-registry", "not a url"));
  }

  @Test
  void issueRefusesARequestsFileThatBreaksTheFormat() throws Exception {
    Path file = Files.writeString(dir.resolve("requests.json"), "[{\"requestId\": \"r\",}]", StandardCharsets.UTF_8);
    assertBadInput(runQuickly("issue", "--bootstrap", NOWHERE, "--file", file.toString()));
  }

  @Test
  void theClusterIsNamedByDataOrBootstrapNotBoth() {
    assertBadInput(runQuickly("issue", "--demo", "3", "--data", dir.toString(), "--bootstrap", NOWHERE));
    assertBadInput(runQuickly("issue", "--demo", "3", "--bootstrap", "127.0.0.1:99999"));
    assertBadInput(runQuickly("issue", "--demo", "3", "--bootstrap", "host"));
  }

  @Test
  void aDataDirectoryWithoutARunningUpNamesNoCluster() throws Exception {
    assertBadInput(runQuickly("issue", "--demo", "3", "--data", dir.toString()));
    assertBadInput(runQuickly("receipts", "--data", dir.toString(), "--out", dir.resolve("r").toString()));
    Files.writeString(dir.resolve(ClusterOptions.BOOTSTRAP_FILE), "not an address\n");
    assertBadInput(runQuickly("issue", "--demo", "3", "--data", dir.toString()));
  }

  @Test
  void receiptsRefusesBadWaitAndTimeout() {
    String out = dir.resolve("r").toString();
    assertBadInput(runQuickly("receipts", "--bootstrap", NOWHERE));
    assertBadInput(runQuickly("receipts", "--bootstrap", NOWHERE, "--out", out, "--wait", "0"));
    assertBadInput(runQuickly("receipts", "--bootstrap", NOWHERE, "--out", out, "--timeout", "PT0S"));
    assertBadInput(runQuickly("receipts", "--bootstrap", NOWHERE, "--out", out, "--timeout", "soon"));
  }

  @Test
  void replayRefusesAnOutThatIsNotAnEmptyDirectory() throws Exception {
    Files.writeString(dir.resolve("trust.json"), "{\"logs\":[],\"issuers\":[]}");
    Path full = Files.createDirectories(dir.resolve("full"));
    Files.writeString(full.resolve("x"), "x");
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertBadInput(runQuickly("replay", "--data", dir.toString(), "--out", full.toString()));
    assertBadInput(runQuickly("replay", "--data", dir.toString(), "--out", file.toString()));
  }

  @Test
  void replayNeedsATrustStoreItCanRead() throws Exception {
    String out = dir.resolve("out").toString();
    assertBadInput(runQuickly("replay", "--bootstrap", NOWHERE, "--out", out));
    assertBadInput(runQuickly("replay", "--data", dir.toString(), "--out", out));
    Path invalid = Files.writeString(dir.resolve("invalid.json"), "{\"logs\":[]}");
    assertBadInput(runQuickly("replay", "--bootstrap", NOWHERE, "--trust", invalid.toString(), "--out", out));
  }
}
