package org.civictrust.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Where logging goes while {@code demo} and {@code up} run: every line to {@code DATA/logs/civictrust.log},
 * and, with {@code --verbose}, to the terminal (stderr) too. Without it the terminal shows the command's
 * own output only: its progress, its summary, and one line naming what failed (an application in ERROR,
 * say), with the details in the file. The libraries (Kafka broker, clients, Streams, Ratis) warn about
 * what they recover from by themselves (retried transactions, a closed client closed again, leader
 * changes), and CivicTrust's own loggers trace state changes: that is for the file, not for the person
 * who ran the demo.
 *
 * <p>How: the libraries and CivicTrust log through SLF4J to slf4j-simple, which platform's
 * {@code simplelogger.properties} points at {@code System.err}; slf4j-simple looks {@code System.err} up at
 * each write ({@code cacheOutputStream} is off). So {@link #open} replaces {@code System.err} and every
 * logger follows, whenever it was created: nothing depends on opening the log before the first logger.
 * Only the level is read once, when SLF4J starts: {@link #configure} sets it from {@code Main.main},
 * before anything runs. Anything else a library prints to {@code System.err} goes to the file too.
 */
final class LibraryLog implements AutoCloseable {
  /** The log file, in the data directory. */
  static final String FILE = "logs/civictrust.log";
  /** The commands that log to a file: they run the embedded broker and the processors. */
  static final Set<String> COMMANDS = Set.of("demo", "up");
  static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
  /** The {@code --verbose} option of the commands that log to a file. */
  static final class Options {
    @Option(names = "--verbose",
        description = "Also show the logging (Kafka, Streams, Ratis, CivicTrust) here; it always goes to DATA/" + FILE + ".")
    boolean verbose;

    /** Opens {@code DATA/logs/civictrust.log} for {@code command} and routes logging to it. */
    LibraryLog open(Path data, String command, Main.Terminal terminal) throws IOException {
      return LibraryLog.open(data.resolve(FILE), command, verbose, terminal.err());
    }

    /** Where the log is, for the command's output. */
    String describe(LibraryLog log) {
      return log.file() + (verbose ? " (also shown here, --verbose)" : " (the logging of Kafka, Streams, Ratis and"
          + " CivicTrust; --verbose shows it here too)");
    }
  }

  private final Path file;
  private final PrintStream previous;
  private final PrintStream routed;

  private LibraryLog(Path file, PrintStream previous, PrintStream routed) {
    this.file = file;
    this.previous = previous;
    this.routed = routed;
  }

  /**
   * Before anything logs: the commands that log to a file log at INFO (unless {@code -D} sets the level),
   * since the file, not the terminal, receives it. {@code args[0]} names the command: {@code civictrust}
   * itself has only {@code --help} and {@code --version}.
   */
  static void configure(String... args) {
    if (args.length > 0 && COMMANDS.contains(args[0]) && System.getProperty(LEVEL_PROPERTY) == null) {
      System.setProperty(LEVEL_PROPERTY, "info");
    }
  }

  /** Appends to {@code file} (creating it) and routes {@code System.err} to it, until {@link #close}. */
  static LibraryLog open(Path file, String command, boolean verbose, PrintStream terminal) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
    try {
      out.write(("---- civictrust " + command + " started " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      out.close();
      throw e;
    }
    PrintStream routed = new PrintStream(new Router(out, terminal, verbose), true, StandardCharsets.UTF_8);
    PrintStream previous = System.err;
    System.setErr(routed);
    return new LibraryLog(file, previous, routed);
  }

  /** The log file. */
  Path file() {
    return file;
  }

  /** Gives {@code System.err} back and closes the file. */
  @Override
  public void close() {
    if (System.err == routed) {
      System.setErr(previous);
    }
    routed.close();
  }

  /**
   * Writes every line to the file, and to the terminal too if verbose: whole lines, so that the writes
   * of several threads do not interleave within one.
   */
  static final class Router extends OutputStream {
    private final OutputStream file;
    private final OutputStream terminal;
    private final boolean everything;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    Router(OutputStream file, OutputStream terminal, boolean everything) {
      this.file = file;
      this.terminal = terminal;
      this.everything = everything;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      line.write(b);
      if (b == '\n') {
        endLine();
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      int start = off;
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          line.write(b, start, i + 1 - start);
          endLine();
          start = i + 1;
        }
      }
      line.write(b, start, off + len - start);
    }

    private void endLine() throws IOException {
      line.writeTo(file);
      if (everything) {
        line.writeTo(terminal);
      }
      line.reset();
    }

    @Override
    public synchronized void flush() throws IOException {
      file.flush();
      terminal.flush();
    }

    @Override
    public synchronized void close() throws IOException {
      if (line.size() > 0) {
        line.write('\n');
        endLine();
      }
      flush();
      file.close();
    }
  }
}
