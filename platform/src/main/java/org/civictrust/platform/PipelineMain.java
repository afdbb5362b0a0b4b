package org.civictrust.platform;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.civictrust.issuance.IssuerRegistryFile;

/**
 * Runs the pipeline in a process of its own until it is stopped (or killed):
 * {@code PipelineMain --data DIR --issuers FILE [--bootstrap HOST:PORT] [--logs N]
 * [--checkpoint-entries N] [--checkpoint-millis T] [--tiles-port P]}. Prints one line
 * {@code READY <bootstrap> <tiles url>} on standard output once everything runs. Meant for process-level
 * tests (crashes) and for running the platform as a service; the {@code civictrust up} command offers
 * the same with a friendlier interface.
 */
public final class PipelineMain {
  private PipelineMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    if (!options.containsKey("data") || !options.containsKey("issuers")) {
      System.err.println("usage: PipelineMain --data DIR --issuers FILE [--bootstrap HOST:PORT] [--logs N] "
          + "[--checkpoint-entries N] [--checkpoint-millis T] [--tiles-port P]");
      System.exit(2);
    }
    PipelineConfig config = PipelineConfig.defaults(Path.of(options.get("data")),
            IssuerRegistryFile.loadPolicies(Path.of(options.get("issuers"))))
        .withLogs(Integer.parseInt(options.getOrDefault("logs", "1")))
        .withCheckpoints(Integer.parseInt(options.getOrDefault("checkpoint-entries", "1000")),
            Long.parseLong(options.getOrDefault("checkpoint-millis", "250")))
        .withTilesPort(Integer.parseInt(options.getOrDefault("tiles-port", "0")));
    if (options.containsKey("bootstrap")) {
      config = config.withBootstrapServers(options.get("bootstrap"));
    }
    Pipeline pipeline = Pipeline.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        pipeline.close();
      } finally {
        stopped.countDown();
      }
    }, "civictrust-shutdown"));
    System.out.println("READY " + pipeline.bootstrapServers() + " " + pipeline.tilesUrl());
    System.out.flush();
    stopped.await();
  }
}
