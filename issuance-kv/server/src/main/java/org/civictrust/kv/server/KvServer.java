package org.civictrust.kv.server;

import java.io.IOException;
import java.nio.file.Files;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.server.GrpcServices;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.civictrust.kv.server.internal.IssuanceStateMachine;
import org.civictrust.kv.protocol.RaftSettings;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvPeerConfig;
import org.civictrust.kv.StateDigest;
import org.civictrust.kv.server.internal.PeerSettings;

/**
 * One peer of the store, running in this JVM: a Ratis server (gRPC transport) with the issuance state
 * machine, its Raft log and snapshots in its own storage directory. Start three, each with its own
 * directory and port, on one machine or three ({@link KvPeerMain} runs one as a process). Restarting a
 * peer on its directory recovers its state: the latest valid snapshot, then its log.
 */
public final class KvServer implements AutoCloseable {
  private final KvPeerConfig config;
  private final RaftServer server;
  private final IssuanceStateMachine stateMachine;

  private KvServer(KvPeerConfig config, RaftServer server, IssuanceStateMachine stateMachine) {
    this.config = config;
    this.server = server;
    this.stateMachine = stateMachine;
  }

  /**
   * Starts the peer: recovers its storage directory (creating it on first start) and joins its group.
   * Returns once the server listens; a leader is elected once a majority of the group runs.
   *
   * @throws IOException if the storage cannot be read or the port cannot be bound
   */
  public static KvServer start(KvPeerConfig config) throws IOException {
    return start(config, null);
  }

  /** {@link #start(KvPeerConfig)} with a customizer of the gRPC server (tests isolate peers with it). */
  static KvServer start(KvPeerConfig config, GrpcServices.Customizer customizer) throws IOException {
    Files.createDirectories(config.storageDir());
    Parameters parameters = new Parameters();
    if (customizer != null) {
      GrpcConfigKeys.Server.setServicesCustomizer(parameters, customizer);
    }
    IssuanceStateMachine stateMachine = new IssuanceStateMachine(config.snapshotsRetained());
    RaftServer server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(config.peerId()))
        .setGroup(RaftSettings.group(config.groupName(), config.peers()))
        .setStateMachine(stateMachine)
        .setProperties(PeerSettings.of(config))
        .setParameters(parameters)
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return new KvServer(config, server, stateMachine);
  }

  /** This peer. */
  public KvPeer peer() {
    return config.self();
  }

  /** This peer's configuration. */
  public KvPeerConfig config() {
    return config;
  }

  /** Whether this peer is the leader of its group right now (it may learn otherwise any moment). */
  public boolean isLeader() {
    try {
      return server.getDivision(RaftSettings.groupId(config.groupName())).getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  /** This peer's commit index (for tests and operators). */
  long commitIndex() throws IOException {
    return server.getDivision(RaftSettings.groupId(config.groupName())).getRaftLog().getLastCommittedIndex();
  }

  /** The index of the last entry in this peer's log, committed or not (for tests and operators). */
  long lastLogIndex() throws IOException {
    TermIndex last = server.getDivision(RaftSettings.groupId(config.groupName())).getRaftLog().getLastEntryTermIndex();
    return last == null ? 0 : last.getIndex();
  }

  /** This peer's last applied index and state digest (its own state, not a linearizable read). */
  public StateDigest digest() {
    return stateMachine.digest(config.peerId());
  }

  /** Stops the peer: a leader steps down first. This is a graceful stop, not a crash. */
  @Override
  public void close() throws IOException {
    server.close();
  }
}
