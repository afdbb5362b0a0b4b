package org.civictrust.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code civictrust bench <name>}: the benchmarks that ship in the command. Each writes its figures,
 * with the machine and the commit, to {@code docs/benchmarks/<name>-<date>.json} and {@code .md} under
 * {@code --repo}. {@code bin/bench <name>} runs these and the benchmarks that need a checkout's test
 * classpath (JMH); the convention is in {@code docs/benchmarks/README.md}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Run a benchmark and write its figures to docs/benchmarks.",
        "Each writes <name>-<date>.json and .md there, under --repo. The benchmarks",
        "that need a checkout's test classpath (merkle, connectors) run with",
        "bin/bench <name>, which runs these too. Run benchmarks on a quiet machine."},
    subcommands = {PipelineBenchCommand.class, MonitorBenchCommand.class, KvBenchCommand.class})
final class BenchCommand implements Runnable {
  private final Main.Terminal terminal;

  @Spec
  CommandSpec spec;

  BenchCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public void run() {
    spec.commandLine().usage(terminal.out());
  }
}
