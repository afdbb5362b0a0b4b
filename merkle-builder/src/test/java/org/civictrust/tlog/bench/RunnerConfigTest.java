package org.civictrust.tlog.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/** The runner's settings and the report's mapping from benchmarks to figures. */
class RunnerConfigTest {
  @Test
  void everyFigureNamesABenchmarkWithTheUnitTheReportExpects() throws Exception {
    List<Report.Figure> figures = new ArrayList<>(Report.SCALARS);
    figures.add(Report.INCLUSION);
    figures.add(Report.CONSISTENCY);
    for (Report.Figure figure : figures) {
      String[] parts = figure.benchmark().split("\\.");
      Class<?> type = Class.forName(RunnerConfigTest.class.getPackageName() + "." + parts[0]);
      Method method = type.getMethod(parts[1]);
      assertNotNull(method.getAnnotation(Benchmark.class), figure.benchmark());
      Mode mode = type.getAnnotation(BenchmarkMode.class).value()[0];
      TimeUnit unit = type.getAnnotation(OutputTimeUnit.class).value();
      String expected = mode == Mode.Throughput && unit == TimeUnit.SECONDS ? "ops/s"
          : mode == Mode.AverageTime && unit == TimeUnit.MICROSECONDS ? "us/op" : mode + " " + unit;
      assertEquals(expected, figure.unit(), figure.benchmark());
    }
  }

  @Test
  void reportSizesAreTheBenchmarkParameters() throws Exception {
    String[] sizes = Report.SIZES.toArray(new String[0]);
    assertArrayEquals(sizes,
        InclusionVerifyBenchmark.class.getField("treeSize").getAnnotation(Param.class).value());
    assertArrayEquals(sizes,
        ConsistencyVerifyBenchmark.class.getField("newSize").getAnnotation(Param.class).value());
  }

  @Test
  void defaultsAreAFullRunIntoTheRepositoryDocs() {
    BenchSettings settings = BenchSettings.parse(new String[] {"--repo-root", "/repo"});
    assertEquals("full", settings.mode());
    assertEquals(5, settings.warmupIterations());
    assertEquals(new BigDecimal("2"), settings.warmupSeconds());
    assertEquals(5, settings.iterations());
    assertEquals(1, settings.forks());
    assertEquals(List.of(BenchSettings.ALL), settings.includes());
    assertEquals(Path.of("/repo/docs/benchmarks"), settings.outputDir());
  }

  @Test
  void quickIsShortAndOptionsOverrideIt() {
    BenchSettings quick = BenchSettings.parse(new String[] {"--quick"});
    assertEquals("quick", quick.mode());
    assertEquals(3, quick.iterations());
    BenchSettings custom = BenchSettings.parse(new String[] {"--quick", "--forks", "2", "--time", "0.5"});
    assertEquals("custom", custom.mode());
    assertEquals(2, custom.forks());
    assertEquals(new BigDecimal("0.5"), custom.seconds());
  }

  @Test
  void rejectsUnknownAndIncompleteArguments() {
    assertThrows(IllegalArgumentException.class, () -> BenchSettings.parse(new String[] {"--fast"}));
    assertThrows(IllegalArgumentException.class, () -> BenchSettings.parse(new String[] {"--forks"}));
    assertThrows(IllegalArgumentException.class, () -> BenchSettings.parse(new String[] {"--forks", "0"}));
  }
}
