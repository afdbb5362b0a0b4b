package org.civictrust.kv.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvPeerConfig;

/** The Ratis configuration of a peer and of a client, in one place (docs/design/issuance-kv.md, "Timing"). */
public final class RaftSettings {
  /**
   * How long a client waits for one reply before it counts the attempt as timed out. Long on purpose:
   * on a timeout Ratis reopens the connection, which fails every other request in flight on it, so a
   * short timeout under load turns into a storm of retries. A dead or deposed leader answers (or
   * refuses the connection) long before.
   */
  public static final Duration CLIENT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private RaftSettings() {}

  /** The Raft group id of a group name: a name-based UUID, the same on every peer and client. */
  public static RaftGroupId groupId(String groupName) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("civictrust-kv/" + groupName).getBytes(StandardCharsets.UTF_8)));
  }

  /** The Raft group of {@code peers}. */
  public static RaftGroup group(String groupName, List<KvPeer> peers) {
    List<RaftPeer> raftPeers = new ArrayList<>(peers.size());
    for (KvPeer peer : peers) {
      raftPeers.add(RaftPeer.newBuilder().setId(RaftPeerId.valueOf(peer.id())).setAddress(peer.address()).build());
    }
    return RaftGroup.valueOf(groupId(groupName), raftPeers);
  }

  /** The properties of the peer {@code config}. */
  public static RaftProperties server(KvPeerConfig config) {
    RaftProperties properties = new RaftProperties();
    RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
    RaftServerConfigKeys.setStorageDir(properties, List.of(config.storageDir().toFile()));
    GrpcConfigKeys.Server.setHost(properties, config.self().host());
    GrpcConfigKeys.Server.setPort(properties, config.self().port());

    // Heartbeats every electionTimeoutMin / 2; elections after a random timeout in [min, max].
    RaftServerConfigKeys.Rpc.setTimeoutMin(properties, millis(config.electionTimeoutMin()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(properties, millis(config.electionTimeoutMax()));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(properties, millis(config.electionTimeoutMin()));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(properties, millis(config.electionTimeoutMax()));

    // Reads that decide issuance are linearizable: ReadIndex, no leader lease.
    RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setTimeout(properties, TimeDuration.valueOf(5, TimeUnit.SECONDS));

    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, config.snapshotThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, config.snapshotsRetained());
    // Keep the log 3 thresholds behind the latest snapshot: an older snapshot plus the log can replace a
    // damaged latest one. A follower further behind gets the leader's snapshot.
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
    RaftServerConfigKeys.Log.setPurgePreservationLogNum(properties, 3 * config.snapshotThreshold());
    RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf(config.logSegmentBytes()));
    RaftServerConfigKeys.Log.setPurgeGap(properties, (int) Math.min(Integer.MAX_VALUE, config.snapshotThreshold()));
    // A torn or corrupted tail of the last log segment is dropped (its entries were not durable);
    // the leader sends them again.
    RaftServerConfigKeys.Log.setCorruptionPolicy(properties, RaftServerConfigKeys.Log.CorruptionPolicy.WARN_AND_RETURN);
    return properties;
  }

  /** The properties of a client. */
  public static RaftProperties client() {
    RaftProperties properties = new RaftProperties();
    RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
    RaftClientConfigKeys.Rpc.setRequestTimeout(properties, millis(CLIENT_REQUEST_TIMEOUT));
    RaftClientConfigKeys.Async.setOutstandingRequestsMax(properties, 1000);
    return properties;
  }

  private static TimeDuration millis(Duration duration) {
    return TimeDuration.valueOf(duration.toMillis(), TimeUnit.MILLISECONDS);
  }
}
