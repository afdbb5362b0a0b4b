package org.civictrust.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.ReasonCode;
import org.civictrust.kv.StateDigest;
import org.civictrust.tlog.testing.Await;

/**
 * A minority partition: the leader of three peers is cut off from the other two. The isolation is
 * made by blocking the peer's traffic in the transport ({@link PeerIsolation}: every Raft message it
 * sends or receives is dropped by a gRPC interceptor; there are no network namespaces on this
 * machine). The isolated peer cannot commit anything; the majority elects a leader and goes on; after
 * healing, the isolated peer drops what it could not commit and converges to the majority's state.
 */
class PartitionIT {
  @TempDir
  Path dir;

  @Test
  void anIsolatedLeaderCannotCommitTheMajorityContinuesAndItConvergesAfterHealing() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(dir, 3, config -> config);
        KvClient client = cluster.client()) {
      for (int i = 0; i < 20; i++) {
        assertEquals(ReasonCode.OK, client.submit(put("before-" + i, "before.example/i")).reason());
      }
      String isolated = cluster.awaitLeader(Duration.ofSeconds(10));
      cluster.awaitConvergence(Duration.ofSeconds(10));
      // Cut only once the log is quiet: every peer holds the same log, all of it committed. Until then
      // a reply in flight at the cut could still let the leader commit what it had replicated (Ratis
      // also commits its own metadata entries, so the commit index moves after the last acknowledged
      // write); once quiet, nothing can move the isolated leader's commit index but a new command.
      Await.until("every peer to hold the same log, all of it committed (commit/last index by peer)",
          Duration.ofSeconds(10), Duration.ofMillis(20), () -> logIndexes(cluster), PartitionIT::quiet);
      cluster.isolation.isolate(isolated);
      long committedBefore = cluster.server(isolated).commitIndex();
      long loggedBefore = cluster.server(isolated).lastLogIndex();

      // Sent at once, while the isolated peer still believes it leads: it appends the command to its
      // log but cannot replicate it to a majority, so it never commits it. (The client later finds
      // the majority's leader and the command is committed there, once.)
      KvCommand minorityWrite = put("minority-write", "minority.example/i");
      CompletableFuture<KvResult> pending = client.submitAsync(minorityWrite);
      KvServer cutOff = cluster.server(isolated);
      Await.until("the isolated leader to append the command after index " + loggedBefore, Duration.ofSeconds(10),
          Duration.ofMillis(20), cutOff::lastLogIndex, logged -> logged > loggedBefore);
      // Checked again below, after the majority has gone on for 30 writes and a new election.
      assertEquals(committedBefore, cutOff.commitIndex(), "and committed nothing");

      for (int i = 0; i < 30; i++) {
        assertEquals(ReasonCode.OK, client.submit(put("majority-" + i, "majority.example/i")).reason());
      }
      String newLeader = cluster.awaitLeader(Duration.ofSeconds(10));
      assertNotEquals(isolated, newLeader);
      StateDigest majority = cluster.server(newLeader).digest();
      StateDigest minority = cluster.server(isolated).digest();
      assertTrue(minority.appliedIndex() < majority.appliedIndex(), "the isolated peer applied nothing new");
      assertNotEquals(majority.digest(), minority.digest());
      assertEquals(committedBefore, cutOff.commitIndex(), "still nothing committed by the isolated peer");

      cluster.isolation.heal();
      List<StateDigest> converged = cluster.awaitConvergence(Duration.ofSeconds(30));
      assertTrue(converged.get(0).appliedIndex() >= majority.appliedIndex());
      assertEquals(30, client.issuer("majority.example/i").orElseThrow().issuer().version());
      KvResult written = pending.get();
      assertEquals(ReasonCode.OK, written.reason());
      assertTrue(written.logIndex() > committedBefore);
      assertEquals(written, client.submit(minorityWrite), "a retry returns the original result");
      assertEquals(1, client.issuer("minority.example/i").orElseThrow().issuer().version(), "applied once");
    }
  }

  /** A peer's commit index and the index of the last entry in its log. */
  private record LogIndexes(long committed, long last) {
    @Override
    public String toString() {
      return committed + "/" + last;
    }
  }

  /** Each running peer's log indexes. */
  private static Map<String, LogIndexes> logIndexes(InProcessCluster cluster) throws IOException {
    Map<String, LogIndexes> indexes = new TreeMap<>();
    for (var peer : cluster.peers) {
      KvServer server = cluster.server(peer.id());
      indexes.put(peer.id(), new LogIndexes(server.commitIndex(), server.lastLogIndex()));
    }
    return indexes;
  }

  /** Whether every peer holds the same log and has committed all of it. */
  private static boolean quiet(Map<String, LogIndexes> indexes) {
    return indexes.values().stream().distinct().count() == 1
        && indexes.values().stream().allMatch(i -> i.committed() == i.last());
  }

  private static KvCommand put(String requestId, String issuerId) {
    return new KvCommand.PutIssuer(requestId, KvCommand.ANY_VERSION, issuerId, List.of("permit"), 1_000);
  }
}
