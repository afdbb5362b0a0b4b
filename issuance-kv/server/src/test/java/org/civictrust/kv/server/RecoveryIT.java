package org.civictrust.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.ReasonCode;
import org.civictrust.kv.StateDigest;

/**
 * Followers that stop and come back: from the leader's snapshot when they fell too far behind, and
 * from their own storage after a torn log tail (a partially written, unacknowledged entry) and a
 * damaged latest snapshot. Every peer ends with the
 * same state digest.
 */
class RecoveryIT {
  @TempDir
  Path dir;

  /** Writes {@code count} commands (one log's watermark each), 50 in flight at a time; all must be applied. */
  private static void write(KvClient client, String prefix, int count) throws Exception {
    List<CompletableFuture<KvResult>> inFlight = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inFlight.add(client.submitAsync(new KvCommand.AdvanceWatermark(prefix + "-" + i, KvCommand.ANY_VERSION,
          prefix + ".example/log/" + i, i + 1, i)));
      if (inFlight.size() == 50) {
        for (CompletableFuture<KvResult> result : inFlight) {
          assertEquals(ReasonCode.OK, result.get().reason());
        }
        inFlight.clear();
      }
    }
    for (CompletableFuture<KvResult> result : inFlight) {
      assertEquals(ReasonCode.OK, result.get().reason());
    }
  }

  private static String aFollower(InProcessCluster cluster, String leader) {
    return cluster.peers.stream().map(KvPeer::id).filter(id -> !id.equals(leader)).findFirst().orElseThrow();
  }

  private static List<Path> snapshots(Path storage) throws IOException {
    try (Stream<Path> files = Files.walk(storage)) {
      return files.filter(f -> f.getFileName().toString().matches("snapshot\\.[0-9]+_[0-9]+"))
          .sorted(Comparator.comparingLong(RecoveryIT::snapshotIndex)).toList();
    }
  }

  private static long snapshotIndex(Path snapshot) {
    String name = snapshot.getFileName().toString();
    return Long.parseLong(name.substring(name.indexOf('_') + 1));
  }

  @Test
  void aFollowerFarBehindCatchesUpFromTheLeadersSnapshot() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(dir, 3, c -> c.withSnapshotThreshold(40).withLogSegmentBytes(16 * 1024));
        KvClient client = cluster.client()) {
      write(client, "before", 100);
      String leader = cluster.awaitLeader(Duration.ofSeconds(10));
      String follower = aFollower(cluster, leader);
      cluster.awaitConvergence(Duration.ofSeconds(10));
      long stoppedAt = cluster.server(follower).digest().appliedIndex();
      cluster.stop(follower);

      write(client, "while-down", 600);
      cluster.start(follower);
      List<StateDigest> digests = cluster.awaitConvergence(Duration.ofSeconds(30));
      assertTrue(digests.get(0).appliedIndex() > stoppedAt + 600);

      // The leader purged its log beyond what it keeps behind its snapshots, so the follower could
      // only catch up from an installed snapshot: it holds one it never took itself.
      List<Path> followerSnapshots = snapshots(dir.resolve(follower));
      long leaderLogStart = Long.MAX_VALUE;
      try (Stream<Path> files = Files.walk(dir.resolve(leader))) {
        for (Path file : files.toList()) {
          String name = file.getFileName().toString();
          if (name.startsWith("log_")) {
            String range = name.startsWith("log_inprogress_") ? name.substring(15) : name.substring(4);
            leaderLogStart = Math.min(leaderLogStart, Long.parseLong(range.split("-")[0]));
          }
        }
      }
      assertTrue(leaderLogStart > stoppedAt + 1, "the leader no longer has the follower's next entry");
      assertTrue(followerSnapshots.stream().anyMatch(s -> snapshotIndex(s) > stoppedAt),
          "the follower installed a snapshot: " + followerSnapshots);
    }
  }

  @Test
  void aPeerWithATornLogTailAndADamagedSnapshotRestartsFromItsLatestValidSnapshot() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(dir, 3, c -> c.withSnapshotThreshold(60).withLogSegmentBytes(16 * 1024));
        KvClient client = cluster.client()) {
      write(client, "first", 300);
      String leader = cluster.awaitLeader(Duration.ofSeconds(10));
      String follower = aFollower(cluster, leader);
      cluster.awaitConvergence(Duration.ofSeconds(10));
      cluster.stop(follower);

      Path storage = dir.resolve(follower);
      List<Path> snapshots = snapshots(storage);
      assertTrue(snapshots.size() >= 2, "an older snapshot to fall back to: " + snapshots);
      Path latest = snapshots.get(snapshots.size() - 1);
      try (RandomAccessFile file = new RandomAccessFile(latest.toFile(), "rw")) {
        file.seek(file.length() / 2);
        int b = file.read();
        file.seek(file.length() / 2);
        file.write(b ^ 0xFF);
      }
      Path openSegment;
      try (Stream<Path> files = Files.walk(storage)) {
        Optional<Path> found = files.filter(f -> f.getFileName().toString().startsWith("log_inprogress_")).findFirst();
        openSegment = found.orElseThrow(() -> new AssertionError("no open log segment"));
      }
      // A torn write: the peer died while appending its next entry, so the segment ends in part of
      // one (a length prefix announcing 100 bytes, then 8 of them). Such an entry was never
      // acknowledged (Ratis acknowledges an entry after it is flushed). Cutting into an entry the
      // peer had acknowledged would be losing durable data, which Raft does not survive: the leader
      // keeps that peer's match index and would never send the entry again.
      long segmentLength = Files.size(openSegment);
      assertTrue(segmentLength > 20);
      try (RandomAccessFile file = new RandomAccessFile(openSegment.toFile(), "rw")) {
        file.seek(segmentLength);
        file.write(new byte[] {100, 1, 2, 3, 4, 5, 6, 7, 8});
      }

      write(client, "meanwhile", 50);
      cluster.start(follower);
      assertTrue(Files.exists(latest.resolveSibling(latest.getFileName() + ".corrupt")),
          "the damaged snapshot was set aside");
      write(client, "after", 50);
      List<StateDigest> digests = cluster.awaitConvergence(Duration.ofSeconds(30));
      assertEquals(3, digests.size());
    }
  }
}
