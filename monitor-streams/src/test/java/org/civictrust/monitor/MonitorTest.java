package org.civictrust.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.civictrust.monitor.Monitor.Outcome;
import org.civictrust.monitor.Monitor.Outcome.Status;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.TileReader;
import org.junit.jupiter.api.Test;
import org.civictrust.witness.TestLog;

class MonitorTest {
  static final String ORIGIN = "log.civictrust.example/0";
  static final SignerKey MONITOR_KEY = TestLog.key("monitor.example/m1", 1);
  static final long T0 = 1_790_000_000_000L;

  final TestLog log = TestLog.create(ORIGIN, 3);

  Monitor monitorOf(TileReader tiles, Monitor.Settings settings) {
    return new Monitor(MONITOR_KEY.name(), List.of(log.monitored()), ProofSource.tiles(Map.of(ORIGIN, tiles)), settings);
  }

  Monitor monitorOf(TestLog view) {
    return monitorOf(view.tiles, Monitor.Settings.defaults());
  }

  IncidentVerifier verifier() {
    return IncidentVerifier.of(List.of(MONITOR_KEY.verifierKey()), List.of(log.monitored()));
  }

  static List<IncidentReason> reasons(List<Incident> incidents) {
    return incidents.stream().map(Incident::reason).toList();
  }

  @Test
  void acceptsThreeThousandConsistentCheckpointsWithoutAnIncident() {
    Monitor monitor = monitorOf(log.tiles, Monitor.Settings.defaults().withFreshness(Duration.ofMinutes(1)));
    Random random = new Random(5);
    List<Incident> incidents = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      log.append(1 + random.nextInt(20), "main");
      Outcome outcome = monitor.observe(log.checkpoint(), T0 + i * 100L);
      assertEquals(Status.ACCEPTED, outcome.status(), "checkpoint " + i);
      incidents.addAll(outcome.incidents());
      incidents.addAll(monitor.tick(T0 + i * 100L + 50));
    }
    assertEquals(List.of(), incidents);
    assertArrayEquals(log.checkpoint(), monitor.latest(ORIGIN).orElseThrow());
  }

  @Test
  void aRepeatedCheckpointIsNeitherAcceptedAgainNorAnIncident() {
    Monitor monitor = monitorOf(log);
    log.append(5, "main");
    assertEquals(Status.ACCEPTED, monitor.observe(log.checkpoint(), T0).status());
    Outcome again = monitor.observe(log.checkpoint(), T0 + 1);
    assertEquals(Status.REPEATED, again.status());
    assertEquals(List.of(), again.incidents());
  }

  @Test
  void sameSizeWithAnotherRootIsACriticalIncidentThatVerifiesOffline() {
    log.append(10, "main");
    TestLog fork = log.fork(6).append(4, "fork");
    Monitor monitor = monitorOf(log);
    monitor.observe(log.checkpoint(), T0);
    Outcome outcome = monitor.observe(fork.checkpoint(), T0 + 1);
    assertEquals(Status.REJECTED, outcome.status());
    assertEquals(List.of(IncidentReason.SAME_SIZE_DIFFERENT_ROOT), reasons(outcome.incidents()));
    Incident incident = outcome.incidents().get(0);
    assertEquals(Severity.CRITICAL, incident.severity());
    assertArrayEquals(log.checkpoint(), incident.checkpoints().get(0));
    assertArrayEquals(fork.checkpoint(), incident.checkpoints().get(1));
    IncidentVerdict verdict = verifier().verify(incident.sign(MONITOR_KEY));
    assertEquals(IncidentVerdict.Status.PROVEN, verdict.status(), verdict.explanation());
  }

  @Test
  void aMonitorShownTheForkProvesItInconsistentWithWhatItAcceptedBefore() throws Exception {
    log.append(10, "main");
    Monitor monitor = monitorOf(log.tiles, Monitor.Settings.defaults());
    assertEquals(Status.ACCEPTED, monitor.observe(log.checkpoint(), T0).status());
    // From now on the log shows this monitor another history, tiles included.
    TestLog fork = log.fork(7).append(13, "fork");
    Monitor shownTheFork = new Monitor(MONITOR_KEY.name(), List.of(log.monitored()),
        ProofSource.tiles(Map.of(ORIGIN, fork.tiles)), Monitor.Settings.defaults());
    shownTheFork.resume(monitor.latest(ORIGIN).orElseThrow(), T0);
    Outcome outcome = shownTheFork.observe(fork.checkpoint(), T0 + 1);
    assertEquals(List.of(IncidentReason.INCONSISTENT_CHECKPOINTS), reasons(outcome.incidents()));
    Incident incident = outcome.incidents().get(0);
    assertEquals(ConsistencyEvidenceSizes.seeded(10, 20), incident.proof().size());
    assertEquals(IncidentVerdict.Status.PROVEN, verifier().verify(incident.sign(MONITOR_KEY)).status());
  }

  @Test
  void aLargerForkOnTheLogsOwnChannelIsProvenByTheNextHonestCheckpoint() {
    log.append(10, "main");
    Monitor monitor = monitorOf(log);
    monitor.observe(log.checkpoint(), T0);
    TestLog fork = log.fork(8).append(12, "fork");
    Outcome forked = monitor.observe(fork.checkpoint(), T0 + 1);
    assertEquals(Status.PENDING, forked.status(), "the honest tiles do not yield the fork's root: undecided");
    assertEquals(List.of(), forked.incidents());
    log.append(15, "main");
    Outcome honest = monitor.observe(log.checkpoint(), T0 + 2);
    assertEquals(Status.ACCEPTED, honest.status());
    assertEquals(List.of(IncidentReason.INCONSISTENT_CHECKPOINTS), reasons(honest.incidents()));
    assertEquals(IncidentVerdict.Status.PROVEN, verifier().verify(honest.incidents().get(0).sign(MONITOR_KEY)).status());
    assertEquals(0, monitor.pendingCount(ORIGIN));
  }

  @Test
  void aLogThatRollsBackAndGoesOnWithAnotherHistoryIsARollback() {
    log.append(20, "main");
    Monitor monitor = monitorOf(log);
    monitor.observe(log.checkpoint(), T0);
    TestLog rolledBack = log.fork(12).append(3, "after-rollback");
    Outcome outcome = monitor.observe(rolledBack.checkpoint(), T0 + 1);
    assertEquals(Status.REJECTED, outcome.status());
    assertEquals(List.of(IncidentReason.ROLLBACK), reasons(outcome.incidents()));
    assertEquals(IncidentVerdict.Status.PROVEN, verifier().verify(outcome.incidents().get(0).sign(MONITOR_KEY)).status());
  }

  @Test
  void anOlderCheckpointOfTheSameHistoryIsOnlyAWarning() {
    log.append(12, "main");
    byte[] older = log.checkpoint();
    log.append(8, "main");
    Monitor monitor = monitorOf(log);
    monitor.observe(older, T0);
    monitor.observe(log.checkpoint(), T0 + 1);
    Outcome outcome = monitor.observe(older, T0 + 2);
    assertEquals(List.of(IncidentReason.OLD_CHECKPOINT), reasons(outcome.incidents()));
    assertArrayEquals(log.checkpoint(), monitor.latest(ORIGIN).orElseThrow(), "the view does not go back");
    assertEquals(IncidentVerdict.Status.AUTHENTIC, verifier().verify(outcome.incidents().get(0).sign(MONITOR_KEY)).status());
  }

  @Test
  void badSignaturesUnknownKeysMalformedNotesAndUnknownLogsAreWarningsAndTheMonitorGoesOn() {
    log.append(4, "main");
    Monitor monitor = monitorOf(log);
    monitor.observe(log.checkpoint(), T0);
    log.append(4, "main");
    byte[] good = log.checkpoint();
    byte[] badSignature = TestLog.withBadSignature(good);
    byte[] otherKey = Notes.sign(new String(good, StandardCharsets.UTF_8).substring(0, TestLog.textLength(good)),
        TestLog.key(ORIGIN, 99));
    byte[] malformed = "not a note".getBytes(StandardCharsets.UTF_8);
    byte[] notACheckpoint = Notes.sign(ORIGIN + "\nnot a size\n", log.key);
    byte[] unknownLog = TestLog.create("other.example/log", 4).append(1, "x").checkpoint();
    assertEquals(List.of(IncidentReason.BAD_SIGNATURE), reasons(monitor.observe(badSignature, T0 + 1).incidents()));
    assertEquals(List.of(IncidentReason.UNKNOWN_KEY), reasons(monitor.observe(otherKey, T0 + 2).incidents()));
    assertEquals(List.of(IncidentReason.MALFORMED), reasons(monitor.observe(malformed, T0 + 3).incidents()));
    assertEquals(List.of(IncidentReason.MALFORMED), reasons(monitor.observe(notACheckpoint, T0 + 4).incidents()));
    assertEquals(List.of(IncidentReason.UNKNOWN_LOG), reasons(monitor.observe(unknownLog, T0 + 5).incidents()));
    Outcome outcome = monitor.observe(good, T0 + 6);
    assertEquals(Status.ACCEPTED, outcome.status());
    assertEquals(List.of(), outcome.incidents());
  }

  @Test
  void repeatsOfOneCauseAreSuppressedAndCountedInTheNextAlert() {
    log.append(4, "main");
    Monitor monitor = monitorOf(log);
    byte[] bad = TestLog.withBadSignature(log.checkpoint());
    List<Incident> incidents = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      incidents.addAll(monitor.observe(bad, T0 + i * 1000L).incidents());
    }
    assertEquals(1, incidents.size());
    List<Incident> later = monitor.observe(bad, T0 + Duration.ofHours(2).toMillis()).incidents();
    assertEquals(1, later.size());
    assertEquals(9, later.get(0).suppressed());
  }

  @Test
  void aProofThatLiesLeavesTheCheckpointUndecidedAndBecomesAWarningNeverACriticalIncident() {
    log.append(300, "main");
    TileReader lying = tile -> {
      byte[] content = log.tiles.readTile(tile);
      if (tile.level() == 0 && tile.index() == 1) {
        content[5] ^= 1;
      }
      return content;
    };
    Monitor monitor = monitorOf(lying, Monitor.Settings.defaults().withPatience(Duration.ofSeconds(30)));
    TestLog start = log.fork(256);
    assertEquals(Status.ACCEPTED, monitor.observe(start.checkpoint(), T0).status(), "the lying tile lies beyond size 256");
    Outcome outcome = monitor.observe(log.checkpoint(), T0 + 1);
    assertEquals(Status.PENDING, outcome.status());
    assertEquals(List.of(), outcome.incidents());
    List<Incident> warnings = monitor.tick(T0 + 31_000);
    assertEquals(List.of(IncidentReason.BAD_PROOF), reasons(warnings));
    assertArrayEquals(start.checkpoint(), monitor.latest(ORIGIN).orElseThrow());
  }

  @Test
  void aTreeThatStopsGrowingIsStaleOnceUntilItGrowsAgain() {
    Monitor monitor = monitorOf(log.tiles, Monitor.Settings.defaults().withFreshness(Duration.ofMinutes(1)));
    log.append(3, "main");
    monitor.observe(log.checkpoint(), T0);
    assertEquals(List.of(), monitor.tick(T0 + 59_000));
    assertEquals(List.of(IncidentReason.STALE), reasons(monitor.tick(T0 + 61_000)));
    assertEquals(List.of(), monitor.tick(T0 + 3 * 3_600_000L), "held while the condition lasts");
    log.append(1, "main");
    monitor.observe(log.checkpoint(), T0 + 3 * 3_600_000L + 1);
    assertEquals(List.of(IncidentReason.STALE), reasons(monitor.tick(T0 + 3 * 3_600_000L + 62_000)));
  }

  @Test
  void aLogThatAnswersBeforeItsFirstCheckpointIsNotStaleFromTheEpoch() {
    Monitor monitor = monitorOf(log.tiles, Monitor.Settings.defaults().withFreshness(Duration.ofMinutes(1)));
    monitor.reachable(ORIGIN);
    assertEquals(List.of(), monitor.tick(T0));
    assertEquals(List.of(IncidentReason.STALE), reasons(monitor.tick(T0 + 61_000)), "no checkpoint in a minute");
  }

  @Test
  void anUnreachableLogIsOneWarningUntilItAnswersAgain() {
    Monitor monitor = monitorOf(log);
    assertEquals(List.of(IncidentReason.LOG_UNREACHABLE), reasons(monitor.unreachable(ORIGIN, "connection refused", T0)));
    assertEquals(List.of(), monitor.unreachable(ORIGIN, "connection refused", T0 + 7_200_000L));
    monitor.reachable(ORIGIN);
    assertEquals(1, monitor.unreachable(ORIGIN, "timeout", T0 + 7_300_000L).size());
  }

  @Test
  void gossipOfAForkAtTheSameSizeIsCriticalAndConsistentGossipIsQuiet() {
    log.append(30, "main");
    Monitor monitor = monitorOf(log);
    monitor.observe(log.checkpoint(), T0);
    TestLog fork = log.fork(20).append(10, "fork");
    Observation peerSawHonest = new Observation("monitor.example/m2", T0, log.fork(25).checkpoint());
    Observation peerSawFork = new Observation("monitor.example/m2", T0, fork.checkpoint());
    assertEquals(Status.CONSISTENT, monitor.observeGossip(peerSawHonest, T0 + 1).status());
    Outcome outcome = monitor.observeGossip(peerSawFork, T0 + 2);
    assertEquals(List.of(IncidentReason.SAME_SIZE_DIFFERENT_ROOT), reasons(outcome.incidents()));
    assertArrayEquals(log.checkpoint(), monitor.latest(ORIGIN).orElseThrow(), "gossip never moves the view");
    Outcome again = monitor.observeGossip(peerSawFork, T0 + 3);
    assertEquals(List.of(), again.incidents(), "the same pair is raised once");
  }

  @Test
  void aSavedViewDetectsAForkSpanningTheRestart() throws Exception {
    log.append(40, "main");
    Monitor before = monitorOf(log);
    before.observe(log.checkpoint(), T0);
    byte[] saved = before.saveView(ORIGIN).orElseThrow();
    Monitor after = monitorOf(log);
    after.loadView(ORIGIN, saved);
    TestLog fork = log.fork(30).append(10, "fork");
    assertEquals(List.of(IncidentReason.SAME_SIZE_DIFFERENT_ROOT), reasons(after.observe(fork.checkpoint(), T0 + 1).incidents()));
  }

  @Test
  void everyIncidentTheMonitorRaisesParsesBackFromItsSignedForm() throws Exception {
    log.append(10, "main");
    Monitor monitor = monitorOf(log);
    monitor.observe(log.checkpoint(), T0);
    Incident incident = monitor.observe(log.fork(6).append(4, "fork").checkpoint(), T0 + 1).incidents().get(0);
    Incident parsed = Incident.open(incident.sign(MONITOR_KEY), List.of(MONITOR_KEY.verifierKey()));
    assertEquals(incident.format(), parsed.format());
    assertTrue(Checkpoint.open(parsed.checkpoints().get(1), ORIGIN, log.key.verifierKey()).treeSize() == 10);
  }

  /** The size of a seeded proof, independently of the code under test: proof nodes plus a seed for powers of two. */
  static final class ConsistencyEvidenceSizes {
    static int seeded(long m, long n) {
      return org.civictrust.tlog.ConsistencyProofs.nodes(m, n).proofSize() + (Long.bitCount(m) == 1 ? 1 : 0);
    }
  }
}
