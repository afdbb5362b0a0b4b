package org.civictrust.tlog.bench;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How long and how often to run: defaults for a real run, {@code --quick} for a smoke run, then
 * system properties ({@code -Dbench.warmupIterations=...}), then command-line options.
 */
record BenchSettings(
    String mode,
    int warmupIterations,
    BigDecimal warmupSeconds,
    int iterations,
    BigDecimal seconds,
    int forks,
    List<String> includes,
    List<String> profilers,
    Path repoRoot,
    Path outputDir) {

  /** The figures the report names come from: every benchmark of this package. */
  static final String ALL = "org\\.civictrust\\.tlog\\.bench\\..*";

  static final String USAGE = String.join("\n",
      "usage: bin/bench merkle [options]",
      "  --quick                   smoke run (<1 min): warm-up 1 x 0.3 s, measurement 3 x 0.2 s; figures are",
      "                            not comparable, do not commit them",
      "  --warmup-iterations N     default 5    (or -Dbench.warmupIterations=N)",
      "  --warmup-time SECONDS     default 2    (or -Dbench.warmupTime=S)",
      "  --iterations N            default 5    (or -Dbench.iterations=N)",
      "  --time SECONDS            default 2    (or -Dbench.time=S)",
      "  --forks N                 default 1    (or -Dbench.forks=N)",
      "  --include REGEX           only benchmarks matching (repeatable; or -Dbench.include=R)",
      "  --prof NAME               add a JMH profiler, e.g. gc (repeatable)",
      "  --repo-root DIR           repository root (default: the current directory)",
      "  --output-dir DIR          default: <repo-root>/docs/benchmarks");

  /** Parses {@code args} over the system properties and defaults. */
  static BenchSettings parse(String[] args) {
    boolean quick = List.of(args).contains("--quick");
    String mode = quick ? "quick" : "full";
    int warmupIterations = quick ? 1 : 5;
    BigDecimal warmupSeconds = new BigDecimal(quick ? "0.3" : "2");
    int iterations = quick ? 3 : 5;
    BigDecimal seconds = new BigDecimal(quick ? "0.2" : "2");
    int forks = 1;
    List<String> includes = new ArrayList<>();
    List<String> profilers = new ArrayList<>();
    Path repoRoot = Path.of("").toAbsolutePath();
    Path outputDir = null;

    String property;
    if ((property = System.getProperty("bench.warmupIterations")) != null) {
      warmupIterations = atLeast(0, Integer.parseInt(property), "bench.warmupIterations");
      mode = "custom";
    }
    if ((property = System.getProperty("bench.warmupTime")) != null) {
      warmupSeconds = positive(new BigDecimal(property), "bench.warmupTime");
      mode = "custom";
    }
    if ((property = System.getProperty("bench.iterations")) != null) {
      iterations = atLeast(1, Integer.parseInt(property), "bench.iterations");
      mode = "custom";
    }
    if ((property = System.getProperty("bench.time")) != null) {
      seconds = positive(new BigDecimal(property), "bench.time");
      mode = "custom";
    }
    if ((property = System.getProperty("bench.forks")) != null) {
      forks = atLeast(1, Integer.parseInt(property), "bench.forks");
      mode = "custom";
    }
    if ((property = System.getProperty("bench.include")) != null) {
      includes.add(property);
    }

    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--quick":
          break;
        case "--warmup-iterations":
          warmupIterations = atLeast(0, Integer.parseInt(value(args, ++i, arg)), arg);
          mode = "custom";
          break;
        case "--warmup-time":
          warmupSeconds = positive(new BigDecimal(value(args, ++i, arg)), arg);
          mode = "custom";
          break;
        case "--iterations":
          iterations = atLeast(1, Integer.parseInt(value(args, ++i, arg)), arg);
          mode = "custom";
          break;
        case "--time":
          seconds = positive(new BigDecimal(value(args, ++i, arg)), arg);
          mode = "custom";
          break;
        case "--forks":
          forks = atLeast(1, Integer.parseInt(value(args, ++i, arg)), arg);
          mode = "custom";
          break;
        case "--include":
          includes.add(value(args, ++i, arg));
          break;
        case "--prof":
          profilers.add(value(args, ++i, arg));
          break;
        case "--repo-root":
          repoRoot = Path.of(value(args, ++i, arg)).toAbsolutePath();
          break;
        case "--output-dir":
          outputDir = Path.of(value(args, ++i, arg)).toAbsolutePath();
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
      }
    }
    if (!includes.isEmpty() && !"quick".equals(mode)) {
      mode = "custom";
    }
    if (includes.isEmpty()) {
      includes.add(ALL);
    }
    return new BenchSettings(mode, warmupIterations, warmupSeconds, iterations, seconds, forks,
        List.copyOf(includes), List.copyOf(profilers), repoRoot,
        outputDir == null ? repoRoot.resolve("docs").resolve("benchmarks") : outputDir);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static int atLeast(int min, int value, String option) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  private static BigDecimal positive(BigDecimal value, String option) {
    if (value.signum() <= 0) {
      throw new IllegalArgumentException(option + " must be > 0 seconds, got " + value);
    }
    return value;
  }
}
