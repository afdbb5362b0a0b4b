package org.civictrust.kv.server.internal;

import static org.civictrust.kv.protocol.RaftSettings.millis;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.civictrust.kv.KvPeerConfig;

/** The Ratis configuration of a peer (docs/design/issuance-kv.md, "Timing"); the client's is {@code RaftSettings}. */
public final class PeerSettings {
  private PeerSettings() {}

  /** The properties of the peer {@code config}. */
  public static RaftProperties of(KvPeerConfig config) {
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

}
