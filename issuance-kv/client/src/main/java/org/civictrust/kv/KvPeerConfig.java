package org.civictrust.kv;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How one peer runs: who it is, the whole group, where it keeps its Raft log and snapshots, and its
 * timing.
 *
 * <p>Timing: the leader sends a heartbeat every {@code electionTimeoutMin / 2} (150 ms by default); a
 * follower that hears nothing for a random time between {@code electionTimeoutMin} and {@code
 * electionTimeoutMax} (300 to 600 ms by default) starts an election. The design target for failover
 * (leader killed to first successful write) is under 600 ms; docs/benchmarks/kv-*.md report
 * what was measured.
 *
 * <p>Snapshots: one every {@code snapshotThreshold} applied log entries; the latest {@code
 * snapshotsRetained} are kept, and the log is kept {@code 3 * snapshotThreshold} entries behind the
 * latest one, so a peer whose latest snapshot is damaged still restarts from an older one and its log.
 * A follower further behind than that receives the leader's snapshot.
 *
 * @param peerId this peer's id, one of {@code peers}
 * @param peers the whole group (three by default), the same list on every peer
 * @param storageDir this peer's own directory
 * @param groupName the group's name (the Raft group id is derived from it)
 * @param electionTimeoutMin the shortest election timeout
 * @param electionTimeoutMax the longest election timeout
 * @param snapshotThreshold applied entries between snapshots
 * @param snapshotsRetained snapshot files kept
 * @param logSegmentBytes the size at which a Raft log segment is closed and a new one started (only
 *     closed segments are purged)
 */
public record KvPeerConfig(String peerId, List<KvPeer> peers, Path storageDir, String groupName,
    Duration electionTimeoutMin, Duration electionTimeoutMax, long snapshotThreshold, int snapshotsRetained,
    long logSegmentBytes) {
  /** The group name used unless another is given. */
  public static final String DEFAULT_GROUP = "civictrust-issuance";

  /**
   * Validates the configuration.
   *
   * @throws IllegalArgumentException if the peer is not in the group, ids repeat, or a number is out
   *     of range
   */
  public KvPeerConfig {
    Objects.requireNonNull(peerId, "peerId");
    peers = List.copyOf(peers);
    Objects.requireNonNull(storageDir, "storageDir");
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(electionTimeoutMin, "electionTimeoutMin");
    Objects.requireNonNull(electionTimeoutMax, "electionTimeoutMax");
    Set<String> ids = new HashSet<>();
    for (KvPeer peer : peers) {
      if (!ids.add(peer.id())) {
        throw new IllegalArgumentException("peer " + peer.id() + " is listed twice");
      }
    }
    if (!ids.contains(peerId)) {
      throw new IllegalArgumentException("peer " + peerId + " is not in the group");
    }
    if (groupName.isEmpty()) {
      throw new IllegalArgumentException("the group name is not empty");
    }
    if (electionTimeoutMin.toMillis() < 10 || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
      throw new IllegalArgumentException("election timeouts: at least 10 ms, and max above min");
    }
    if (snapshotThreshold < 1 || snapshotThreshold > Integer.MAX_VALUE / 3 || snapshotsRetained < 1) {
      throw new IllegalArgumentException("snapshotThreshold and snapshotsRetained must be positive");
    }
    if (logSegmentBytes < 4096) {
      throw new IllegalArgumentException("logSegmentBytes must be at least 4096");
    }
  }

  /**
   * The defaults: group {@value #DEFAULT_GROUP}, elections after 300 to 600 ms, a snapshot every
   * 10,000 entries, 3 kept, 8 MiB log segments.
   */
  public static KvPeerConfig of(String peerId, List<KvPeer> peers, Path storageDir) {
    return new KvPeerConfig(peerId, peers, storageDir, DEFAULT_GROUP, Duration.ofMillis(300), Duration.ofMillis(600),
        10_000, 3, 8L << 20);
  }

  /** This configuration with other election timeouts. */
  public KvPeerConfig withElectionTimeouts(Duration min, Duration max) {
    return new KvPeerConfig(peerId, peers, storageDir, groupName, min, max, snapshotThreshold, snapshotsRetained,
        logSegmentBytes);
  }

  /** This configuration with another snapshot threshold. */
  public KvPeerConfig withSnapshotThreshold(long threshold) {
    return new KvPeerConfig(peerId, peers, storageDir, groupName, electionTimeoutMin, electionTimeoutMax, threshold,
        snapshotsRetained, logSegmentBytes);
  }

  /** This configuration with another group name. */
  public KvPeerConfig withGroupName(String name) {
    return new KvPeerConfig(peerId, peers, storageDir, name, electionTimeoutMin, electionTimeoutMax,
        snapshotThreshold, snapshotsRetained, logSegmentBytes);
  }

  /** This configuration with another log segment size. */
  public KvPeerConfig withLogSegmentBytes(long bytes) {
    return new KvPeerConfig(peerId, peers, storageDir, groupName, electionTimeoutMin, electionTimeoutMax,
        snapshotThreshold, snapshotsRetained, bytes);
  }

  /** This peer. */
  public KvPeer self() {
    for (KvPeer peer : peers) {
      if (peer.id().equals(peerId)) {
        return peer;
      }
    }
    throw new IllegalStateException("validated in the constructor");
  }
}
