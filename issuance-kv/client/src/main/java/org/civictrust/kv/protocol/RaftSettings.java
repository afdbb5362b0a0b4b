package org.civictrust.kv.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.util.TimeDuration;
import org.civictrust.kv.KvPeer;

/**
 * The Ratis settings a client and the peers share: the group and the client's properties (the peers'
 * own are in the server module; docs/design/issuance-kv.md, "Timing").
 */
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

  /** The properties of a client. */
  public static RaftProperties client() {
    RaftProperties properties = new RaftProperties();
    RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
    RaftClientConfigKeys.Rpc.setRequestTimeout(properties, millis(CLIENT_REQUEST_TIMEOUT));
    RaftClientConfigKeys.Async.setOutstandingRequestsMax(properties, 1000);
    return properties;
  }

  /** {@code duration} in Ratis' form, in milliseconds. */
  public static TimeDuration millis(Duration duration) {
    return TimeDuration.valueOf(duration.toMillis(), TimeUnit.MILLISECONDS);
  }
}
