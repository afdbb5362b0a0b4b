package org.civictrust.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.civictrust.files.AtomicFiles;
import org.civictrust.kv.server.KvBenchmark;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvUnavailableException;
import org.civictrust.kv.server.LocalKvCluster;
import org.civictrust.kv.RevocationExport;
import org.civictrust.platform.Pipeline;
import org.civictrust.tlog.SignerKey;
import org.civictrust.verifier.RevocationSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code civictrust kv up|export-revocations}: the Raft-replicated issuance store. */
@Command(name = "kv", mixinStandardHelpOptions = true, description = "The issuance store (three Raft peers).",
    subcommands = {KvStoreCommand.Up.class, KvStoreCommand.ExportRevocations.class})
final class KvStoreCommand implements Runnable {
  private final Main.Terminal terminal;

  @Spec
  CommandSpec spec;

  KvStoreCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public void run() {
    spec.commandLine().usage(terminal.out());
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = {"Run the issuance store until Ctrl-C.",
          "Three peers on loopback ports, each a Ratis server with its own storage directory DATA/kv/<id>;",
          "the peer list goes to DATA/kv/peers, where the other commands' --data finds it. Starting again on",
          "the same --data restarts the same peers on the same ports."})
  static final class Up implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Option(names = "--data", defaultValue = "civictrust-data", paramLabel = "DIR",
        description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--peers", defaultValue = "3", paramLabel = "N", description = "Peers on first start (default: ${DEFAULT-VALUE}).")
    int peerCount;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    Up(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      if (peerCount < 1 || peerCount % 2 == 0) {
        throw new InputException("--peers must be odd and at least 1");
      }
      if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
        // Ratis runs stages on the common pool; with 2 cores its parallelism would be 1.
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
      }
      KvOptions.quietTransportLogging();
      Path dir = data.resolve(KvOptions.KV_DIR);
      LocalKvCluster cluster;
      try {
        cluster = LocalKvCluster.start(dir, peerCount);
      } catch (IllegalArgumentException e) {
        throw new InputException(e.getMessage(), e);
      }
      try (KvClient client = KvClient.connect(cluster.peers())) {
        Optional<String> leader = awaitLeader(client);
        print(cluster, leader);
        UntilStopped.run(null, () -> stop(cluster));
        return 0;
      }
    }

    private static Optional<String> awaitLeader(KvClient client) throws InterruptedException {
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < until) {
        Optional<String> leader = client.leaderId();
        if (leader.isPresent()) {
          return leader;
        }
        Thread.sleep(50);
      }
      return Optional.empty();
    }

    private void print(LocalKvCluster cluster, Optional<String> leader) {
      PrintStream out = terminal.out();
      Path peersFile = cluster.directory().resolve(LocalKvCluster.PEERS_FILE);
      if (json) {
        ObjectNode node = Json.object().put("peersFile", peersFile.toString())
            .put("kv", KvPeer.formatList(cluster.peers())).put("leader", leader.orElse(null));
        ArrayNode peers = node.putArray("peers");
        for (KvPeer peer : cluster.peers()) {
          peers.add(Json.object().put("id", peer.id()).put("address", peer.address())
              .put("storage", cluster.directory().resolve(peer.id()).toString()));
        }
        Json.print(out, node);
      } else {
        out.printf("issuance store up: %d peers, leader %s%n", cluster.peers().size(), leader.orElse("not yet elected"));
        List<List<String>> rows = new ArrayList<>();
        for (KvPeer peer : cluster.peers()) {
          rows.add(List.of(peer.id(), peer.address(), cluster.directory().resolve(peer.id()).toString()));
        }
        KvOutput.table(out, List.of("PEER", "ADDRESS", "STORAGE"), rows);
        out.printf("peers file  %s (the other commands' --data %s finds the store there)%n", peersFile,
            cluster.directory().getParent());
        out.printf("--kv        %s%n", KvPeer.formatList(cluster.peers()));
        out.println("Running; stop with Ctrl-C.");
      }
      out.flush();
    }

    private boolean stopped;

    private synchronized void stop(LocalKvCluster cluster) {
      if (stopped) {
        return;
      }
      stopped = true;
      try {
        cluster.close();
      } catch (IOException e) {
        terminal.err().println("civictrust: error while stopping the store: " + e);
      }
      if (!json) {
        terminal.out().println("stopped");
        terminal.out().flush();
      }
    }
  }

  @Command(name = "export-revocations", mixinStandardHelpOptions = true,
      description = {"Export the revocations as a signed snapshot for offline verifiers.",
          "Every revoked key (with its cutoff) and revoked document, in a C2SP signed note (format:",
          "docs/design/issuance-kv.md)."})
  static final class ExportRevocations implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    KvOptions kv;

    @Option(names = "--key", paramLabel = "FILE", description = {"Signer key file (from 'keys generate'); default: the",
        "revocation key of 'civictrust up', DATA/" + Pipeline.REVOCATION_KEY_FILE + ", which its trust.json lists."})
    Path key;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The signed snapshot to write.")
    Path out;

    ExportRevocations(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      SignerKey signer = SignerKeyFiles.read(key != null ? key
          : (kv.data == null ? ClusterOptions.DEFAULT_DATA : kv.data).resolve(Pipeline.REVOCATION_KEY_FILE));
      RevocationSnapshot snapshot;
      try (KvClient client = kv.connect()) {
        snapshot = RevocationExport.read(client, signer.name(), System.currentTimeMillis());
      } catch (KvUnavailableException e) {
        throw KvOutput.unavailable(e);
      }
      byte[] note;
      try {
        note = snapshot.sign(signer);
      } catch (IllegalArgumentException e) {
        throw new InputException("cannot sign the snapshot: " + e.getMessage(), e);
      }
      AtomicFiles.createDirectories(out.toAbsolutePath().getParent());
      AtomicFiles.write(out, note);
      if (kv.json) {
        Json.print(terminal.out(), Json.object().put("file", out.toString()).put("index", snapshot.index())
            .put("keys", snapshot.keys().size()).put("documents", snapshot.documents().size())
            .put("verifierKey", signer.verifierKey().format()));
      } else {
        terminal.out().printf("wrote %s: %d revoked keys, %d revoked documents at log index %d, signed by %s%n", out,
            snapshot.keys().size(), snapshot.documents().size(), snapshot.index(), signer.verifierKey().format());
      }
      return 0;
    }
  }
}
