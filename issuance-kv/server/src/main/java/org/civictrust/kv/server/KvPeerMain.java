package org.civictrust.kv.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvPeerConfig;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictDecimal;

/**
 * Runs one peer as a process of its own until it is killed or stdin closes:
 *
 * <pre>
 * java -cp … org.civictrust.kv.server.KvPeerMain --id n1 --peers n1=127.0.0.1:7001,n2=127.0.0.1:7002,n3=127.0.0.1:7003 \
 *     --storage DIR [--group NAME] [--election-min-ms 300] [--election-max-ms 600] [--snapshot-threshold 10000]
 *     [--log-segment-bytes 8388608]
 * </pre>
 *
 * Prints {@code READY <id> <host:port>} on stdout once the server listens. Exit codes: 0 after a
 * graceful stop (stdin closed), 2 for bad arguments, 1 if the server cannot start.
 */
public final class KvPeerMain {
  private KvPeerMain() {}

  /** Runs the peer. */
  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
      // Ratis runs CompletableFuture stages on the common pool; with parallelism 1 (2 cores) every
      // stage would start a thread of its own.
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    KvPeerConfig config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("KvPeerMain: " + e.getMessage());
      System.exit(2);
      return;
    }
    KvServer server;
    try {
      server = KvServer.start(config);
    } catch (IOException e) {
      System.err.println("KvPeerMain: cannot start peer " + config.peerId() + ": " + e);
      System.exit(1);
      return;
    }
    out.println("READY " + config.peerId() + " " + config.self().address());
    CountDownLatch stdinClosed = new CountDownLatch(1);
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // Input is ignored; only its end matters.
        }
      } catch (IOException e) {
        // A broken stdin counts as closed.
      }
      stdinClosed.countDown();
    }, "stdin-watcher");
    watcher.setDaemon(true);
    watcher.start();
    stdinClosed.await();
    try {
      server.close();
    } catch (IOException e) {
      System.err.println("KvPeerMain: error while stopping: " + e);
    }
    System.exit(0);
  }

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException for a missing, unknown or malformed argument
   */
  static KvPeerConfig parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      if (options.put(args[i].substring(2), args[i + 1]) != null) {
        throw new IllegalArgumentException(args[i] + " given twice");
      }
    }
    for (String name : options.keySet()) {
      if (!List.of("id", "peers", "storage", "group", "election-min-ms", "election-max-ms", "snapshot-threshold",
          "log-segment-bytes")
          .contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
    }
    String id = required(options, "id");
    List<KvPeer> peers = KvPeer.parseList(required(options, "peers"));
    KvPeerConfig config = KvPeerConfig.of(id, peers, Path.of(required(options, "storage")));
    if (options.containsKey("group")) {
      config = config.withGroupName(options.get("group"));
    }
    if (options.containsKey("election-min-ms") || options.containsKey("election-max-ms")) {
      config = config.withElectionTimeouts(
          Duration.ofMillis(number(options, "election-min-ms", config.electionTimeoutMin().toMillis())),
          Duration.ofMillis(number(options, "election-max-ms", config.electionTimeoutMax().toMillis())));
    }
    if (options.containsKey("snapshot-threshold")) {
      config = config.withSnapshotThreshold(number(options, "snapshot-threshold", 0));
    }
    if (options.containsKey("log-segment-bytes")) {
      config = config.withLogSegmentBytes(number(options, "log-segment-bytes", 0));
    }
    return config;
  }

  /** The arguments that make {@link #parse} return {@code config}. */
  public static List<String> arguments(KvPeerConfig config) {
    return List.of("--id", config.peerId(), "--peers", KvPeer.formatList(config.peers()),
        "--storage", config.storageDir().toString(), "--group", config.groupName(),
        "--election-min-ms", Long.toString(config.electionTimeoutMin().toMillis()),
        "--election-max-ms", Long.toString(config.electionTimeoutMax().toMillis()),
        "--snapshot-threshold", Long.toString(config.snapshotThreshold()),
        "--log-segment-bytes", Long.toString(config.logSegmentBytes()));
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  private static long number(Map<String, String> options, String name, long fallback) {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return StrictDecimal.parseUint63(value, "--" + name);
    } catch (MalformedTextException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
