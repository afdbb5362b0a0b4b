package org.civictrust.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.civictrust.platform.PipelineBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code civictrust bench pipeline}: measures the pipeline on the embedded broker against a pass-through
 * exactly-once ceiling measured in the same run, and writes {@code docs/benchmarks/pipeline-<date>.json}
 * and {@code .md}. A benchmark, not a test: run it on a quiet machine.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {"Benchmark the pipeline end to end on the embedded broker.",
        "Measures against a pass-through exactly-once ceiling in the same run; writes",
        "docs/benchmarks/pipeline-<date>.json and .md under --repo."})
final class PipelineBenchCommand implements Callable<Integer> {
  private final Main.Terminal terminal;

  @Option(names = "--runs", defaultValue = "3", description = "Runs (default: ${DEFAULT-VALUE}); the median is reported.")
  int runs;

  @Option(names = "--documents", defaultValue = "50000", description = "Documents for throughput (default: ${DEFAULT-VALUE}).")
  int documents;

  @Option(names = "--rate", defaultValue = "5000", description = "Documents/s for the latency phase (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--seconds", defaultValue = "20", description = "Length of the latency phase (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--repo", defaultValue = ".", description = "The repository to write docs/benchmarks into (default: .).")
  Path repo;

  PipelineBenchCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || documents < 1000 || rate < 1 || seconds < 1) {
      throw new InputException("--runs, --documents (>= 1000), --rate and --seconds must be positive");
    }
    List<PipelineBenchmark.Result> results = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Path work = Files.createTempDirectory("civictrust-bench");
      PipelineBenchmark.Result r = PipelineBenchmark.run(work, documents, rate, seconds);
      terminal.out().printf("run %d: %.0f documents/s (ceiling %.0f records/s), latency at %d/s p50 %.0f ms, p99 %.0f ms%n",
          i + 1, r.documentsPerSecond(), r.ceilingRecordsPerSecond(), rate, r.latencyMsP50(), r.latencyMsP99());
      results.add(r);
    }
    results.sort((a, b) -> Double.compare(a.documentsPerSecond(), b.documentsPerSecond()));
    Path file = PipelineBenchmark.write(repo, results, BenchmarkCommit.of(repo));
    terminal.out().println("wrote " + file);
    return 0;
  }
}
