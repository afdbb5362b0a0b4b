package org.civictrust.kv.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvPeerConfig;
import org.civictrust.kv.StateDigest;

/**
 * Three (or n) peers in this JVM, each a separate Ratis server with its own storage directory and
 * port, with a {@link PeerIsolation} in their transport. Peers can be stopped and restarted on their
 * directories.
 */
final class InProcessCluster implements AutoCloseable {
  final Path dir;
  final List<KvPeer> peers;
  final PeerIsolation isolation = new PeerIsolation();
  private final UnaryOperator<KvPeerConfig> tweak;
  private final Map<String, KvServer> running = new LinkedHashMap<>();

  private InProcessCluster(Path dir, List<KvPeer> peers, UnaryOperator<KvPeerConfig> tweak) {
    this.dir = dir;
    this.peers = peers;
    this.tweak = tweak;
  }

  static InProcessCluster start(Path dir, int count, UnaryOperator<KvPeerConfig> tweak) throws IOException {
    InProcessCluster cluster = new InProcessCluster(dir, LocalKvCluster.freeLoopbackPeers(count), tweak);
    for (KvPeer peer : cluster.peers) {
      cluster.start(peer.id());
    }
    return cluster;
  }

  KvPeerConfig config(String peerId) {
    return tweak.apply(KvPeerConfig.of(peerId, peers, dir.resolve(peerId)));
  }

  void start(String peerId) throws IOException {
    running.put(peerId, KvServer.start(config(peerId), isolation.customizer(peerId)));
  }

  void stop(String peerId) throws IOException {
    running.remove(peerId).close();
  }

  KvServer server(String peerId) {
    return running.get(peerId);
  }

  KvClient client() {
    return KvClient.connect(peers);
  }

  /** A client that knows only {@code peerId}. */
  KvClient clientOf(String peerId, Duration deadline) {
    KvPeer peer = peers.stream().filter(p -> p.id().equals(peerId)).findFirst().orElseThrow();
    return KvClient.connect(List.of(peer), KvClient.Options.defaults().withDeadline(deadline));
  }

  /** The running peer that is leader, waiting up to {@code timeout} for one. */
  String awaitLeader(Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      Optional<String> leader = running.entrySet().stream().filter(e -> e.getValue().isLeader())
          .map(Map.Entry::getKey).findFirst();
      if (leader.isPresent()) {
        return leader.get();
      }
      Thread.sleep(20);
    }
    return fail("no leader within " + timeout);
  }

  /** Waits until every running peer has applied the same index with the same digest; returns them. */
  List<StateDigest> awaitConvergence(Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    List<StateDigest> digests = new ArrayList<>();
    while (System.nanoTime() < until) {
      digests.clear();
      running.values().forEach(server -> digests.add(server.digest()));
      boolean same = digests.stream().allMatch(d -> d.appliedIndex() == digests.get(0).appliedIndex()
          && d.digest().equals(digests.get(0).digest()));
      if (same && digests.size() == running.size()) {
        return List.copyOf(digests);
      }
      Thread.sleep(50);
    }
    return fail("peers did not converge within " + timeout + ": " + digests);
  }

  @Override
  public void close() throws IOException {
    isolation.heal();
    for (KvServer server : running.values()) {
      server.close();
    }
    running.clear();
  }
}
