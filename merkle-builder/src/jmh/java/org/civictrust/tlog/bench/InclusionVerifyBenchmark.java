package org.civictrust.tlog.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.InclusionProofs;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.VerificationException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code InclusionProofs.check} of valid proofs in trees of 2^10, 2^20 and 2^32 leaves. Setup builds
 * the proofs of a few fixed leaves from a {@link SyntheticTree} and computes each root with
 * {@code InclusionProofs.rootFrom}; each operation checks the next proof in turn.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InclusionVerifyBenchmark {
  /** The tree sizes measured. */
  @Param({"1024", "1048576", "4294967296"})
  public long treeSize;

  private long[] leafIndexes;
  private Hash[] leafHashes;
  private List<List<Hash>> proofs;
  private Hash[] rootHashes;
  private int next;

  /** The leaves proven in a tree of {@code treeSize}: first, last and two inside; four in all. */
  static long[] leafIndexes(long treeSize) {
    return new long[] {0, treeSize / 3, treeSize / 2 + 1, treeSize - 1};
  }

  /** Builds the proofs and roots, and checks each proof once. */
  @Setup
  public void setup() throws IOException, VerificationException {
    SyntheticTree tree = SyntheticTree.opaque();
    leafIndexes = leafIndexes(treeSize);
    leafHashes = new Hash[leafIndexes.length];
    proofs = new ArrayList<>(leafIndexes.length);
    rootHashes = new Hash[leafIndexes.length];
    for (int i = 0; i < leafIndexes.length; i++) {
      leafHashes[i] = Rfc9162.leafHash(Inputs.entry(leafIndexes[i]));
      List<Hash> proof = InclusionProofs.prove(leafIndexes[i], treeSize, tree);
      proofs.add(proof);
      rootHashes[i] = InclusionProofs.rootFrom(leafIndexes[i], treeSize, leafHashes[i], proof);
      InclusionProofs.check(leafIndexes[i], treeSize, leafHashes[i], proof, rootHashes[i]);
    }
  }

  /** Checks one inclusion proof; the next call checks the next leaf's. */
  @Benchmark
  public int check() throws VerificationException {
    int i = next;
    next = (i + 1) & 3;
    InclusionProofs.check(leafIndexes[i], treeSize, leafHashes[i], proofs.get(i), rootHashes[i]);
    return i;
  }
}
