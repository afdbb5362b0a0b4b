package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.civictrust.cli.DocBlocks.Block;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps every command block of the README and of {@code docs/} true: each {@code ```bash} block carries a
 * marker ({@link DocBlocks}), and each {@code doc-test} block is run by {@code bash -euo pipefail} against
 * the packaged {@code bin/civictrust}, in a directory of its own, and must end with its exit code (0
 * unless it says otherwise) having printed what it promises. The README's {@code readme-test} blocks are
 * {@link ReadmeIT}'s.
 *
 * <p>A server block (such as {@code civictrust up}) is started in the background, in a new session, and
 * is ready once it printed what it promises; the blocks with {@code setup=NAME} then run in its
 * directory, in document order, and it is stopped with SIGTERM (as Ctrl-C stops it in a terminal); then
 * the blocks with {@code after=NAME} run in the same directory. Every process a block leaves behind is
 * stopped when it ends (SIGTERM to its session's process group, then SIGKILL). Each block's time is
 * printed. {@code -Ddoc.blocks=NAME,…} runs only those blocks (with the server they need).
 */
class DocBlocksIT {
  private static final Path HOME = Path.of(System.getProperty("civictrust.home", "..")).toAbsolutePath().normalize();
  private static final Duration BLOCK_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
  private static final String CONNECT_WORKER = "connect-worker";

  private static final List<Script> RUNNING = new CopyOnWriteArrayList<>();
  private static final List<ConnectWorker> WORKERS = new CopyOnWriteArrayList<>();
  private static final Map<String, String> TIMES = new LinkedHashMap<>();
  private static double totalSeconds;

  @TempDir
  static Path work;

  @Test
  void everyShellBlockIsBashAndMarked() throws IOException {
    List<Block> blocks = DocBlocks.all(HOME);
    List<String> problems = problems(blocks);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    List<Block> skipped = blocks.stream().filter(b -> b.marker() != null && b.marker().has("skip")).toList();
    System.out.printf("[doc-test] %d bash blocks in README.md and docs/, %d exempt%s%n",
        blocks.stream().filter(b -> b.language().equals("bash")).count(), skipped.size(), skipped.stream()
            .map(b -> "\n[doc-test]   " + b.where() + " " + b.name() + ": " + b.marker().attributes().get("skip"))
            .collect(Collectors.joining()));
  }

  /** What is wrong with the markers of {@code blocks}: one line each. */
  static List<String> problems(List<Block> blocks) {
    List<String> problems = new ArrayList<>();
    Map<String, Block> byName = new HashMap<>();
    for (Block block : blocks) {
      if (block.markerProblem() != null) {
        problems.add(block.where() + ": " + block.markerProblem());
        continue;
      }
      if (!DocBlocks.SHELL.contains(block.language())) {
        if (block.marker() != null) {
          problems.add(block.where() + ": a marker on a ```" + block.language() + " block; only ```bash blocks run");
        }
        continue;
      }
      if (!block.language().equals("bash")) {
        problems.add(block.where() + ": a ```" + block.language() + " block; write shell as ```bash, with a marker");
      } else if (block.marker() == null) {
        problems.add(block.where() + ": a ```bash block without a marker on the line before it"
            + " (<!-- doc-test: NAME ... -->, or <!-- doc-test: NAME skip=\"why\" -->)");
      } else if (byName.put(block.marker().name(), block) != null) {
        problems.add(block.where() + ": the name " + block.marker().name() + " is taken by "
            + byName.get(block.marker().name()).where());
      }
    }
    for (Block block : byName.values()) {
      DocBlocks.Marker marker = block.marker();
      if (!marker.docTest()) {
        if (!Set.of("main", "tests", "auditor").contains(marker.name())) {
          problems.add(block.where() + ": readme-test is main, tests or auditor (ReadmeIT); use doc-test");
        }
        continue;
      }
      if (marker.has("skip") && (marker.attributes().get("skip").isBlank() || marker.attributes().size() > 1)) {
        problems.add(block.where() + ": skip=\"reason\" gives a reason and stands alone");
      }
      if (marker.has("setup") && marker.has("after")) {
        problems.add(block.where() + ": setup= or after=, not both");
      }
      for (String reference : List.of("setup", "after")) {
        marker.get(reference).ifPresent(name -> {
          Block server = byName.get(name);
          if (server == null || !server.marker().has("server") || server.marker().has("setup")
              || server.marker().has("after")) {
            problems.add(block.where() + ": " + reference + "=" + name + " names no server block of its own");
          }
        });
      }
      marker.get("with").ifPresent(fixture -> {
        if (!DocBlocks.FIXTURES.contains(fixture) || !marker.has("setup")) {
          problems.add(block.where() + ": with= is one of " + DocBlocks.FIXTURES + ", with a setup=");
        }
      });
      marker.get("exit").ifPresent(exit -> {
        if (!exit.matches("[0-9]{1,3}")) {
          problems.add(block.where() + ": exit=N");
        }
      });
      for (String flag : List.of("server")) {
        if (marker.has(flag) && !marker.attributes().get(flag).isEmpty()) {
          problems.add(block.where() + ": " + flag + " takes no value");
        }
      }
    }
    return problems;
  }

  /** The doc-test blocks, grouped by the server they need, in document order. */
  @TestFactory
  Stream<DynamicNode> everyDocTestBlockRuns() throws IOException {
    List<Block> blocks = DocBlocks.all(HOME);
    List<String> problems = problems(blocks);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(Files.isRegularFile(HOME.resolve("cli/target/civictrust-cli.jar")), "bin/civictrust is built");
    Set<String> only = new TreeSet<>();
    String selected = System.getProperty("doc.blocks", "").strip();
    if (!selected.isEmpty()) {
      only.addAll(Arrays.asList(selected.split("\\s*,\\s*")));
    }
    Map<String, Group> groups = new LinkedHashMap<>();
    for (Block block : blocks) {
      DocBlocks.Marker marker = block.marker();
      if (marker == null || !marker.docTest() || marker.has("skip")) {
        continue;
      }
      String root = marker.get("setup").or(() -> marker.get("after")).orElse(marker.name());
      Group group = groups.computeIfAbsent(root, name -> new Group(name, work.resolve(name)));
      if (marker.name().equals(root)) {
        group.root = block;
      } else if (marker.has("setup")) {
        group.during.add(block);
      } else {
        group.after.add(block);
      }
    }
    return groups.values().stream().map(group -> group.tests(only)).filter(g -> g != null);
  }

  @AfterAll
  static void stopWhatIsLeftAndPrintTimes() {
    for (Script script : RUNNING) {
      script.stop(Duration.ofSeconds(30));
    }
    for (ConnectWorker worker : WORKERS) {
      worker.close();
    }
    System.out.println("[doc-test] times:");
    TIMES.forEach((name, line) -> System.out.println("[doc-test]   " + line));
    System.out.printf("[doc-test]   %6.1f s  in all%n", totalSeconds);
  }

  /** A server block, or a lone block, with the blocks that run in its directory. */
  private static final class Group {
    final String name;
    final Path dir;
    Block root;
    final List<Block> during = new ArrayList<>();
    final List<Block> after = new ArrayList<>();
    Script server;
    ConnectWorker worker;
    CompletableFuture<ConnectWorker> workerStart;
    String broken;

    Group(String name, Path dir) {
      this.name = name;
      this.dir = dir;
    }

    boolean serves() {
      return root != null && root.marker().has("server");
    }

    DynamicNode tests(Set<String> only) {
      List<Block> chosenDuring = during.stream().filter(b -> only.isEmpty() || only.contains(b.name())).toList();
      List<Block> chosenAfter = after.stream().filter(b -> only.isEmpty() || only.contains(b.name())).toList();
      boolean rootChosen = only.isEmpty() || only.contains(name) || !chosenDuring.isEmpty() || !chosenAfter.isEmpty();
      if (!rootChosen) {
        return null;
      }
      List<DynamicTest> tests = new ArrayList<>();
      if (!serves()) {
        tests.add(test(root, () -> {
          prepare();
          run(root, Map.of());
        }));
        return DynamicContainer.dynamicContainer(name, tests);
      }
      tests.add(test(root, "start " + name, () -> {
        prepare();
        server = start(root);
        if (during.stream().anyMatch(b -> chosenDuring.contains(b) && b.marker().has("with"))) {
          Path bootstrap = dir.resolve("civictrust-data/bootstrap");
          workerStart = CompletableFuture.supplyAsync(() -> ConnectWorker.start(dir, bootstrap, root.file()));
        }
      }));
      for (Block block : chosenDuring) {
        tests.add(test(block, () -> {
          requireRunning();
          Map<String, String> env = Map.of();
          if (block.marker().has("with")) {
            worker = workerStart.join();
            env = Map.of("CONNECT", worker.rest.toString());
          }
          try {
            if (block.marker().has("server")) {
              start(block).stopAfterServing(block);
            } else {
              run(block, env);
            }
          } finally {
            boolean lastUser = block.marker().has("with")
                && chosenDuring.subList(chosenDuring.indexOf(block) + 1, chosenDuring.size()).stream()
                    .noneMatch(b -> b.marker().has("with"));
            if (lastUser && worker != null) {
              worker.close();
            }
          }
        }));
      }
      tests.add(test(root, "stop " + name, () -> {
        if (workerStart != null) {
          try {
            workerStart.join().close();
          } catch (CompletionException notStarted) {
            // the block that needed it failed with the reason
          }
        }
        if (server != null) {
          server.stopAfterServing(root);
        }
      }));
      for (Block block : chosenAfter) {
        tests.add(test(block, () -> {
          if (broken != null) {
            fail("not run: " + broken);
          }
          run(block, Map.of());
        }));
      }
      return DynamicContainer.dynamicContainer(name, tests);
    }

    private void prepare() throws IOException {
      Files.createDirectories(dir);
      if (!Files.exists(dir.resolve("bin"))) {
        Files.createSymbolicLink(dir.resolve("bin"), HOME.resolve("bin"));
      }
    }

    private void requireRunning() {
      if (broken != null) {
        fail("not run: " + broken);
      }
      if (server == null || !server.process.isAlive()) {
        fail("not run: the server block " + name + " is not running");
      }
    }

    private DynamicTest test(Block block, Executable body) {
      return test(block, block.name(), body);
    }

    private DynamicTest test(Block block, String label, Executable body) {
      return DynamicTest.dynamicTest(label + " (" + block.where() + ")", () -> {
        long started = System.nanoTime();
        String outcome = "FAILED";
        try {
          body.execute();
          outcome = "ok";
        } catch (Throwable e) {
          if (block == root && label.startsWith("start")) {
            broken = "the server block " + name + " did not start";
          }
          throw e;
        } finally {
          double seconds = (System.nanoTime() - started) / 1e9;
          totalSeconds += seconds;
          String line = String.format("%6.1f s  %-24s %-22s %s", seconds, label, block.where(), outcome);
          TIMES.put(label + "@" + block.where(), line);
          System.out.println("[doc-test] " + line);
        }
      });
    }

    /** Runs a block to its end and checks its exit code and its promised output. */
    private void run(Block block, Map<String, String> env) throws Exception {
      Script script = Script.start(block, dir, env);
      try {
        boolean ended = script.process.waitFor(BLOCK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
          fail(block.name() + " did not end within " + BLOCK_TIMEOUT + "\n" + script.tails());
        }
      } finally {
        script.stop(Duration.ofSeconds(60));
      }
      int expected = Integer.parseInt(block.marker().get("exit").orElse("0"));
      assertEquals(expected, script.process.exitValue(), block.name() + " ended with another exit code\n"
          + script.tails());
      List<String> promised = block.promised();
      int kept = DocBlocks.kept(promised, script.output());
      if (kept < promised.size()) {
        fail(block.name() + " did not print, in this order, what it promises: it printed the first " + kept
            + " of the " + promised.size() + " lines, not '" + promised.get(kept) + "'\n" + script.tails());
      }
    }

    /** Starts a server block and waits until it printed everything it promises. */
    private Script start(Block block) throws Exception {
      Script script = Script.start(block, dir, Map.of());
      List<String> promised = block.promised();
      long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
      while (DocBlocks.kept(promised, script.output()) < promised.size()) {
        if (!script.process.isAlive() || System.nanoTime() > deadline) {
          script.stop(Duration.ofSeconds(30));
          int kept = DocBlocks.kept(promised, script.output());
          fail(block.name() + (script.process.isAlive() ? " was not ready within " + READY_TIMEOUT : " ended")
              + ": it printed the first " + kept + " of the " + promised.size() + " lines it promises, not '"
              + promised.get(kept) + "'\n" + script.tails());
        }
        Thread.sleep(250);
      }
      return script;
    }
  }

  /** A bash script run in a session (and process group) of its own, its output in files. */
  static final class Script {
    final String name;
    final Process process;
    final Path out;
    final Path err;

    private Script(String name, Process process, Path out, Path err) {
      this.name = name;
      this.process = process;
      this.out = out;
      this.err = err;
    }

    static Script start(Block block, Path dir, Map<String, String> env) throws IOException {
      Path logs = Files.createDirectories(dir.resolve(".doc-test"));
      Path out = logs.resolve(block.name() + ".out");
      Path err = logs.resolve(block.name() + ".err");
      Files.writeString(logs.resolve(block.name() + ".sh"), block.script(), StandardCharsets.UTF_8);
      ProcessBuilder builder = new ProcessBuilder("setsid", "bash", "-euo", "pipefail", "-c", block.script())
          .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(env);
      Script script = new Script(block.name(), builder.start(), out, err);
      RUNNING.add(script);
      return script;
    }

    List<String> output() throws IOException {
      return new String(Files.readAllBytes(out), StandardCharsets.UTF_8).lines().toList();
    }

    /** Stops a server block as Ctrl-C would, and fails unless it (and all it started) stopped in time. */
    void stopAfterServing(Block block) {
      long started = System.nanoTime();
      boolean stopped = stop(STOP_TIMEOUT);
      System.out.printf("[doc-test] %s stopped in %.1f s%n", block.name(), (System.nanoTime() - started) / 1e9);
      assertTrue(stopped, block.name() + " did not stop within " + STOP_TIMEOUT + " of SIGTERM\n" + tails());
    }

    /**
     * Sends SIGTERM to every process of the script's group that still runs, waits up to {@code grace}
     * for them to end, then kills what is left; true if nothing had to be killed.
     */
    boolean stop(Duration grace) {
      long group = process.pid();
      try {
        if (!alive(group)) {
          return true;
        }
        signal("TERM", group);
        long deadline = System.nanoTime() + grace.toNanos();
        while (alive(group)) {
          if (System.nanoTime() > deadline) {
            signal("KILL", group);
            process.waitFor(10, TimeUnit.SECONDS);
            return false;
          }
          Thread.sleep(200);
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        RUNNING.remove(this);
      }
    }

    private static boolean alive(long group) throws InterruptedException {
      return signal("0", group);
    }

    private static boolean signal(String signal, long group) throws InterruptedException {
      try {
        Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + group)
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return kill.waitFor() == 0;
      } catch (IOException e) {
        throw new IllegalStateException("cannot run kill", e);
      }
    }

    String tails() {
      return "--- stdout (" + out + ", last lines):\n" + tail(out) + "--- stderr (" + err + ", last lines):\n" + tail(err);
    }

    private static String tail(Path file) {
      try {
        List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        return lines.subList(Math.max(0, lines.size() - 60), lines.size()).stream().map(l -> l + "\n")
            .collect(Collectors.joining());
      } catch (IOException e) {
        return "(unreadable: " + e + ")\n";
      }
    }
  }

  /**
   * A Kafka Connect worker (distributed mode) in a JVM of its own, as an operator runs one: Kafka Connect
   * from the test class path without CivicTrust's classes, configured by the document's
   * {@code # worker.properties} snippet, with {@code plugin.path} pointed at the plugin directory the
   * build packaged, on the cluster of {@code civictrust-data/bootstrap}.
   */
  static final class ConnectWorker implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    final Process process;
    final URI rest;
    final Path log;

    private ConnectWorker(Process process, URI rest, Path log) {
      this.process = process;
      this.rest = rest;
      this.log = log;
    }

    static ConnectWorker start(Path dir, Path bootstrapFile, String document) {
      try {
        Properties documented = documentedWorkerProperties(HOME.resolve(document));
        Path plugins = HOME.resolve("connectors/target/plugin");
        assertTrue(Files.isDirectory(plugins.resolve("civictrust-archive-sink")), plugins + " holds the packaged plugin");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
          port = socket.getLocalPort();
        }
        Properties props = new Properties();
        props.putAll(documented);
        props.put("plugin.path", plugins.toString());
        props.put("bootstrap.servers", Files.readString(bootstrapFile).strip());
        props.put("group.id", "civictrust-docs");
        for (String store : List.of("config", "offset", "status")) {
          props.put(store + ".storage.topic", "civictrust-docs-" + store + "s");
          props.put(store + ".storage.replication.factor", "1");
        }
        props.put("offset.storage.partitions", "1");
        props.put("status.storage.partitions", "1");
        props.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("listeners", "http://127.0.0.1:" + port);
        props.put("rest.advertised.host.name", "127.0.0.1");
        props.put("offset.flush.interval.ms", "2000");
        Path config = dir.resolve(".doc-test/worker.properties");
        try (Writer out = Files.newBufferedWriter(config)) {
          props.store(out, "DocBlocksIT: the documented worker.properties, on this cluster");
        }
        Path log = dir.resolve(".doc-test/connect-worker.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx384m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp", classpath(), "org.apache.kafka.connect.cli.ConnectDistributed", config.toString())
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ConnectWorker worker = new ConnectWorker(process, URI.create("http://127.0.0.1:" + port), log);
        WORKERS.add(worker);
        worker.awaitReady();
        return worker;
      } catch (Exception e) {
        throw new IllegalStateException("the Connect worker did not start: " + e.getMessage(), e);
      }
    }

    /**
     * The document's {@code ```properties} block that starts with {@code # worker.properties}, read as
     * Java reads a properties file; a value holding {@code " #"} is a comment that became part of it.
     */
    static Properties documentedWorkerProperties(Path document) throws IOException {
      String text = Files.readString(document, StandardCharsets.UTF_8);
      int start = text.indexOf("```properties\n# worker.properties\n");
      assertTrue(start >= 0, document + " has a ```properties block starting with '# worker.properties'");
      int body = text.indexOf('\n', start) + 1;
      Properties props = new Properties();
      props.load(new StringReader(text.substring(body, text.indexOf("```", body))));
      assertTrue(props.containsKey("plugin.path") && props.containsKey("plugin.discovery"), "worker.properties: " + props);
      for (String key : props.stringPropertyNames()) {
        String value = props.getProperty(key);
        assertTrue(!value.contains(" #") && !value.contains("\t#"), "worker.properties: " + key + "=" + value
            + " (a properties file has no comments at the end of a line)");
      }
      return props;
    }

    /** The test class path without CivicTrust's classes and the libraries only the plugin brings. */
    private static String classpath() {
      String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<String> kept = new ArrayList<>();
      for (String entry : classpath.split(File.pathSeparator)) {
        String path = entry.replace(File.separatorChar, '/');
        boolean ours = path.startsWith(HOME.toString().replace(File.separatorChar, '/') + "/")
            || path.contains("/org/civictrust/") || path.endsWith("/target/classes") || path.endsWith("/target/test-classes");
        boolean pluginOnly = path.contains("/software/amazon/") || path.contains("/org/apache/avro/")
            || path.contains("/org/bouncycastle/") || path.contains("/org/apache/httpcomponents/");
        if (!ours && !pluginOnly && !entry.isBlank()) {
          kept.add(entry);
        }
      }
      return String.join(File.pathSeparator, kept);
    }

    private void awaitReady() throws Exception {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      long deadline = System.nanoTime() + READY_WITHIN.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the Connect worker exited with " + process.exitValue() + "; see " + log);
        }
        try {
          HttpResponse<String> plugins = http.send(HttpRequest.newBuilder(rest.resolve("/connector-plugins"))
              .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
          if (plugins.statusCode() == 200 && plugins.body().contains("org.civictrust.connect.ArchiveSinkConnector")) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(250);
      }
      close();
      throw new IllegalStateException("the Connect worker was not ready within " + READY_WITHIN + "; see " + log);
    }

    /** A graceful stop (SIGTERM), then a kill after 60 s. */
    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          process.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
