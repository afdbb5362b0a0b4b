package org.civictrust.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.civictrust.witness.internal.WitnessRequest;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.CosignerKey;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.TileHashReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class WitnessTest {
  static final String ORIGIN = "log.civictrust.example/0";
  static final CosignerKey WITNESS_KEY = CosignerKey.generate("witness.example/w1", new SecureRandom());
  static final long NOW = 1_790_000_000L;

  @TempDir
  Path state;

  final TestLog log = TestLog.create(ORIGIN, 3);

  Witness witness() throws IOException {
    return Witness.open(WITNESS_KEY, List.of(log.monitored()), state, () -> NOW);
  }

  public static byte[] body(long oldSize, List<Hash> proof, byte[] checkpoint) {
    return new WitnessRequest(oldSize, proof, checkpoint).format();
  }

  List<Hash> proof(TestLog tree, long oldSize) throws IOException {
    return ConsistencyProofs.prove(oldSize, tree.size(), new TileHashReader(tree.size(), tree.tiles));
  }

  @Test
  void cosignsTheFirstCheckpointAndEachConsistentGrowthWithAVerifiableCosignature() throws Exception {
    Witness witness = witness();
    log.append(10, "main");
    Witness.Response first = witness.addCheckpoint(body(0, List.of(), log.checkpoint()));
    assertEquals(200, first.status(), first.text());
    assertTrue(first.text().startsWith("\u2014 witness.example/w1 "));
    byte[] cosigned = Notes.sign(new String(log.checkpoint(), StandardCharsets.UTF_8).substring(0,
        TestLog.textLength(log.checkpoint())), log.key);
    byte[] withCosignature = (new String(cosigned, StandardCharsets.UTF_8) + first.text()).getBytes(StandardCharsets.UTF_8);
    Checkpoint.open(withCosignature, ORIGIN, log.key.verifierKey(), List.of(WITNESS_KEY.verifierKey()), 1);
    log.append(7, "main");
    Witness.Response second = witness.addCheckpoint(body(10, proof(log, 10), log.checkpoint()));
    assertEquals(200, second.status(), second.text());
    Witness.Response repeated = witness.addCheckpoint(body(17, List.of(), log.checkpoint()));
    assertEquals(200, repeated.status(), "the same checkpoint again is cosigned again");
  }

  @Test
  void anOldSizeThatIsNotTheLatestCosignedIsAConflictNamingThatSize() throws Exception {
    Witness witness = witness();
    log.append(10, "main");
    witness.addCheckpoint(body(0, List.of(), log.checkpoint()));
    log.append(5, "main");
    Witness.Response response = witness.addCheckpoint(body(0, List.of(), log.checkpoint()));
    assertEquals(409, response.status());
    assertEquals(Witness.SIZE_CONTENT_TYPE, response.contentType());
    assertEquals("10\n", response.text());
  }

  @Test
  void refusesToCosignAForkAtTheSameSizeOrAnyLargerSize() throws Exception {
    Witness witness = witness();
    log.append(20, "main");
    witness.addCheckpoint(body(0, List.of(), log.checkpoint()));
    TestLog fork = log.fork(12).append(8, "fork");
    assertEquals(422, witness.addCheckpoint(body(20, List.of(), fork.checkpoint())).status());
    fork.append(10, "fork");
    assertEquals(422, witness.addCheckpoint(body(20, proof(fork, 20), fork.checkpoint())).status());
    assertTrue(Files.readString(state.resolve("refused.log")).lines().count() == 2, "both kept as evidence");
    log.append(10, "main");
    assertEquals(200, witness.addCheckpoint(body(20, proof(log, 20), log.checkpoint())).status());
  }

  @Test
  void eachMalformedOrUntrustedRequestGetsItsStatus() throws Exception {
    Witness witness = witness();
    log.append(10, "main");
    witness.addCheckpoint(body(0, List.of(), log.checkpoint()));
    log.append(4, "main");
    byte[] good = log.checkpoint();
    List<Hash> proof = proof(log, 10);
    assertEquals(400, witness.addCheckpoint("old 010\n\n".getBytes(StandardCharsets.US_ASCII)).status());
    assertEquals(400, witness.addCheckpoint(("old 10\nnot base64\n\n" + new String(good, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8)).status());
    assertEquals(400, witness.addCheckpoint(body(15, List.of(), good)).status(), "old size above the checkpoint");
    assertEquals(404, witness.addCheckpoint(body(0, List.of(),
        TestLog.create("other.example/log", 5).append(1, "x").checkpoint())).status());
    assertEquals(403, witness.addCheckpoint(body(10, proof, TestLog.withBadSignature(good))).status());
    TestLog impostor = new TestLog(ORIGIN, TestLog.key(ORIGIN, 77)).append(14, "main");
    assertEquals(403, witness.addCheckpoint(body(10, proof, impostor.checkpoint())).status());
    List<Hash> lie = new ArrayList<>(proof);
    lie.set(0, Hash.of(new byte[32]));
    assertEquals(422, witness.addCheckpoint(body(10, lie, good)).status());
    assertEquals(200, witness.addCheckpoint(body(10, proof, good)).status());
  }

  @Test
  void theEmptyTreeHasTheEmptyRootAndAProofFromZeroIsEmpty() throws Exception {
    Witness witness = witness();
    byte[] emptyWithARoot = Notes.sign(Checkpoint.of(ORIGIN, 0, Hash.of(new byte[32])).format(), log.key);
    assertEquals(422, witness.addCheckpoint(body(0, List.of(), emptyWithARoot)).status());
    log.append(3, "main");
    assertEquals(422, witness.addCheckpoint(body(0, List.of(Hash.of(new byte[32])), log.checkpoint())).status());
  }

  @Test
  void whatItCosignedSurvivesARestart() throws Exception {
    log.append(10, "main");
    assertEquals(200, witness().addCheckpoint(body(0, List.of(), log.checkpoint())).status());
    Witness restarted = witness();
    Witness.Response response = restarted.addCheckpoint(body(0, List.of(), log.checkpoint()));
    assertEquals(409, response.status());
    assertEquals("10\n", response.text());
    assertTrue(restarted.latestCosigned(ORIGIN).isPresent());
  }

  @Test
  void concurrentRequestsFromTheSameOldSizeGetOneCosignature() throws Exception {
    Witness witness = witness();
    log.append(10, "main");
    witness.addCheckpoint(body(0, List.of(), log.checkpoint()));
    List<Callable<Integer>> requests = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      TestLog grown = log.fork(10).append(i, "main");
      byte[] request = body(10, proof(grown, 10), grown.checkpoint());
      requests.add(() -> witness.addCheckpoint(request).status());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> status : pool.invokeAll(requests)) {
        statuses.add(status.get());
      }
      assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
      assertEquals(7, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
    } finally {
      pool.shutdownNow();
    }
  }
}
