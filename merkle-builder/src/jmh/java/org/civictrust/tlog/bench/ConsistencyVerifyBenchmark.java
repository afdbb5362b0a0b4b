package org.civictrust.tlog.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.Hash;
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
 * {@code ConsistencyProofs.check} of a valid proof from an old size about two thirds of the way in
 * (not a power of two) to new sizes 2^10, 2^20 and 2^32. Setup builds the proof from a
 * {@link SyntheticTree} anchored at the old tree's last leaf and computes both roots with
 * {@code CompactRange.read(0, size, tree).rootHash()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConsistencyVerifyBenchmark {
  /** The new tree sizes measured. */
  @Param({"1024", "1048576", "4294967296"})
  public long newSize;

  private long oldSize;
  private Hash oldRoot;
  private Hash newRoot;
  private List<Hash> proof;

  /**
   * The old size proven into {@code newSize}: {@code newSize / 3 * 2 + 1}, binary 1010...1011, so
   * the proof path turns left and right alike (683, 699051, 2863311531).
   */
  static long oldSize(long newSize) {
    return newSize / 3 * 2 + 1;
  }

  /** Builds the proof and both roots, and checks the proof once. */
  @Setup
  public void setup() throws IOException, VerificationException {
    oldSize = oldSize(newSize);
    SyntheticTree tree = SyntheticTree.anchoredAt(oldSize - 1);
    oldRoot = CompactRange.read(0, oldSize, tree).rootHash();
    newRoot = CompactRange.read(0, newSize, tree).rootHash();
    proof = ConsistencyProofs.prove(oldSize, newSize, tree);
    ConsistencyProofs.check(oldSize, newSize, oldRoot, newRoot, proof);
  }

  /** Checks the consistency proof. */
  @Benchmark
  public List<Hash> check() throws VerificationException {
    ConsistencyProofs.check(oldSize, newSize, oldRoot, newRoot, proof);
    return proof;
  }
}
