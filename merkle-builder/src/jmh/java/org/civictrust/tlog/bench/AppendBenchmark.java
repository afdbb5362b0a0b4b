package org.civictrust.tlog.bench;

import java.util.concurrent.TimeUnit;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.Rfc9162;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Appending leaves to one growing compact range, as the sequencer does: each operation hashes a
 * distinct 64-byte entry into its leaf hash and appends it, which costs the leaf hash plus, amortised,
 * one node hash. The range grows for the whole trial (tens of millions of leaves).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AppendBenchmark {
  /** SHA-256 computations per appended leaf, amortised: the leaf hash and one node hash. */
  static final int HASHES_PER_LEAF = 2;

  private CompactRange range;
  private byte[] entry;

  /** Starts an empty tree once per trial, so the range keeps growing across iterations. */
  @Setup(Level.Trial)
  public void setup() {
    range = CompactRange.empty(0);
    entry = Inputs.entry(0);
  }

  /** Appends one leaf: {@code CompactRange.append(Rfc9162.leafHash(entry))}. */
  @Benchmark
  public long append() {
    long leafIndex = range.end();
    Inputs.putIndex(entry, leafIndex);
    range.append(Rfc9162.leafHash(entry));
    return leafIndex;
  }
}
