package org.civictrust.tlog.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark of the trust core through the JMH {@link Runner} (forked JVMs, one thread)
 * and writes the figures to {@code docs/benchmarks/merkle-<date>.json} and {@code .md}.
 *
 * <p>Run it with {@code bin/bench merkle}, which builds the module and starts this class with the
 * test classpath: JMH forks need a real {@code java.class.path}. See {@link BenchSettings#USAGE}.
 */
public final class MerkleBenchmarks {
  /** Heap of the forked benchmark JVMs, fixed so that GC sizing does not vary between runs. */
  static final List<String> FORK_JVM_ARGS = List.of("-Xms1g", "-Xmx1g");

  /** Benchmarks (method and parameter combinations) in a run of everything. */
  private static final int ALL_BENCHMARKS = 2 + 1 + 3 + 3 + 6;

  private MerkleBenchmarks() {}

  /** Runs the benchmarks; {@code --help} lists the options. */
  public static void main(String[] args) throws RunnerException, IOException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.println(BenchSettings.USAGE);
      return;
    }
    BenchSettings settings = BenchSettings.parse(args);
    Instant started = Instant.now();
    String commit = Machine.commit(settings.repoRoot());
    String loadBefore = Machine.loadAverage();
    System.out.printf("bench merkle: %s run of commit %s; about %d s for all %d benchmarks%n",
        settings.mode(), commit, estimatedSeconds(settings), ALL_BENCHMARKS);

    Collection<RunResult> results = new Runner(options(settings)).run();
    if (results.isEmpty()) {
      throw new IllegalStateException("no benchmark matched " + settings.includes());
    }

    Report report = new Report(settings, results, Machine.describe(), commit,
        started.atOffset(ZoneOffset.UTC), Instant.now().atOffset(ZoneOffset.UTC), loadBefore,
        Machine.loadAverage());
    List<Path> written = report.write(settings.outputDir());
    System.out.println();
    System.out.print(report.summary());
    for (Path path : written) {
      System.out.println("wrote " + path);
    }
  }

  static org.openjdk.jmh.runner.options.Options options(BenchSettings settings) {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .warmupIterations(settings.warmupIterations())
        .warmupTime(time(settings.warmupSeconds()))
        .measurementIterations(settings.iterations())
        .measurementTime(time(settings.seconds()))
        .forks(settings.forks())
        .threads(1)
        .jvmArgs(FORK_JVM_ARGS.toArray(new String[0]))
        .shouldFailOnError(true);
    for (String include : settings.includes()) {
      options.include(include);
    }
    for (String profiler : settings.profilers()) {
      options.addProfiler(profiler);
    }
    return options.build();
  }

  private static TimeValue time(BigDecimal seconds) {
    return TimeValue.milliseconds(Math.max(1, seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValue()));
  }

  private static long estimatedSeconds(BenchSettings settings) {
    BigDecimal perFork = settings.warmupSeconds().multiply(BigDecimal.valueOf(settings.warmupIterations()))
        .add(settings.seconds().multiply(BigDecimal.valueOf(settings.iterations())))
        .add(BigDecimal.ONE);
    return perFork.multiply(BigDecimal.valueOf((long) settings.forks() * ALL_BENCHMARKS)).longValue();
  }
}
