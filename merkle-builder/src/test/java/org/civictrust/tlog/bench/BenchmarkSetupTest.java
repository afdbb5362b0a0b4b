package org.civictrust.tlog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.VerificationException;
import org.junit.jupiter.api.Test;

/**
 * Each benchmark's setup and one operation, without JMH: the benchmarks measure valid proofs and
 * signatures (a setup fails if its proof or signature does not verify), so they are checked here
 * rather than discovered broken in a benchmark run.
 */
class BenchmarkSetupTest {
  private static final long[] SIZES = {1024, 1L << 20, 1L << 32};

  @Test
  void proofBenchmarksVerifyAtEveryTreeSize() throws Exception {
    for (long size : SIZES) {
      InclusionVerifyBenchmark inclusion = new InclusionVerifyBenchmark();
      inclusion.treeSize = size;
      inclusion.setup();
      for (int i = 0; i < 4; i++) {
        assertEquals(i, inclusion.check());
      }
      ConsistencyVerifyBenchmark consistency = new ConsistencyVerifyBenchmark();
      consistency.newSize = size;
      consistency.setup();
      consistency.check();
    }
  }

  @Test
  void oldSizesAreInsideAndNotPowersOfTwo() {
    for (long size : SIZES) {
      long oldSize = ConsistencyVerifyBenchmark.oldSize(size);
      assertTrue(oldSize > 1 && oldSize < size && Long.bitCount(oldSize) > 1, () -> size + " -> " + oldSize);
    }
  }

  @Test
  void opaqueTreeCannotBackAConsistencyProofAgainstIndependentRoots() throws Exception {
    // Why the consistency benchmark anchors its synthetic tree: with every node synthetic, the new
    // root read as one node is not the hash the proof leads to.
    SyntheticTree opaque = SyntheticTree.opaque();
    Hash oldRoot = CompactRange.read(0, 683, opaque).rootHash();
    Hash newRoot = CompactRange.read(0, 1024, opaque).rootHash();
    List<Hash> proof = ConsistencyProofs.prove(683, 1024, opaque);
    VerificationException e = assertThrows(VerificationException.class,
        () -> ConsistencyProofs.check(683, 1024, oldRoot, newRoot, proof));
    assertEquals(Reason.ROOT_MISMATCH, e.reason());
  }

  @Test
  void appendGrowsOneRange() {
    AppendBenchmark append = new AppendBenchmark();
    append.setup();
    for (long i = 0; i < 1000; i++) {
      assertEquals(i, append.append());
    }
  }

  @Test
  void ed25519ImplementationsAgreeAndVerify() throws Exception {
    Ed25519Benchmark ed25519 = new Ed25519Benchmark();
    ed25519.setup();
    assertTrue(ed25519.bcVerify());
    assertTrue(ed25519.bcVerifyPublicPoint());
    assertTrue(ed25519.jdkVerify());
    assertEquals(64, ed25519.bcSign().length);
    assertEquals(64, ed25519.bcSignDerivingPublicKey().length);
  }

  @Test
  void baselineAndNodeHashComputeTheSameHash() throws Exception {
    Sha256Benchmark sha256 = new Sha256Benchmark();
    sha256.setup();
    assertEquals(Hash.of(sha256.sha256Baseline()), sha256.nodeHash());
  }
}
