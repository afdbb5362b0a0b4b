package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README true: runs its command blocks (marked {@code <!-- readme-test: NAME -->}) against the
 * packaged {@code bin/civictrust}, and checks that CI runs exactly the README's test command. The other
 * command blocks of the README and of docs/ are {@link DocBlocksIT}'s.
 */
class ReadmeIT {
  private static final Path HOME = Path.of(System.getProperty("civictrust.home", "..")).toAbsolutePath().normalize();
  /** The first line of an slf4j-simple event: {@code [time ][[thread] ]LEVEL logger - message}. */
  private static final Pattern LOG_EVENT =
      Pattern.compile("^(?:[0-9]\\S* )?(?:\\[[^\\]]*\\] )?\\[?(?:TRACE|DEBUG|INFO|WARN|ERROR)\\]? +(\\S+) - ");
  private static final Pattern STACK_TRACE = Pattern.compile("^\\s+at |^\\s*Caused by: |^\\S+(Exception|Error)(: |$)");

  @TempDir
  Path work;

  /** The block marked {@code readme-test: name} in the README or in docs/ ({@link DocBlocks}). */
  static String block(String name) throws IOException {
    DocBlocks.Block block = DocBlocks.named(HOME, name);
    assertEquals("readme-test", block.marker().kind(), block.where());
    return block.script();
  }

  /** Runs {@code script} with bash in the work directory, with the repository's bin/ as bin/. */
  private ProcessResult bash(String script) throws Exception {
    if (!Files.exists(work.resolve("bin"))) {
      Files.createSymbolicLink(work.resolve("bin"), HOME.resolve("bin"));
    }
    Process process = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
        .directory(work.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "finished in time");
    return new ProcessResult(process.exitValue(), output);
  }

  record ProcessResult(int exitCode, String output) {}

  @Test
  void theAuditorWalkthroughRunsAndEveryVerificationPasses() throws Exception {
    String script = block("auditor");
    ProcessResult result = bash(script);
    assertEquals(0, result.exitCode(), result.output());
    List<String> promises = DocBlocks.promised(script);
    assertEquals(promises.size(), DocBlocks.kept(promises, result.output().lines().toList()),
        "prints what the block promises, in order: " + promises + "\n" + result.output());
    long verified = result.output().lines().filter("{\"verdict\":\"VERIFIED\"}"::equals).count();
    long promised = script.lines().filter("# {\"verdict\":\"VERIFIED\"}"::equals).count();
    assertEquals(promised, verified, result.output());
    assertTrue(result.output().startsWith("{\"treeSize\":3,\"rootHash\":\""), result.output());
  }

  @Test
  void theMainJobRunsAndVerifies() throws Exception {
    List<String> lines = block("main").lines().toList();
    assertEquals(1, lines.size());
    String build = "mvn -B -DskipTests package && ";
    assertTrue(lines.get(0).startsWith(build), lines.get(0));
    // The build already ran (this is the integration-test phase); run what follows it.
    ProcessResult result = bash(lines.get(0).substring(build.length()).replace("--count 1000", "--count 300"));
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("offline verification: {VERIFIED="), result.output());
    assertTrue(result.output().lines().anyMatch(l -> l.startsWith("VERIFIED: every accepted document has a verified receipt")),
        result.output());
    // The terminal shows the demo's own lines; the logging (warnings, stack traces) goes to the log file.
    assertEquals(List.of(), result.output().lines().filter(ReadmeIT::isLogOrStackTrace).toList(), result.output());
    String log = Files.readString(work.resolve("demo-data").resolve(LibraryLog.FILE), StandardCharsets.UTF_8);
    assertTrue(log.contains(" INFO org.apache.kafka."), "the log file receives Kafka's logging");
    // The receipts it wrote verify with the standalone command too, against the trust store it wrote.
    ProcessResult verify = bash("bin/civictrust verify --trust demo-data/trust.json demo-data/receipts/*.json > /dev/null");
    assertEquals(0, verify.exitCode(), verify.output());
  }

  /** A line of a logger (at any level), a warning or error, or a line of a stack trace. */
  static boolean isLogOrStackTrace(String line) {
    return LOG_EVENT.matcher(line).find() || line.contains(" WARN ") || line.contains(" ERROR ")
        || STACK_TRACE.matcher(line).find();
  }

  @Test
  void ciRunsExactlyTheReadmeTestCommand() throws Exception {
    String command = block("tests").strip();
    List<String> ci = Files.readAllLines(HOME.resolve(".ci/run"));
    assertEquals(command, ci.get(ci.size() - 1).strip());
  }
}
