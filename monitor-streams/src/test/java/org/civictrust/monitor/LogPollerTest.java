package org.civictrust.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.civictrust.tiles.LogMirror;
import org.civictrust.tiles.TileServer;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.CosignerKey;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileHashReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.witness.TestLog;
import org.civictrust.witness.Witness;
import org.civictrust.witness.WitnessTest;

class LogPollerTest {
  static final String ORIGIN = "log.civictrust.example/0";
  static final SignerKey M1 = TestLog.key("monitor.example/m1", 1);
  static final SignerKey M2 = TestLog.key("monitor.example/m2", 2);

  @TempDir
  Path dir;

  final TestLog log = TestLog.create(ORIGIN, 3);
  final AtomicLong clock = new AtomicLong(1_790_000_000_000L);
  final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : closing) {
      closeable.close();
    }
  }

  /** A real tile server serving one view of the log, fed as the platform feeds it. */
  final class View {
    final LogMirror mirror = new LogMirror(ORIGIN, log.key.verifierKey());
    final TileServer server;
    long fed;

    View() throws IOException {
      server = TileServer.start(new InetSocketAddress("127.0.0.1", 0));
      server.serve(mirror);
      closing.add(server);
    }

    void publish(TestLog tree) throws Exception {
      for (; fed < tree.size(); fed++) {
        mirror.appendEntry(fed, tree.entries.get((int) fed));
      }
      mirror.offerCheckpoint(tree.checkpoint());
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.port() + "/" + ORIGIN + "/");
    }
  }

  static final class Recorder implements LogPoller.Listener {
    final List<Observation> observed = new ArrayList<>();
    final List<Incident> incidents = new ArrayList<>();
    final List<byte[]> signedIncidents = new ArrayList<>();

    @Override
    public void observed(Observation observation, byte[] signedObservation) {
      observed.add(observation);
    }

    @Override
    public void incident(Incident incident, byte[] signedIncident) {
      incidents.add(incident);
      signedIncidents.add(signedIncident);
    }

    List<IncidentReason> reasons() {
      return incidents.stream().map(Incident::reason).toList();
    }
  }

  LogPoller poller(SignerKey key, URI url, ObservationLog observations, boolean audit, Recorder recorder)
      throws IOException {
    LogPoller poller = LogPoller.create(key, List.of(new LogPoller.Remote(log.monitored(), url)),
        Monitor.Settings.defaults(), observations, audit, recorder, Duration.ofSeconds(5), clock::get);
    closing.add(poller);
    return poller;
  }

  IncidentVerifier verifier() {
    return IncidentVerifier.of(List.of(M1.verifierKey(), M2.verifierKey()), List.of(log.monitored()));
  }

  @Test
  void followsAServedLogWithAFullAuditAndRaisesNothing() throws Exception {
    View view = new View();
    Recorder recorder = new Recorder();
    ObservationLog observations = ObservationLog.open(dir.resolve("observations"));
    LogPoller poller = poller(M1, view.url(), observations, true, recorder);
    for (int i = 0; i < 50; i++) {
      log.append(1 + i * 7 % 41, "main");
      view.publish(log);
      clock.addAndGet(1000);
      poller.pollOnce();
    }
    assertEquals(List.of(), recorder.incidents);
    assertEquals(50, recorder.observed.size());
    assertEquals(50, observations.read(List.of(M1.verifierKey())).size(), "each forced to disk before the next poll");
    assertArrayEquals(log.checkpoint(), poller.monitor().latest(ORIGIN).orElseThrow());
  }

  @Test
  void twoMonitorsShownTwoViewsEachRaiseAProvenIncidentAndTheWitnessRefusesTheFork() throws Exception {
    View honest = new View();
    View forked = new View();
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    LogPoller one = poller(M1, honest.url(), null, false, first);
    LogPoller two = poller(M2, forked.url(), null, false, second);
    CosignerKey witnessKey = CosignerKey.generate("witness.example/w1", new SecureRandom());
    Witness witness = Witness.open(witnessKey, List.of(log.monitored()), dir.resolve("witness"), () -> clock.get() / 1000);
    log.append(40, "shared");
    TestLog fork = log.fork(40);
    honest.publish(log);
    forked.publish(fork);
    one.pollOnce();
    two.pollOnce();
    assertEquals(200, witness.addCheckpoint(WitnessTest.body(0, List.of(), log.checkpoint())).status());
    log.append(9, "main");
    fork.append(9, "fork");
    honest.publish(log);
    forked.publish(fork);
    clock.addAndGet(1000);
    one.pollOnce();
    two.pollOnce();
    first.observed.forEach(two::observeGossip);
    second.observed.forEach(one::observeGossip);
    for (Recorder recorder : List.of(first, second)) {
      assertEquals(List.of(IncidentReason.SAME_SIZE_DIFFERENT_ROOT), recorder.reasons());
      assertEquals(IncidentVerdict.Status.PROVEN, verifier().verify(recorder.signedIncidents.get(0)).status());
    }
    assertEquals(200, witness.addCheckpoint(WitnessTest.body(40,
        ConsistencyProofs.prove(40, 49, new TileHashReader(49, log.tiles)), log.checkpoint())).status());
    assertEquals(422, witness.addCheckpoint(WitnessTest.body(49, List.of(), fork.checkpoint())).status());
    assertEquals(409, witness.addCheckpoint(WitnessTest.body(40,
        ConsistencyProofs.prove(40, 49, new TileHashReader(49, fork.tiles)), fork.checkpoint())).status());
  }

  @Test
  void aRestartedMonitorResumesFromItsObservationLogAndDetectsAForkSpanningTheRestart() throws Exception {
    View honest = new View();
    ObservationLog observations = ObservationLog.open(dir.resolve("observations"));
    Recorder before = new Recorder();
    LogPoller first = poller(M1, honest.url(), observations, false, before);
    log.append(30, "main");
    honest.publish(log);
    first.pollOnce();
    first.close();
    View forked = new View();
    TestLog fork = log.fork(21).append(17, "fork");
    forked.publish(fork);
    Recorder after = new Recorder();
    LogPoller restarted = poller(M1, forked.url(), observations, false, after);
    restarted.pollOnce();
    assertEquals(List.of(IncidentReason.INCONSISTENT_CHECKPOINTS), after.reasons());
    assertEquals(IncidentVerdict.Status.PROVEN, verifier().verify(after.signedIncidents.get(0)).status());
  }

  @Test
  void anUnreachableLogIsOneWarningAndPollingGoesOn() throws Exception {
    Recorder recorder = new Recorder();
    LogPoller poller = poller(M1, URI.create("http://127.0.0.1:9/" + ORIGIN + "/"), null, false, recorder);
    for (int i = 0; i < 3; i++) {
      clock.addAndGet(1000);
      poller.pollOnce();
    }
    assertEquals(List.of(IncidentReason.LOG_UNREACHABLE), recorder.reasons());
  }

  @Test
  void tilesThatLieAreABadProofAndEntriesThatDoNotHashToTheRootAnAuditMismatch() throws Exception {
    log.append(300, "main");
    TestLog start = log.fork(100);
    Map<String, byte[]> served = new HashMap<>();
    StaticLog lying = new StaticLog(served);
    served.put("checkpoint", start.checkpoint());
    putTiles(served, start);
    Recorder recorder = new Recorder();
    LogPoller poller = LogPoller.create(M1, List.of(new LogPoller.Remote(log.monitored(), lying.url())),
        Monitor.Settings.defaults().withPatience(Duration.ofSeconds(10)), null, true, recorder, Duration.ofSeconds(5),
        clock::get);
    closing.add(poller);
    byte[] wrongBundle = EntryBundle.format(List.of(new byte[] {1}));
    served.put(new Tile(0, 0, 100).entriesPath(), EntryBundle.format(withFirst(start, wrongBundle)));
    poller.pollOnce();
    assertEquals(List.of(IncidentReason.AUDIT_MISMATCH), recorder.reasons());
    putTiles(served, log);
    byte[] tile = served.get(new Tile(0, 1, 44).path());
    tile[0] ^= 1;
    served.put("checkpoint", log.checkpoint());
    clock.addAndGet(1000);
    poller.pollOnce();
    clock.addAndGet(11_000);
    poller.pollOnce();
    assertEquals(List.of(IncidentReason.AUDIT_MISMATCH, IncidentReason.BAD_PROOF), recorder.reasons());
    assertTrue(recorder.incidents.stream().allMatch(i -> i.severity() == Severity.WARNING));
  }

  @Test
  void readsPartialTilesAndBundlesALogHasDroppedFromTheFullOnes() throws Exception {
    log.append(600, "main");
    TestLog at300 = log.fork(300);
    Map<String, byte[]> served = new HashMap<>();
    putTiles(served, log);
    putTiles(served, at300);
    served.remove(new Tile(0, 1, 44).path());
    for (long index = 0; index < 2; index++) {
      Tile full = new Tile(0, index, Tile.FULL_WIDTH);
      served.put(full.entriesPath(), EntryBundle.format(log.entries.subList((int) index * 256, (int) index * 256 + 256)));
    }
    served.put("checkpoint", at300.checkpoint());
    Recorder recorder = new Recorder();
    LogPoller poller = LogPoller.create(M1, List.of(new LogPoller.Remote(log.monitored(), new StaticLog(served).url())),
        Monitor.Settings.defaults(), null, true, recorder, Duration.ofSeconds(5), clock::get);
    closing.add(poller);
    poller.pollOnce();
    assertEquals(List.of(), recorder.incidents, "tile 1 and bundle 1 of width 44 read from the full ones and audited");
    assertEquals(1, recorder.observed.size());
  }

  static List<byte[]> withFirst(TestLog tree, byte[] ignored) {
    List<byte[]> entries = new ArrayList<>(tree.entries.subList(0, 100));
    entries.set(0, new byte[] {1});
    return entries;
  }

  static void putTiles(Map<String, byte[]> served, TestLog tree) throws IOException {
    for (Tile tile : Tile.tilesForSize(tree.size())) {
      served.put(tile.path(), tree.tiles.readTile(tile));
    }
  }

  /** A log server that serves whatever the test puts in its map: lies included. */
  final class StaticLog {
    final HttpServer server;

    StaticLog(Map<String, byte[]> served) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
      server.createContext("/", exchange -> {
        try (exchange) {
          byte[] body = served.get(exchange.getRequestURI().getPath().substring(1));
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) {
            exchange.getResponseBody().write(body);
          }
        }
      });
      server.start();
      closing.add(() -> server.stop(0));
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }
  }
}
