package org.civictrust.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code civictrust} command. Exit codes: 0 success, 1 a verification failed (the auditor
 * commands print {@code {"verdict":"FAILED","reason":"<REASON>"}}; {@code verify} prints a status line
 * per receipt; {@code replay} found a checkpoint that does not match; {@code issue} and {@code receipts}
 * could not do all they were asked), 2 bad usage, unreadable input or an unreachable cluster (stderr
 * says why), 3 a Kafka Streams application of {@code up}, {@code demo} or {@code monitor} stopped in ERROR
 * while running (stderr names it and the cause; the command closed everything it ran), 70 an internal
 * error.
 */
@Command(name = "civictrust", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "CivicTrust: a transparency log for signed civic documents.",
    subcommands = {TlogCommand.class, KeysCommand.class, NoteCommand.class, VerifyCommand.class, DemoCommand.class,
        UpCommand.class, IssueCommand.class, ReceiptsCommand.class, ReplayCommand.class, BenchCommand.class,
        MonitorCommand.class, WitnessCommand.class, IncidentsCommand.class, ArchiveCommand.class, KvStoreCommand.class,
        IssuersCommand.class, DocumentsCommand.class})
public final class Main implements Runnable {
  /** Exit code of a failed verification. */
  static final int FAILED = 1;
  /** Exit code of bad usage or unreadable input. */
  static final int BAD_INPUT = 2;
  /** Exit code of a command whose Kafka Streams application stopped in ERROR while it ran. */
  static final int APPLICATION_FAILED = 3;
  /** Exit code of an internal error. */
  static final int INTERNAL_ERROR = 70;

  private final Terminal terminal;

  @Spec
  CommandSpec spec;

  Main(Terminal terminal) {
    this.terminal = terminal;
  }

  /** Runs the command with the process's streams and exits with its code. */
  public static void main(String[] args) {
    // Avro (verify) logs through SLF4J and the cli ships no SLF4J provider yet: without this, SLF4J's
    // "no providers" notice would precede every verify output on stderr. A -D option still wins.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    LibraryLog.configure(args);
    System.exit(run(new Terminal(System.in, System.out, System.err), args));
  }

  /** Runs the command on {@code terminal} and returns its exit code. */
  static int run(Terminal terminal, String... args) {
    CommandLine commandLine = new CommandLine(Main.class, new Factory(terminal));
    commandLine.setOut(new PrintWriter(terminal.out(), true));
    commandLine.setErr(new PrintWriter(terminal.err(), true));
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof InputException || e instanceof IOException) {
        terminal.err().println("civictrust: " + e.getMessage());
        return BAD_INPUT;
      }
      terminal.err().println("civictrust: internal error");
      e.printStackTrace(terminal.err());
      return INTERNAL_ERROR;
    });
    int code = commandLine.execute(args);
    terminal.out().flush();
    return code;
  }

  @Override
  public void run() {
    spec.commandLine().usage(terminal.out());
  }

  /** Builds commands, handing the terminal to those that take it. */
  static final class Factory implements CommandLine.IFactory {
    private final Terminal terminal;

    Factory(Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        Constructor<K> constructor = type.getDeclaredConstructor(Terminal.class);
        return constructor.newInstance(terminal);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  /** The version from the jar's manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"civictrust " + (version == null ? "development" : version)};
    }
  }

  /** The streams a command reads and writes. */
  record Terminal(InputStream in, PrintStream out, PrintStream err) {}
}
