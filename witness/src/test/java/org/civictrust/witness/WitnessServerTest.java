package org.civictrust.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.CosignerKey;
import org.civictrust.tlog.NoteSignature;
import org.civictrust.tlog.TileHashReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WitnessServerTest {
  static final String ORIGIN = "log.civictrust.example/0";
  static final CosignerKey WITNESS_KEY = CosignerKey.generate("witness.example/w1", new SecureRandom());

  @TempDir
  Path state;

  final TestLog log = TestLog.create(ORIGIN, 3);
  WitnessServer server;
  WitnessClient client;

  @BeforeEach
  void start() throws Exception {
    Witness witness = Witness.open(WITNESS_KEY, List.of(log.monitored()), state, () -> System.currentTimeMillis() / 1000);
    server = WitnessServer.start(witness, new InetSocketAddress("127.0.0.1", 0), "/witness");
    client = WitnessClient.create(server.url(), WITNESS_KEY.verifierKey(), Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  WitnessClient.Prover prover(TestLog tree) {
    return oldSize -> ConsistencyProofs.prove(oldSize, tree.size(), new TileHashReader(tree.size(), tree.tiles));
  }

  @Test
  void theClientGetsVerifiedCosignaturesAndCatchesUpAfterAConflict() throws Exception {
    log.append(10, "main");
    List<NoteSignature> first = client.cosign(log.checkpoint(), 0, prover(log));
    byte[] cosigned = WitnessClient.withCosignatures(log.checkpoint(), first);
    Checkpoint.open(cosigned, ORIGIN, log.key.verifierKey(), List.of(WITNESS_KEY.verifierKey()), 1);
    log.append(10, "main");
    List<NoteSignature> second = client.cosign(log.checkpoint(), 0, prover(log));
    assertEquals(1, second.size(), "the 409 named size 10 and the client retried from it");
  }

  @Test
  void theClientReportsEachRefusalAsItsKind() throws Exception {
    log.append(10, "main");
    client.addCheckpoint(0, List.of(), log.checkpoint());
    WitnessException conflict = assertThrows(WitnessException.class,
        () -> client.addCheckpoint(0, List.of(), log.checkpoint()));
    assertEquals(WitnessException.Kind.CONFLICT, conflict.kind());
    assertEquals(10, conflict.witnessSize().orElseThrow());
    TestLog fork = log.fork(5).append(8, "fork");
    WitnessException fork422 = assertThrows(WitnessException.class,
        () -> client.addCheckpoint(10, prover(fork).consistencyProof(10), fork.checkpoint()));
    assertEquals(WitnessException.Kind.INCONSISTENT, fork422.kind());
    WitnessException unknown = assertThrows(WitnessException.class,
        () -> client.addCheckpoint(0, List.of(), TestLog.create("other.example/log", 4).append(1, "x").checkpoint()));
    assertEquals(WitnessException.Kind.UNKNOWN_LOG, unknown.kind());
    WitnessClient wrongKey = WitnessClient.create(server.url(),
        CosignerKey.generate("witness.example/w1", new SecureRandom()).verifierKey(), Duration.ofSeconds(10));
    log.append(1, "main");
    WitnessException unverifiable = assertThrows(WitnessException.class,
        () -> wrongKey.addCheckpoint(10, prover(log).consistencyProof(10), log.checkpoint()));
    assertEquals(WitnessException.Kind.BAD_RESPONSE, unverifiable.kind());
  }

  @Test
  void servesTheLatestCosignedCheckpointToMonitorsAndRejectsOtherMethods() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI checkpoint = URI.create(server.url() + "/" + Witness.originHash(ORIGIN) + "/checkpoint");
    assertEquals(404, http.send(HttpRequest.newBuilder(checkpoint).build(), HttpResponse.BodyHandlers.ofByteArray())
        .statusCode());
    log.append(3, "main");
    client.addCheckpoint(0, List.of(), log.checkpoint());
    HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(checkpoint).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, served.statusCode());
    Checkpoint.open(served.body(), ORIGIN, log.key.verifierKey(), List.of(WITNESS_KEY.verifierKey()), 1);
    assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(server.url() + "/add-checkpoint")).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray()).statusCode());
  }
}
