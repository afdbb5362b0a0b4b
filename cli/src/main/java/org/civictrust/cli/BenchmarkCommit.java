package org.civictrust.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The commit a benchmark measured, for the figures it writes under {@code docs/benchmarks}. */
final class BenchmarkCommit {
  private BenchmarkCommit() {}

  /**
   * {@code git rev-parse HEAD} of {@code repo}, with {@code -dirty} when files other than the
   * benchmark figures changed; {@code unknown} outside a git repository.
   */
  static String of(Path repo) {
    try {
      Process git = new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "HEAD").start();
      String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      Process status = new ProcessBuilder("git", "-C", repo.toString(), "status", "--porcelain", "--", ".",
          ":!docs/benchmarks").start();
      boolean dirty = !new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
      return git.waitFor() == 0 && status.waitFor() == 0 && !head.isEmpty() ? head + (dirty ? "-dirty" : "")
          : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
