package org.civictrust.tlog.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Rfc9162;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hash baseline every other figure is compared with: SHA-256 of 65 bytes, the size of an
 * RFC 9162 node hash input ({@code 0x01 || left || right}) and of a leaf hash input for a 64-byte
 * entry. Next to it, {@link Rfc9162#nodeHash} on the same bytes, to show what the core adds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sha256Benchmark {
  /** The size of a node hash input: one prefix byte and two hashes. */
  static final int INPUT_SIZE = 1 + 2 * Hash.SIZE;

  private MessageDigest sha256;
  private byte[] input;
  private Hash left;
  private Hash right;

  /** Creates the one digest instance the baseline reuses, and its input. */
  @Setup
  public void setup() throws NoSuchAlgorithmException {
    sha256 = MessageDigest.getInstance("SHA-256");
    left = Rfc9162.leafHash(Inputs.entry(1));
    right = Rfc9162.leafHash(Inputs.entry(2));
    input = new byte[INPUT_SIZE];
    input[0] = 0x01;
    left.copyTo(input, 1);
    right.copyTo(input, 1 + Hash.SIZE);
  }

  /** SHA-256 of 65 bytes with one reused JDK {@link MessageDigest}. */
  @Benchmark
  public byte[] sha256Baseline() {
    return sha256.digest(input);
  }

  /** The same hash through the core's public API: {@code SHA-256(0x01 || left || right)}. */
  @Benchmark
  public Hash nodeHash() {
    return Rfc9162.nodeHash(left, right);
  }
}
