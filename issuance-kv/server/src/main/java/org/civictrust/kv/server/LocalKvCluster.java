package org.civictrust.kv.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civictrust.files.AtomicFiles;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvPeerConfig;

/**
 * A whole store on this machine, in this JVM: {@code n} peers ({@code n1}, {@code n2}, ...) on
 * loopback ports, each a separate Ratis server with its own storage directory {@code DIR/<id>}. The
 * peer list is written to {@code DIR/peers} ({@link KvPeer#formatList} form, one line) on first
 * start and reused on the next, so the peers keep their addresses (the Raft log records them) and
 * clients find them. What {@code civictrust kv up} runs.
 */
public final class LocalKvCluster implements AutoCloseable {
  /** The file in the cluster directory that lists the peers. */
  public static final String PEERS_FILE = "peers";

  private final Path directory;
  private final List<KvPeer> peers;
  private final List<KvServer> servers;

  private LocalKvCluster(Path directory, List<KvPeer> peers, List<KvServer> servers) {
    this.directory = directory;
    this.peers = List.copyOf(peers);
    this.servers = List.copyOf(servers);
  }

  /**
   * Starts the store in {@code directory}: the peers listed in {@code directory/peers}, or, on first
   * start, {@code peerCount} new peers on free loopback ports.
   *
   * @throws IOException if a directory cannot be written, a port cannot be bound or a peer fails
   * @throws IllegalArgumentException if the peers file is malformed or lists another number of peers
   */
  public static LocalKvCluster start(Path directory, int peerCount) throws IOException {
    if (peerCount < 1) {
      throw new IllegalArgumentException("at least one peer");
    }
    Files.createDirectories(directory);
    List<KvPeer> peers = readPeers(directory).orElse(null);
    if (peers == null) {
      peers = freeLoopbackPeers(peerCount);
      byte[] list = (KvPeer.formatList(peers) + "\n").getBytes(StandardCharsets.UTF_8);
      AtomicFiles.write(directory.resolve(PEERS_FILE), list);
    } else if (peers.size() != peerCount) {
      throw new IllegalArgumentException(directory.resolve(PEERS_FILE) + " lists " + peers.size() + " peers, not "
          + peerCount);
    }
    List<KvServer> servers = new ArrayList<>();
    try {
      for (KvPeer peer : peers) {
        servers.add(KvServer.start(KvPeerConfig.of(peer.id(), peers, directory.resolve(peer.id()))));
      }
    } catch (IOException | RuntimeException e) {
      for (KvServer server : servers) {
        try {
          server.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    return new LocalKvCluster(directory, peers, servers);
  }

  /**
   * The peers listed in {@code directory/peers}, if the file exists.
   *
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if it is malformed
   */
  public static Optional<List<KvPeer>> readPeers(Path directory) throws IOException {
    Path file = directory.resolve(PEERS_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(KvPeer.parseList(Files.readString(file, StandardCharsets.UTF_8).trim()));
  }

  /** {@code count} peers {@code n1..n<count>} on loopback ports that were free a moment ago. */
  public static List<KvPeer> freeLoopbackPeers(int count) throws IOException {
    List<KvPeer> peers = new ArrayList<>();
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 1; i <= count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(socket);
        peers.add(new KvPeer("n" + i, "127.0.0.1", socket.getLocalPort()));
      }
    } finally {
      for (ServerSocket socket : held) {
        socket.close();
      }
    }
    return peers;
  }

  /** The cluster directory. */
  public Path directory() {
    return directory;
  }

  /** The peers. */
  public List<KvPeer> peers() {
    return peers;
  }

  /** The running servers, in peer order. */
  public List<KvServer> servers() {
    return servers;
  }

  /** Stops every peer. */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (KvServer server : servers) {
      try {
        server.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
