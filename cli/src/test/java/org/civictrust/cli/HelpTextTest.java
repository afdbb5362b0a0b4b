package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help text. The first line of a command's description is its summary in its parent's list of
 * commands ({@code civictrust --help}, {@code civictrust kv --help}), so it must be a whole sentence.
 */
class HelpTextTest {
  @Test
  void everyCommandSummaryIsACompleteSentence() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    Main.Terminal terminal = new Main.Terminal(new ByteArrayInputStream(new byte[0]), sink, sink);
    CommandLine root = new CommandLine(Main.class, new Main.Factory(terminal));
    List<String> failures = new ArrayList<>();
    walk(root, failures);
    assertEquals(List.of(), failures, "commands whose summary (first description line) is not a whole sentence");
  }

  @Test
  void everyCommandOfCommandsPrintsItsUsageWhenRunAlone() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    Main.Terminal terminal = new Main.Terminal(new ByteArrayInputStream(new byte[0]), sink, sink);
    List<String> failures = new ArrayList<>();
    List<CommandLine> commands = new ArrayList<>(List.of(new CommandLine(Main.class, new Main.Factory(terminal))));
    while (!commands.isEmpty()) {
      CommandLine command = commands.remove(0);
      if (command.getSubcommands().isEmpty()) {
        continue;
      }
      commands.addAll(new LinkedHashSet<>(command.getSubcommands().values()));
      String name = command.getCommandSpec().qualifiedName();
      String[] path = name.split(" ");
      CliRunner.Result result = CliRunner.run(List.of(path).subList(1, path.length).toArray(String[]::new));
      if (result.exitCode() != 0 || !result.out().startsWith("Usage: " + name + " ")) {
        failures.add(name + ": exit " + result.exitCode() + ", " + (result.out() + result.err()).lines().findFirst().orElse(""));
      }
    }
    assertEquals(List.of(), failures);
  }

  private static void walk(CommandLine command, List<String> failures) {
    String name = command.getCommandSpec().qualifiedName();
    String[] description = command.getCommandSpec().usageMessage().description();
    if (description.length == 0) {
      failures.add(name + ": no description");
    } else if (!isSentence(description[0])) {
      failures.add(name + ": \"" + description[0] + "\"");
    }
    for (CommandLine sub : new LinkedHashSet<>(command.getSubcommands().values())) { // an alias is listed again
      walk(sub, failures);
    }
  }

  /** Starts with a capital letter and ends with one full stop (not ':', ';', ',' or an ellipsis). */
  static boolean isSentence(String line) {
    String s = line.strip();
    return !s.isEmpty() && Character.isUpperCase(s.charAt(0)) && s.endsWith(".") && !s.endsWith("..");
  }
}
