package org.civictrust.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.ReasonCode;
import org.civictrust.kv.StateDigest;

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
      cluster.isolation.isolate(isolated);
      // Read after the cut, once replies already in flight at the cut are handled: until then the
      // leader may still commit what it replicated before (Ratis also commits its own metadata
      // entries, so the commit index can move after the last acknowledged write).
      Thread.sleep(50);
      long committedBefore = cluster.server(isolated).commitIndex();
      long loggedBefore = cluster.server(isolated).lastLogIndex();

      // Sent at once, while the isolated peer still believes it leads: it appends the command to its
      // log but cannot replicate it to a majority, so it never commits it. (The client later finds
      // the majority's leader and the command is committed there, once.)
      KvCommand minorityWrite = put("minority-write", "minority.example/i");
      CompletableFuture<KvResult> pending = client.submitAsync(minorityWrite);
      Thread.sleep(1_500);
      KvServer cutOff = cluster.server(isolated);
      assertTrue(cutOff.lastLogIndex() > loggedBefore, "the isolated leader appended the command");
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

  private static KvCommand put(String requestId, String issuerId) {
    return new KvCommand.PutIssuer(requestId, KvCommand.ANY_VERSION, issuerId, List.of("permit"), 1_000);
  }
}
