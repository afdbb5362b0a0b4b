package org.civictrust.cli;

import static org.civictrust.cli.TlogCommandTest.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Benchmarks in one shape (docs/benchmarks/README.md): {@code bin/bench <name>} runs each, and
 * {@code civictrust bench <name>} those that ship in the command. The benchmarks themselves never run in
 * the test command; these checks do not start one.
 */
class BenchCommandTest {
  private static final Path HOME = Path.of(System.getProperty("civictrust.home", "..")).toAbsolutePath().normalize();
  /** A row of a benchmarks table: its first cell is the name in backquotes. */
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z]+)` \\|");

  @TempDir
  Path dir;

  static CommandLine root() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    return new CommandLine(Main.class, new Main.Factory(new Main.Terminal(new ByteArrayInputStream(new byte[0]), sink, sink)));
  }

  @Test
  void theCommandHoldsItsBenchmarksUnderBenchOnly() {
    CommandLine root = root();
    assertEquals(List.of("pipeline", "monitor", "kv"), List.copyOf(root.getSubcommands().get("bench").getSubcommands().keySet()));
    assertFalse(root.getSubcommands().containsKey("monitor-bench"));
    assertFalse(root.getSubcommands().get("kv").getSubcommands().containsKey("bench"));
    String usage = CliRunner.run("bench").out();
    assertTrue(usage.startsWith("Usage: civictrust bench "), usage);
  }

  @Test
  void binBenchRunsEveryBenchmarkTheDocsList() throws Exception {
    Process process = new ProcessBuilder("bash", HOME.resolve("bin/bench").toString(), "--list").start();
    List<String> names = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue());
    assertEquals(names, rows(HOME.resolve("docs/benchmarks/README.md")), "docs/benchmarks/README.md lists bin/bench's");
    assertTrue(Files.readString(HOME.resolve("README.md")).contains("(docs/benchmarks/)"), "the README links the benchmarks");
    assertTrue(names.containsAll(root().getSubcommands().get("bench").getSubcommands().keySet()), names.toString());
  }

  private static List<String> rows(Path markdown) throws Exception {
    String text = Files.readString(markdown, StandardCharsets.UTF_8);
    Matcher m = ROW.matcher(text.substring(Math.max(0, text.indexOf("# Benchmarks"))));
    return m.results().map(r -> r.group(1)).toList();
  }

  @Test
  void eachRefusesSettingsTooSmallToMeasureBeforeStartingAnything() {
    String repo = dir.toString();
    assertBadInput(CliRunner.run("bench", "pipeline", "--documents", "10", "--repo", repo));
    assertBadInput(CliRunner.run("bench", "monitor", "--forks", "1", "--repo", repo));
    assertBadInput(CliRunner.run("bench", "kv", "--kills", "0", "--repo", repo));
    assertFalse(Files.exists(dir.resolve("docs")), "nothing written");
  }
}
