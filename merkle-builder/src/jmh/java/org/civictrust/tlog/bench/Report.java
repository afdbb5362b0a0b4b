package org.civictrust.tlog.bench;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * The figures of one run as JSON (the record) and markdown (its summary, rendered from the JSON):
 * each figure with its spread, the targets of the issue and whether they are met, machine, commit.
 */
final class Report {
  /** The issue's target for appends on one thread. */
  static final double APPEND_TARGET_PER_SECOND = 2_000_000;
  /** A proof check may take at most this many times the baseline time of the hashes it computes. */
  static final double PROOF_BOUND = 2.0;
  /** The tree sizes of the proof benchmarks, as JMH prints them. */
  static final List<String> SIZES = List.of("1024", "1048576", "4294967296");

  private static final String PACKAGE = MerkleBenchmarks.class.getPackageName() + ".";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A figure of the report: its JSON key, the benchmark it comes from, the unit and a label. */
  record Figure(String key, String benchmark, String unit, String label) {}

  static final List<Figure> SCALARS = List.of(
      new Figure("sha256PerSecond", "Sha256Benchmark.sha256Baseline", "ops/s",
          "SHA-256 of 65 B, JDK MessageDigest (the hash baseline)"),
      new Figure("rfc9162NodeHashPerSecond", "Sha256Benchmark.nodeHash", "ops/s",
          "Rfc9162.nodeHash (SHA-256 of the same 65 B)"),
      new Figure("appendLeavesPerSecond", "AppendBenchmark.append", "ops/s",
          "CompactRange.append(Rfc9162.leafHash(64 B entry)), leaves/s"),
      new Figure("ed25519SignPerSecond", "Ed25519Benchmark.bcSign", "ops/s",
          "Ed25519 sign, Bouncy Castle, public key given"),
      new Figure("ed25519SignDerivingPublicKeyPerSecond", "Ed25519Benchmark.bcSignDerivingPublicKey", "ops/s",
          "Ed25519 sign, Bouncy Castle, secret key only"),
      new Figure("ed25519VerifyPerSecond", "Ed25519Benchmark.bcVerifyPublicPoint", "ops/s",
          "Ed25519 verify, Bouncy Castle, pre-decoded PublicPoint"),
      new Figure("ed25519VerifyEncodedKeyPerSecond", "Ed25519Benchmark.bcVerify", "ops/s",
          "Ed25519 verify, Bouncy Castle, 32-byte encoded key"),
      new Figure("jdkEd25519SignPerSecond", "Ed25519Benchmark.jdkSign", "ops/s",
          "Ed25519 sign, JDK Signature"),
      new Figure("jdkEd25519VerifyPerSecond", "Ed25519Benchmark.jdkVerify", "ops/s",
          "Ed25519 verify, JDK Signature"));
  static final Figure INCLUSION = new Figure("inclusionVerifyMicros", "InclusionVerifyBenchmark.check",
      "us/op", "InclusionProofs.check");
  static final Figure CONSISTENCY = new Figure("consistencyVerifyMicros",
      "ConsistencyVerifyBenchmark.check", "us/op", "ConsistencyProofs.check");

  private final BenchSettings settings;
  private final Map<String, RunResult> results = new LinkedHashMap<>();
  private final ObjectNode json;

  Report(BenchSettings settings, Collection<RunResult> runResults, ObjectNode machine, String commit,
      OffsetDateTime started, OffsetDateTime finished, String loadBefore, String loadAfter) {
    this.settings = settings;
    for (RunResult result : runResults) {
      results.put(key(result.getParams()), result);
    }
    json = NODES.objectNode();
    json.put("date", started.toLocalDate().toString());
    json.put("startedAt", started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    json.put("finishedAt", finished.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    json.put("commit", commit);
    json.put("mode", settings.mode());
    ObjectNode spread = NODES.objectNode();
    for (Figure figure : SCALARS) {
      Result<?> result = primary(figure, null);
      json.set(figure.key(), number(result == null ? Double.NaN : result.getScore()));
      spread.set(figure.key(), spread(result));
    }
    for (Figure figure : List.of(INCLUSION, CONSISTENCY)) {
      ObjectNode scores = json.putObject(figure.key());
      ObjectNode spreads = spread.putObject(figure.key());
      for (String size : SIZES) {
        Result<?> result = primary(figure, size);
        scores.set(size, number(result == null ? Double.NaN : result.getScore()));
        spreads.set(size, spread(result));
      }
    }
    json.set("spread", spread);
    json.set("targets", targets());
    json.set("settings", settings());
    machine.put("loadAverageBefore", loadBefore);
    machine.put("loadAverageAfter", loadAfter);
    json.set("machine", machine);
    json.set("results", raw());
  }

  /** Writes {@code merkle-<date>.json} and {@code .md} into {@code directory}; returns their paths. */
  List<Path> write(Path directory) throws IOException {
    Files.createDirectories(directory);
    String base = "merkle-" + json.get("date").asText();
    Path jsonFile = directory.resolve(base + ".json");
    Path markdownFile = directory.resolve(base + ".md");
    JsonMapper mapper = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    Files.writeString(jsonFile, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n",
        StandardCharsets.UTF_8);
    Files.writeString(markdownFile, summary(), StandardCharsets.UTF_8);
    return List.of(jsonFile, markdownFile);
  }

  /** The markdown summary. */
  String summary() {
    return Summary.markdown(json, settings);
  }

  private ObjectNode targets() {
    ObjectNode targets = NODES.objectNode();
    double hashMicros = 1e6 / score(SCALARS.get(0), null);

    ObjectNode append = targets.putObject("appendLeavesPerSecond");
    double appendPerSecond = score(SCALARS.get(2), null);
    append.set("target", number(APPEND_TARGET_PER_SECOND));
    append.set("measured", number(appendPerSecond));
    append.set("met", atLeast(appendPerSecond, APPEND_TARGET_PER_SECOND));
    append.put("hashesPerLeaf", AppendBenchmark.HASHES_PER_LEAF);
    append.set("microsPerLeaf", number(1e6 / appendPerSecond));
    append.set("baselineMicrosForThoseHashes", number(AppendBenchmark.HASHES_PER_LEAF * hashMicros));
    append.set("ratioToBaseline", number(1e6 / appendPerSecond / (AppendBenchmark.HASHES_PER_LEAF * hashMicros)));

    targets.put("proofBound", "a proof check takes at most " + PROOF_BOUND
        + " x (number of node hashes it computes x the SHA-256 baseline time)");
    ObjectNode inclusion = targets.putObject("inclusionVerify");
    for (String size : SIZES) {
      long treeSize = Long.parseLong(size);
      long[] leaves = InclusionVerifyBenchmark.leafIndexes(treeSize);
      ObjectNode target = inclusion.putObject(size);
      ArrayNode leafIndexes = target.putArray("leafIndexes");
      long hashes = 0;
      for (long leaf : leaves) {
        leafIndexes.add(leaf);
        hashes += HashCounts.inclusion(leaf, treeSize);
      }
      proofBound(target, (double) hashes / leaves.length, hashMicros, score(INCLUSION, size));
    }
    ObjectNode consistency = targets.putObject("consistencyVerify");
    for (String size : SIZES) {
      long newSize = Long.parseLong(size);
      long oldSize = ConsistencyVerifyBenchmark.oldSize(newSize);
      ObjectNode target = consistency.putObject(size);
      target.put("oldSize", oldSize);
      proofBound(target, HashCounts.consistency(oldSize, newSize), hashMicros, score(CONSISTENCY, size));
    }
    return targets;
  }

  private static void proofBound(ObjectNode target, double hashes, double hashMicros, double measuredMicros) {
    double baselineMicros = hashes * hashMicros;
    target.set("hashes", number(hashes));
    target.set("hashBaselineMicros", number(hashMicros));
    target.set("baselineMicros", number(baselineMicros));
    target.set("boundMicros", number(PROOF_BOUND * baselineMicros));
    target.set("measuredMicros", number(measuredMicros));
    target.set("ratio", number(measuredMicros / baselineMicros));
    target.set("within2x", atLeast(PROOF_BOUND * baselineMicros, measuredMicros));
  }

  private ObjectNode settings() {
    ObjectNode out = NODES.objectNode();
    out.put("warmupIterations", settings.warmupIterations());
    out.put("warmupSeconds", settings.warmupSeconds());
    out.put("measurementIterations", settings.iterations());
    out.put("measurementSeconds", settings.seconds());
    out.put("forks", settings.forks());
    out.put("threads", 1);
    ArrayNode jvmArgs = out.putArray("forkJvmArgs");
    MerkleBenchmarks.FORK_JVM_ARGS.forEach(jvmArgs::add);
    ArrayNode includes = out.putArray("includes");
    settings.includes().forEach(includes::add);
    ArrayNode profilers = out.putArray("profilers");
    settings.profilers().forEach(profilers::add);
    out.put("scoreError", "JMH score error: half-width of the 99.9 % confidence interval (Student's t)");
    RunResult any = results.values().iterator().next();
    out.put("jmhVersion", any.getParams().getJmhVersion());
    return out;
  }

  private ArrayNode raw() {
    ArrayNode raw = NODES.arrayNode();
    for (Map.Entry<String, RunResult> entry : results.entrySet()) {
      BenchmarkParams params = entry.getValue().getParams();
      ObjectNode out = raw.addObject();
      out.put("benchmark", params.getBenchmark());
      out.put("mode", params.getMode().shortLabel());
      ObjectNode paramValues = out.putObject("params");
      for (String name : params.getParamsKeys()) {
        paramValues.put(name, params.getParam(name));
      }
      out.set("primary", spread(entry.getValue().getPrimaryResult()));
      ObjectNode secondary = out.putObject("secondary");
      for (String label : entry.getValue().getSecondaryResults().keySet()) {
        Result<?> second = entry.getValue().getSecondaryResults().get(label);
        ObjectNode value = secondary.putObject(label);
        value.set("score", number(second.getScore()));
        value.set("error999", number(second.getScoreError()));
        value.put("unit", second.getScoreUnit());
      }
    }
    return raw;
  }

  /** Score, 99.9 % error and interval, min and max across measurement iterations, their count. */
  private static JsonNode spread(Result<?> result) {
    if (result == null) {
      return NODES.nullNode();
    }
    Statistics statistics = result.getStatistics();
    double[] interval = result.getScoreConfidence();
    ObjectNode out = NODES.objectNode();
    out.set("score", number(result.getScore()));
    out.set("error999", number(result.getScoreError()));
    out.set("low999", number(interval[0]));
    out.set("high999", number(interval[1]));
    out.set("min", number(statistics.getMin()));
    out.set("max", number(statistics.getMax()));
    out.put("iterations", statistics.getN());
    out.put("unit", result.getScoreUnit());
    return out;
  }

  private double score(Figure figure, String size) {
    Result<?> result = primary(figure, size);
    return result == null ? Double.NaN : result.getScore();
  }

  private Result<?> primary(Figure figure, String size) {
    RunResult run = results.get(figure.benchmark() + (size == null ? "" : "@" + size));
    if (run == null) {
      return null;
    }
    Result<?> result = run.getPrimaryResult();
    if (!figure.unit().equals(result.getScoreUnit())) {
      throw new IllegalStateException(figure.benchmark() + " reports " + result.getScoreUnit()
          + ", the report expects " + figure.unit());
    }
    return result;
  }

  private static String key(BenchmarkParams params) {
    String name = params.getBenchmark();
    StringBuilder key = new StringBuilder(name.startsWith(PACKAGE) ? name.substring(PACKAGE.length()) : name);
    for (String param : params.getParamsKeys()) {
      key.append('@').append(params.getParam(param));
    }
    return key.toString();
  }

  /** Six significant digits, or null for a figure that was not measured. */
  static JsonNode number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return NODES.nullNode();
    }
    return NODES.numberNode(new BigDecimal(value).round(new MathContext(6)));
  }

  /** Whether {@code value >= bound}, or null if either was not measured. */
  private static JsonNode atLeast(double value, double bound) {
    return Double.isNaN(value) || Double.isNaN(bound) ? NODES.nullNode() : NODES.booleanNode(value >= bound);
  }
}
