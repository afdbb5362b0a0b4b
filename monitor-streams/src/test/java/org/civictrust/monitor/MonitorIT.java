package org.civictrust.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civictrust.platform.EmbeddedBroker;
import org.civictrust.schemas.MonitorIncident;
import org.civictrust.schemas.MonitorObservation;
import org.civictrust.tlog.SignerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.witness.TestLog;
import org.civictrust.schemas.Topics;

/**
 * Two monitor applications on a real KRaft broker follow two logs (two partitions): normal operation
 * raises nothing; a fork published on the checkpoints topic is a critical incident from each monitor
 * that verifies offline; a monitor restarted on an empty state directory restores its views from its
 * changelog and still catches a fork of what it accepted before the restart. It runs in platform, on
 * its embedded broker, with monitor-streams' test jar: monitor-streams cannot depend on platform, whose
 * sequencer uses monitor-streams' {@code WitnessClient}.
 */
class MonitorIT {
  static final SignerKey M1 = TestLog.key("monitor.example/m1", 1);
  static final SignerKey M2 = TestLog.key("monitor.example/m2", 2);
  static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  final TestLog log0 = TestLog.create("log.civictrust.example/0", 10);
  final TestLog log1 = TestLog.create("log.civictrust.example/1", 11);

  MonitorConfig config(SignerKey key, SignerKey peer) {
    return MonitorConfig.of(key, List.of(log0.monitored(), log1.monitored()), List.of(peer.verifierKey()),
        Monitor.Settings.defaults());
  }

  @Test
  void monitorsOnARealBrokerCatchForksIncludingOneSpanningARestart() throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"));
        ClusterRecords cluster = new ClusterRecords(broker.bootstrapServers())) {
      cluster.createLogTopics(2);
      IncidentVerifier verifier = IncidentVerifier.of(List.of(M1.verifierKey(), M2.verifierKey()),
          List.of(log0.monitored(), log1.monitored()));
      MonitorStreams first = MonitorStreams.start(config(M1, M2), broker.bootstrapServers(), dir.resolve("m1"),
          Duration.ofMillis(100));
      try (MonitorStreams second = MonitorStreams.start(config(M2, M1), broker.bootstrapServers(), dir.resolve("m2"),
          Duration.ofMillis(100))) {
        Random random = new Random(3);
        int checkpoints = 60;
        for (int i = 0; i < checkpoints; i++) {
          for (TestLog log : List.of(log0, log1)) {
            int partition = log == log0 ? 0 : 1;
            long from = log.size();
            log.append(1 + random.nextInt(10), "main");
            cluster.entries(log, partition, from, log.size());
            cluster.checkpoint(log.checkpoint(), partition);
          }
        }
        List<ConsumerRecord<byte[], byte[]>> gossip = cluster.readUntil(Topics.GOSSIP,
            records -> records.size() >= 4 * checkpoints, WAIT);
        assertEquals(4 * checkpoints, gossip.size(), "each monitor gossips each accepted checkpoint of each log; incidents: "
            + incidents(cluster, r -> true, Duration.ofSeconds(1)));
        assertEquals(List.of(), incidents(cluster, r -> true, Duration.ofSeconds(2)), "normal operation: nothing");

        TestLog fork = log0.fork(log0.size() - 3).append(3, "fork");
        long published = System.currentTimeMillis();
        cluster.checkpoint(fork.checkpoint(), 0);
        List<MonitorIncident> critical = incidents(cluster, byBothMonitors(), WAIT);
        assertTrue(byBothMonitors().test(critical), "both monitors raised the fork: " + critical);
        for (MonitorIncident incident : critical) {
          assertEquals("critical", incident.getSeverity());
          assertEquals(IncidentVerdict.Status.PROVEN, verifier.verify(MonitorDriver.note(incident)).status());
          assertTrue(incident.getObservedAt() >= published - 1000, "raised after the fork was published");
        }

        first.close();
        first = MonitorStreams.start(config(M1, M2), broker.bootstrapServers(), dir.resolve("m1-fresh"),
            Duration.ofMillis(100));
        TestLog fork1 = log1.fork(log1.size() - 5).append(5, "fork-after-restart");
        cluster.checkpoint(fork1.checkpoint(), 1);
        List<MonitorIncident> after = incidents(cluster, records -> records.stream()
            .filter(i -> i.getOrigin().equals(log1.origin)).map(MonitorIncident::getMonitor).distinct().count() == 2,
            WAIT);
        List<MonitorIncident> byRestarted = after.stream().filter(i -> i.getOrigin().equals(log1.origin)
            && i.getMonitor().equals(M1.name())).toList();
        assertEquals(1, byRestarted.size(), "the restarted monitor caught the fork of a checkpoint it accepted before");
        assertEquals(IncidentReason.SAME_SIZE_DIFFERENT_ROOT.name(), byRestarted.get(0).getReason());
        assertEquals(IncidentVerdict.Status.PROVEN, verifier.verify(MonitorDriver.note(byRestarted.get(0))).status());
        assertTrue(first.streams().state().isRunningOrRebalancing() && second.streams().state().isRunningOrRebalancing(),
            "the forks stopped neither monitor");
      } finally {
        first.close();
      }
    }
  }

  static Predicate<List<MonitorIncident>> byBothMonitors() {
    return incidents -> incidents.stream().map(MonitorIncident::getMonitor).distinct().count() == 2;
  }

  static List<MonitorIncident> incidents(ClusterRecords cluster, Predicate<List<MonitorIncident>> done, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> records = cluster.readUntil(Topics.INCIDENTS,
        read -> done.test(decode(read)) && !read.isEmpty(), timeout);
    return decode(records);
  }

  static List<MonitorIncident> decode(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> MonitorDriver.decode(MonitorDriver.INCIDENT, r.value())).toList();
  }

  static List<MonitorObservation> observations(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> MonitorDriver.decode(MonitorDriver.OBSERVATION, r.value())).toList();
  }
}
