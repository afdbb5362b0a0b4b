package org.civictrust.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of the README and of {@code docs/**}/*.md, with the test marker on the line
 * before each, and what a block promises to print.
 *
 * <p>Markers: {@code <!-- readme-test: NAME -->} (the README's own tests: {@code main}, {@code tests},
 * {@code auditor}, run by {@link ReadmeIT}) and {@code <!-- doc-test: NAME [ATTRIBUTE…] -->} (run by
 * {@link DocBlocksIT}), whose attributes are:
 * <ul>
 *   <li>{@code server}: the block runs until stopped (like {@code civictrust up}); it is ready once it
 *       printed everything it promises, and is stopped with SIGTERM, as Ctrl-C stops it;
 *   <li>{@code setup=NAME}: the block runs while the server block NAME runs, in its directory;
 *   <li>{@code after=NAME}: the block runs in the directory of the server block NAME once it stopped;
 *   <li>{@code with=connect-worker}: a Kafka Connect worker runs on the cluster of the setup, configured by
 *       the document's {@code # worker.properties} snippet; its REST API is in {@code $CONNECT};
 *   <li>{@code exit=N}: the exit code the block ends with (default 0);
 *   <li>{@code skip="reason"}: the block is not run, and the reason is listed.
 * </ul>
 *
 * <p>What a block promises to print: a comment line directly after a command line (or after another
 * such comment) is a line of output, {@code # } removed; {@code …} stands for any text. A comment after a
 * blank line, or at the start of the block, is prose. The promised lines must appear in the block's
 * standard output in that order, each as a whole line, other lines between them allowed.
 */
final class DocBlocks {
  /** Languages of shell blocks; every one must be {@code bash} and carry a marker. */
  static final Set<String> SHELL = Set.of("bash", "sh", "shell", "console", "zsh");
  static final Set<String> ATTRIBUTES = Set.of("server", "setup", "after", "with", "exit", "skip");
  static final Set<String> FIXTURES = Set.of("connect-worker");

  private static final Pattern FENCE = Pattern.compile("^ {0,3}```\\s*([A-Za-z0-9_+-]*)\\s*$");
  private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*(readme-test|doc-test):(.*?)-->\\s*$");
  private static final Pattern ATTRIBUTE = Pattern.compile("\\s*([a-z-]+)(?:=(\"[^\"]*\"|[^\\s\"]+))?");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private DocBlocks() {}

  /** A block's marker: {@code kind} is readme-test or doc-test. */
  record Marker(String kind, String name, Map<String, String> attributes) {
    boolean has(String attribute) {
      return attributes.containsKey(attribute);
    }

    Optional<String> get(String attribute) {
      return Optional.ofNullable(attributes.get(attribute));
    }

    boolean docTest() {
      return kind.equals("doc-test");
    }
  }

  /**
   * A fenced block: the document (relative to the repository), the line of its opening fence, its
   * language, its marker (null if it has none, or a malformed one: see {@code markerProblem}), its text.
   */
  record Block(String file, int line, String language, Marker marker, String markerProblem, String script) {
    String where() {
      return file + ":" + line;
    }

    String name() {
      return marker == null ? where() : marker.name();
    }

    List<String> promised() {
      return DocBlocks.promised(script);
    }
  }

  /** The documents whose blocks are tested: README.md, then every docs/**.md, in path order. */
  static List<Path> documents(Path home) throws IOException {
    List<Path> documents = new ArrayList<>();
    documents.add(home.resolve("README.md"));
    try (Stream<Path> files = Files.walk(home.resolve("docs"))) {
      files.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    return documents;
  }

  /** Every fenced block of every document, in order. */
  static List<Block> all(Path home) throws IOException {
    List<Block> blocks = new ArrayList<>();
    for (Path document : documents(home)) {
      blocks.addAll(parse(home.relativize(document).toString().replace('\\', '/'),
          Files.readString(document, StandardCharsets.UTF_8)));
    }
    return blocks;
  }

  /** The block marked {@code readme-test: name} or {@code doc-test: name}; fails if there is none. */
  static Block named(Path home, String name) throws IOException {
    return all(home).stream().filter(b -> b.marker() != null && b.marker().name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no block is marked with the name " + name));
  }

  /** The fenced blocks of one document. */
  static List<Block> parse(String file, String text) {
    List<String> lines = text.lines().toList();
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      int start = i;
      StringBuilder script = new StringBuilder();
      for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
        script.append(lines.get(i)).append('\n');
      }
      Marker marker = null;
      String problem = null;
      if (start > 0) {
        Matcher m = MARKER.matcher(lines.get(start - 1));
        if (m.matches()) {
          try {
            marker = marker(m.group(1), m.group(2));
          } catch (IllegalArgumentException e) {
            problem = e.getMessage();
          }
        } else if (lines.get(start - 1).contains("-test:")) {
          problem = "not a marker: " + lines.get(start - 1);
        }
      }
      blocks.add(new Block(file, start + 1, open.group(1), marker, problem, script.toString()));
    }
    return blocks;
  }

  /** Parses a marker's body: {@code NAME ATTRIBUTE…}, strictly. */
  static Marker marker(String kind, String body) {
    String trimmed = body.strip();
    int space = trimmed.indexOf(' ');
    String name = space < 0 ? trimmed : trimmed.substring(0, space);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a marker's name is [a-z0-9-]+, got '" + name + "'");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    String rest = space < 0 ? "" : trimmed.substring(space);
    Matcher m = ATTRIBUTE.matcher(rest);
    int at = 0;
    while (at < rest.length()) {
      if (!m.find(at) || m.start() != at || m.end() == at) {
        throw new IllegalArgumentException("cannot read the attributes of " + name + " from: " + rest.substring(at));
      }
      String key = m.group(1);
      String value = m.group(2) == null ? "" : m.group(2).replaceAll("^\"|\"$", "");
      if (!kind.equals("doc-test") || !ATTRIBUTES.contains(key)) {
        throw new IllegalArgumentException(name + ": unknown attribute '" + key + "' (a doc-test knows " + ATTRIBUTES
            + ", a readme-test none)");
      }
      if (attributes.put(key, value) != null) {
        throw new IllegalArgumentException(name + ": attribute '" + key + "' twice");
      }
      at = m.end();
    }
    return new Marker(kind, name, Collections.unmodifiableMap(attributes));
  }

  /** The lines a script promises to print (see the class comment), as patterns. */
  static List<String> promised(String script) {
    List<String> promised = new ArrayList<>();
    boolean afterCommand = false;
    for (String line : script.lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        afterCommand = false;
      } else if (trimmed.startsWith("#")) {
        if (afterCommand) {
          String text = trimmed.substring(1);
          promised.add(text.startsWith(" ") ? text.substring(1) : text);
        }
      } else {
        afterCommand = true;
      }
    }
    return promised;
  }

  /** Whether {@code line} is what {@code pattern} promises: the same text, {@code …} standing for any. */
  static boolean matches(String pattern, String line) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.strip().split("…", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(line.strip()).matches();
  }

  /**
   * How many of the promised lines appear in {@code output}, in order (each matched by the first line
   * after the previous match): all of them when the output keeps the promise.
   */
  static int kept(List<String> promised, List<String> output) {
    int next = 0;
    for (String line : output) {
      if (next < promised.size() && matches(promised.get(next), line)) {
        next++;
      }
    }
    return next;
  }
}
