package org.civictrust.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.MonitorIncident;
import org.civictrust.schemas.MonitorObservation;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerifierKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.civictrust.witness.TestLog;

class MonitorTopologyTest {
  static final String ORIGIN = "log.civictrust.example/0";
  static final SignerKey M1 = TestLog.key("monitor.example/m1", 1);
  static final SignerKey M2 = TestLog.key("monitor.example/m2", 2);
  static final long T0 = 1_790_000_000_000L;

  final TestLog log = TestLog.create(ORIGIN, 3);
  final List<MonitorDriver> drivers = new ArrayList<>();

  @AfterEach
  void close() {
    drivers.forEach(MonitorDriver::close);
  }

  MonitorDriver monitor(SignerKey key, List<VerifierKey> peers, Monitor.Settings settings) {
    MonitorDriver driver = new MonitorDriver(MonitorConfig.of(key, List.of(log.monitored()), peers, settings), T0);
    drivers.add(driver);
    return driver;
  }

  MonitorDriver monitor() {
    return monitor(M1, List.of(M2.verifierKey()), Monitor.Settings.defaults());
  }

  IncidentVerifier verifier() {
    return IncidentVerifier.of(List.of(M1.verifierKey(), M2.verifierKey()), List.of(log.monitored()));
  }

  @Test
  void twoThousandCheckpointsRaiseNothingAndEachIsGossipedSignedByTheMonitor() throws Exception {
    MonitorDriver monitor = monitor(M1, List.of(), Monitor.Settings.defaults().withFreshness(Duration.ofMinutes(5)));
    Random random = new Random(11);
    for (int i = 0; i < 2000; i++) {
      log.append(1 + random.nextInt(8), "main");
      monitor.publish(log, T0 + i * 250L);
      if (i % 100 == 0) {
        monitor.driver.advanceWallClockTime(Duration.ofSeconds(5));
      }
    }
    assertEquals(List.of(), monitor.incidents());
    List<MonitorObservation> gossip = monitor.gossip();
    assertEquals(2000, gossip.size());
    MonitorObservation last = gossip.get(gossip.size() - 1);
    Observation observation = Observation.open(Documents.bytes(last.getNote()), List.of(M1.verifierKey()));
    assertArrayEquals(log.checkpoint(), observation.checkpoint());
    assertEquals(log.size(), last.getTreeSize());
  }

  @Test
  void aForkOnTheCheckpointsTopicIsCriticalAndTheIncidentVerifiesOffline() {
    MonitorDriver monitor = monitor();
    log.append(20, "main");
    monitor.publish(log, T0);
    TestLog fork = log.fork(15).append(5, "fork");
    monitor.publishCheckpoint(fork.checkpoint(), T0 + 1);
    List<MonitorIncident> incidents = monitor.incidents();
    assertEquals(List.of(IncidentReason.SAME_SIZE_DIFFERENT_ROOT), monitor.incidentReasons());
    assertEquals("critical", incidents.get(0).getSeverity());
    assertEquals(IncidentVerdict.Status.PROVEN, verifier().verify(MonitorDriver.note(incidents.get(0))).status());
  }

  @Test
  void aLargerForkWaitsForTheNextHonestCheckpointAndIsThenProven() {
    MonitorDriver monitor = monitor();
    log.append(20, "main");
    monitor.publish(log, T0);
    TestLog fork = log.fork(18).append(12, "fork");
    monitor.publishCheckpoint(fork.checkpoint(), T0 + 1);
    assertEquals(List.of(), monitor.incidents(), "the monitor's copy of the log cannot judge size 30 yet");
    log.append(15, "main");
    monitor.publish(log, T0 + 2);
    assertEquals(List.of(IncidentReason.INCONSISTENT_CHECKPOINTS), monitor.incidentReasons());
    assertEquals(IncidentVerdict.Status.PROVEN, verifier().verify(MonitorDriver.note(monitor.incidents().get(0))).status());
  }

  @Test
  void aCheckpointBeforeItsEntriesIsAcceptedWhenTheyArrive() {
    MonitorDriver monitor = monitor();
    log.append(10, "main");
    monitor.publish(log, T0);
    log.append(10, "main");
    monitor.publishCheckpoint(log.checkpoint(), T0 + 1);
    assertEquals(1, monitor.gossip().size());
    monitor.publishEntries(log, 10, 20, T0 + 2);
    assertEquals(2, monitor.gossip().size());
    assertEquals(20, monitor.gossip().get(1).getTreeSize());
    assertEquals(List.of(), monitor.incidents());
  }

  @Test
  void garbageOnEveryTopicBecomesWarningsAndTheMonitorGoesOn() {
    MonitorDriver monitor = monitor();
    log.append(5, "main");
    monitor.publish(log, T0);
    byte[] junk = "\u00c3\u0001 not avro".getBytes(StandardCharsets.UTF_8);
    monitor.checkpoints.pipeInput(MonitorDriver.key(ORIGIN), junk, T0 + 1);
    monitor.entries.pipeInput(MonitorDriver.key(ORIGIN), junk, T0 + 2);
    monitor.gossipIn.pipeInput(MonitorDriver.key(ORIGIN), junk, T0 + 3);
    log.append(5, "main");
    monitor.publishEntries(log, 5, 10, T0 + 4);
    monitor.publishCheckpoint(TestLog.withBadSignature(log.checkpoint()), T0 + 5);
    monitor.publishCheckpoint("no blank line\n".getBytes(StandardCharsets.UTF_8), T0 + 6);
    monitor.publishCheckpoint(log.checkpoint(), T0 + 7);
    assertEquals(List.of(IncidentReason.MALFORMED, IncidentReason.BAD_SIGNATURE, IncidentReason.MALFORMED),
        monitor.incidentReasons(), "one MALFORMED for the three records of the log (repeats suppressed), one"
            + " BAD_SIGNATURE, one MALFORMED for the note whose origin cannot be read");
    assertTrue(monitor.incidents().stream().allMatch(i -> i.getSeverity().equals("warning")));
    assertEquals(2, monitor.gossip().size(), "the good checkpoint after the garbage is accepted");
  }

  @Test
  void gossipOfAForkFromATrustedPeerIsCriticalAndFromAStrangerAWarning() {
    MonitorDriver monitor = monitor();
    log.append(20, "main");
    monitor.publish(log, T0);
    TestLog fork = log.fork(10).append(10, "fork");
    monitor.gossipIn.pipeInput(MonitorDriver.key(ORIGIN), observation(M2, fork.checkpoint(), T0 + 1), T0 + 1);
    SignerKey stranger = TestLog.key("stranger.example/m9", 9);
    monitor.gossipIn.pipeInput(MonitorDriver.key(ORIGIN), observation(stranger, fork.checkpoint(), T0 + 2), T0 + 2);
    assertEquals(List.of(IncidentReason.SAME_SIZE_DIFFERENT_ROOT, IncidentReason.UNTRUSTED_GOSSIP),
        monitor.incidentReasons());
  }

  @Test
  void aLogThatStopsGrowingIsStaleOnTheWallClock() {
    MonitorDriver monitor = monitor(M1, List.of(), Monitor.Settings.defaults().withFreshness(Duration.ofSeconds(30)));
    log.append(5, "main");
    monitor.publish(log, T0);
    monitor.driver.advanceWallClockTime(Duration.ofSeconds(20));
    assertEquals(List.of(), monitor.incidents());
    monitor.driver.advanceWallClockTime(Duration.ofSeconds(20));
    assertEquals(List.of(IncidentReason.STALE), monitor.incidentReasons());
  }

  @Test
  void twoMonitorsShownTwoHistoriesEachRaiseACriticalIncidentWithinOneCheckpointInterval() {
    MonitorDriver first = monitor(M1, List.of(M2.verifierKey()), Monitor.Settings.defaults());
    MonitorDriver second = monitor(M2, List.of(M1.verifierKey()), Monitor.Settings.defaults());
    log.append(50, "shared");
    first.publish(log, T0);
    second.publish(log, T0);
    TestLog fork = log.fork(50);
    long interval = 250;
    for (int round = 1; round <= 3; round++) {
      long time = T0 + round * interval;
      log.append(7, "main");
      fork.append(7, "fork");
      first.publish(log, time);
      second.publish(fork, time);
      relay(first, second, time);
      relay(second, first, time);
    }
    for (MonitorDriver monitor : List.of(first, second)) {
      List<MonitorIncident> incidents = monitor.incidents();
      assertTrue(!incidents.isEmpty(), monitor.config.name() + " raised nothing");
      MonitorIncident incident = incidents.get(0);
      assertEquals("critical", incident.getSeverity());
      assertTrue(incident.getObservedAt() <= T0 + interval, "raised in the first interval after the fork");
      assertEquals(IncidentVerdict.Status.PROVEN, verifier().verify(MonitorDriver.note(incident)).status());
    }
  }


  /** Pipes the observations {@code from} gossiped since the last relay into {@code to}. */
  private void relay(MonitorDriver from, MonitorDriver to, long time) {
    List<MonitorObservation> gossip = from.gossip();
    for (MonitorObservation observation : gossip.subList(Math.min(relayed(from), gossip.size()), gossip.size())) {
      to.gossipIn.pipeInput(MonitorDriver.key(observation.getOrigin()),
          MonitorDriver.encode(MonitorDriver.OBSERVATION, observation), time);
    }
    relayedCounts.put(from, gossip.size());
  }

  private final java.util.Map<MonitorDriver, Integer> relayedCounts = new java.util.HashMap<>();

  private int relayed(MonitorDriver from) {
    return relayedCounts.getOrDefault(from, 0);
  }

  byte[] observation(SignerKey monitor, byte[] checkpoint, long time) {
    byte[] signed = new Observation(monitor.name(), time, checkpoint).sign(monitor);
    Checkpoint parsed;
    try {
      parsed = Checkpoint.open(checkpoint, ORIGIN, log.key.verifierKey());
    } catch (org.civictrust.tlog.VerificationException e) {
      throw new IllegalStateException(e);
    }
    return MonitorDriver.encode(MonitorDriver.OBSERVATION, new MonitorObservation(monitor.name(), ORIGIN,
        parsed.treeSize(), ByteBuffer.wrap(parsed.rootHash().bytes()), time, ByteBuffer.wrap(signed)));
  }
}
