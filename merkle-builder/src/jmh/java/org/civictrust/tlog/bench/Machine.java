package org.civictrust.tlog.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Facts about the machine, the JVM and the source tree a benchmark run measured. */
final class Machine {
  private Machine() {}

  /** Cores, memory, CPU model (and whether it has the SHA extensions), OS and JVM. */
  static ObjectNode describe() {
    ObjectNode machine = JsonNodeFactory.instance.objectNode();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    String memTotal = field(Path.of("/proc/meminfo"), "MemTotal", ":");
    if (memTotal != null) {
      long kib = Long.parseLong(memTotal.replace("kB", "").trim());
      machine.put("memoryGiB", Math.round(kib / (1024.0 * 1024.0) * 10) / 10.0);
    } else {
      machine.putNull("memoryGiB");
    }
    machine.put("cpuModel", field(Path.of("/proc/cpuinfo"), "model name", ":"));
    String flags = field(Path.of("/proc/cpuinfo"), "flags", ":");
    if (flags != null) {
      machine.put("cpuShaExtensions", List.of(flags.split(" ")).contains("sha_ni"));
    } else {
      machine.putNull("cpuShaExtensions");
    }
    String pretty = field(Path.of("/etc/os-release"), "PRETTY_NAME", "=");
    machine.put("os", (pretty == null ? System.getProperty("os.name") : pretty.replace("\"", ""))
        + ", kernel " + System.getProperty("os.version") + ", " + System.getProperty("os.arch"));
    machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + " (" + System.getProperty("java.vm.vendor") + ")");
    machine.put("javaHome", System.getProperty("java.home"));
    return machine;
  }

  /** The 1, 5 and 15 minute load averages, or null where there is no {@code /proc/loadavg}. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * {@code git rev-parse HEAD} of {@code repoRoot}, with "-dirty" appended when tracked or untracked
   * files differ from it (benchmark output under docs/benchmarks aside); "unknown" without git.
   */
  static String commit(Path repoRoot) {
    String head = git(repoRoot, "rev-parse", "HEAD");
    if (head == null || head.isEmpty()) {
      return "unknown";
    }
    String status = git(repoRoot, "status", "--porcelain", "--", ".", ":(exclude)docs/benchmarks");
    return status == null || !status.isEmpty() ? head + "-dirty" : head;
  }

  private static String git(Path repoRoot, String... args) {
    String[] command = new String[args.length + 3];
    command[0] = "git";
    command[1] = "-C";
    command[2] = repoRoot.toString();
    System.arraycopy(args, 0, command, 3, args.length);
    try {
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out;
      try (InputStream in = process.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroy();
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The value of the first line of {@code file} whose key is {@code key}, or null. */
  private static String field(Path file, String key, String separator) {
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int at = line.indexOf(separator);
        if (at > 0 && line.substring(0, at).trim().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
          return line.substring(at + separator.length()).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
