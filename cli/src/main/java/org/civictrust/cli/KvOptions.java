package org.civictrust.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.server.LocalKvCluster;
import picocli.CommandLine.Option;

/**
 * Where a command finds the issuance store and how it prints: {@code --kv id=host:port,…} lists the
 * peers; without it, {@code --data DIR} (default {@code civictrust-data}) reads {@code DIR/kv/peers},
 * written by {@code civictrust kv up --data DIR} and by {@code civictrust up --data DIR} (which runs the
 * same three-peer store with the pipeline). {@code --json} prints one JSON object instead of a
 * table.
 */
final class KvOptions {
  /** The store's directory inside the data directory. */
  static final String KV_DIR = "kv";

  @Option(names = "--kv", paramLabel = "PEERS",
      description = "The issuance store's peers, id=host:port,… (default: DATA/kv/peers of 'civictrust up' or 'kv up').")
  String peers;

  @Option(names = "--data", paramLabel = "DIR",
      description = "The data directory of 'civictrust up' or 'kv up' (default: civictrust-data).")
  Path data;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--timeout", defaultValue = "PT15S", paramLabel = "DURATION",
      description = "How long to keep trying to reach the store, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** The peers the options name. */
  List<KvPeer> peers() throws InputException, IOException {
    if (peers != null) {
      try {
        return KvPeer.parseList(peers);
      } catch (IllegalArgumentException e) {
        throw new InputException("--kv: " + e.getMessage(), e);
      }
    }
    Path dir = (data == null ? ClusterOptions.DEFAULT_DATA : data).resolve(KV_DIR);
    try {
      return LocalKvCluster.readPeers(dir).orElseThrow(() -> new InputException("no " + dir.resolve(
          LocalKvCluster.PEERS_FILE) + ": is 'civictrust up --data " + dir.getParent() + "' (or 'kv up') running? (or give --kv)"));
    } catch (IllegalArgumentException e) {
      throw new InputException(dir.resolve(LocalKvCluster.PEERS_FILE) + ": " + e.getMessage(), e);
    }
  }

  /** gRPC (inside Ratis) logs a notice through java.util.logging on first use; the commands print results only. */
  private static final Logger GRPC_NETTY = Logger.getLogger("org.apache.ratis.thirdparty.io.grpc.netty");

  /** Keeps gRPC's java.util.logging notices off stderr (warnings still show). */
  static void quietTransportLogging() {
    GRPC_NETTY.setLevel(Level.WARNING);
  }

  /** A client of the store, trying for {@code --timeout}. */
  KvClient connect() throws InputException, IOException {
    quietTransportLogging();
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InputException("--timeout must be positive");
    }
    return KvClient.connect(peers(), KvClient.Options.defaults().withDeadline(timeout));
  }
}
