package org.civictrust.tlog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/** Renders the markdown summary of a run from its JSON record. */
final class Summary {
  private Summary() {}

  static String markdown(JsonNode json, BenchSettings settings) {
    StringBuilder md = new StringBuilder();
    md.append("# Merkle core benchmarks, ").append(json.get("date").asText()).append("\n\n");
    if (!"full".equals(settings.mode())) {
      md.append("> **").append(settings.mode()).append(" run**: not the standard settings; these figures")
          .append(" only show that the command works and are not comparable with a full run.\n\n");
    }
    JsonNode machine = json.get("machine");
    md.append("Commit `").append(json.get("commit").asText()).append("`, run from ")
        .append(json.get("startedAt").asText()).append(" to ").append(json.get("finishedAt").asText())
        .append(". JMH ").append(json.at("/settings/jmhVersion").asText()).append(", one thread, warm-up ")
        .append(settings.warmupIterations()).append(" × ").append(settings.warmupSeconds().toPlainString())
        .append(" s, measurement ").append(settings.iterations()).append(" × ")
        .append(settings.seconds().toPlainString()).append(" s, ").append(settings.forks())
        .append(settings.forks() == 1 ? " fork" : " forks").append(" (`")
        .append(String.join(" ", MerkleBenchmarks.FORK_JVM_ARGS)).append("`). Load average before: ")
        .append(machine.get("loadAverageBefore").asText("?")).append(", after: ")
        .append(machine.get("loadAverageAfter").asText("?")).append(".\n\n");

    md.append("## Targets\n\n| target | bound | measured | ratio | met |\n| --- | --- | --- | --- | --- |\n");
    JsonNode append = json.at("/targets/appendLeavesPerSecond");
    md.append("| append, one thread | ≥ ").append(format(append.get("target"), "ops/s")).append(" leaves/s | ")
        .append(format(append.get("measured"), "ops/s")).append(" leaves/s | ")
        .append(format(append.get("ratioToBaseline"), "ratio")).append(" × the time of ")
        .append(append.get("hashesPerLeaf").asInt()).append(" baseline hashes | ")
        .append(yesNo(append.get("met"))).append(" |\n");
    proofRows(md, json.at("/targets/inclusionVerify"), "inclusion check");
    proofRows(md, json.at("/targets/consistencyVerify"), "consistency check");
    md.append("\nA proof check is bounded by ").append(Report.PROOF_BOUND)
        .append(" × (the node hashes it computes × the time of one baseline SHA-256 of 65 bytes),")
        .append(" both measured in this run. Inclusion proofs: leaves 0, n/3, n/2 + 1 and n − 1 in turn;")
        .append(" consistency proofs: from old size n/3 × 2 + 1.\n\n");

    md.append("## Figures\n\n| figure | score | ± error (99.9 %) | min – max | iterations | unit |\n")
        .append("| --- | --- | --- | --- | --- | --- |\n");
    for (Report.Figure figure : Report.SCALARS) {
      figureRow(md, figure.label(), json.at("/spread/" + figure.key()), figure.unit());
    }
    for (Report.Figure figure : List.of(Report.INCLUSION, Report.CONSISTENCY)) {
      for (String size : Report.SIZES) {
        figureRow(md, figure.label() + ", " + sizeLabel(size) + " leaves",
            json.at("/spread/" + figure.key() + "/" + size), figure.unit());
      }
    }

    md.append("\n## Machine\n\n")
        .append("- CPU: ").append(machine.get("cpuModel").asText("?")).append(", ")
        .append(machine.get("cores").asInt()).append(" cores, SHA extensions: ")
        .append(yesNo(machine.get("cpuShaExtensions"))).append("; memory ")
        .append(machine.get("memoryGiB").asText("?")).append(" GiB\n")
        .append("- OS: ").append(machine.get("os").asText()).append("\n")
        .append("- JVM: ").append(machine.get("jvm").asText()).append("\n\n");

    md.append("## Rerun\n\n```\n")
        .append("bin/bench merkle            # all benchmarks, about 5 minutes; writes this file and its .json\n")
        .append("bin/bench merkle --quick    # smoke run, under a minute; figures not comparable\n")
        .append("bin/bench merkle --help     # iterations, times, forks, --include REGEX, --prof gc\n")
        .append("```\n\nRun on a quiet machine: builds and tests on the same cores skew every figure. ")
        .append("The benchmarks are in `merkle-builder/src/jmh/java/org/civictrust/tlog/bench/`; the raw JMH ")
        .append("results are in the JSON file under `results`.\n");
    return md.toString();
  }

  private static void proofRows(StringBuilder md, JsonNode targets, String what) {
    for (String size : Report.SIZES) {
      JsonNode target = targets.get(size);
      md.append("| ").append(what).append(", ");
      if (target.has("oldSize")) {
        md.append(target.get("oldSize").asLong()).append(" → ");
      }
      md.append(sizeLabel(size)).append(" leaves (").append(target.get("hashes").asText()).append(" hashes) | ≤ ")
          .append(format(target.get("boundMicros"), "us/op")).append(" µs | ")
          .append(format(target.get("measuredMicros"), "us/op")).append(" µs | ")
          .append(format(target.get("ratio"), "ratio")).append(" | ")
          .append(yesNo(target.get("within2x"))).append(" |\n");
    }
  }

  private static void figureRow(StringBuilder md, String label, JsonNode spread, String unit) {
    md.append("| ").append(label).append(" | ");
    if (spread == null || spread.isNull() || spread.isMissingNode()) {
      md.append("not measured | | | | ").append(unitLabel(unit)).append(" |\n");
      return;
    }
    md.append(format(spread.get("score"), unit)).append(" | ± ").append(format(spread.get("error999"), unit))
        .append(" | ").append(format(spread.get("min"), unit)).append(" – ").append(format(spread.get("max"), unit))
        .append(" | ").append(spread.get("iterations").asLong()).append(" | ").append(unitLabel(unit)).append(" |\n");
  }

  private static String format(JsonNode value, String unit) {
    if (value == null || !value.isNumber()) {
      return "—";
    }
    double number = value.asDouble();
    switch (unit) {
      case "ops/s":
        return String.format(Locale.ROOT, "%,.0f", number);
      case "us/op":
        return String.format(Locale.ROOT, "%.3f", number);
      default:
        return String.format(Locale.ROOT, "%.2f", number);
    }
  }

  private static String unitLabel(String unit) {
    return "us/op".equals(unit) ? "µs/op" : unit;
  }

  private static String yesNo(JsonNode value) {
    return value == null || !value.isBoolean() ? "not measured" : value.asBoolean() ? "yes" : "**no**";
  }

  private static String sizeLabel(String size) {
    long n = Long.parseLong(size);
    return Long.bitCount(n) == 1 ? "2^" + Long.numberOfTrailingZeros(n) : size;
  }
}
