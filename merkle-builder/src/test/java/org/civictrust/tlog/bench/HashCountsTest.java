package org.civictrust.tlog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.MessageDigestSpi;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.InclusionProofs;
import org.civictrust.tlog.Rfc9162;
import org.junit.jupiter.api.Test;

/**
 * The hash counts the benchmark report divides by are the SHA-256 digests the checks really compute:
 * counted by a provider placed first for SHA-256, in a fresh thread so that the core's per-thread
 * digest comes from it.
 */
class HashCountsTest {
  private static final long[] BENCHMARK_SIZES = {1024, 1L << 20, 1L << 32};

  @Test
  void countsEqualTheDigestsTheChecksCompute() throws Exception {
    CountingProvider provider = new CountingProvider();
    Security.insertProviderAt(provider, 1);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      List<String> mismatches = thread.submit(HashCountsTest::countAll).get();
      assertEquals(List.of(), mismatches);
    } finally {
      thread.shutdownNow();
      Security.removeProvider(provider.getName());
    }
  }

  private static List<String> countAll() throws Exception {
    List<String> mismatches = new ArrayList<>();
    List<long[]> inclusions = new ArrayList<>();
    List<long[]> consistencies = new ArrayList<>();
    for (long size = 1; size <= 64; size++) {
      for (long other = 0; other < size; other++) {
        inclusions.add(new long[] {other, size});
        if (other > 0) {
          consistencies.add(new long[] {other, size});
        }
      }
    }
    for (long size : BENCHMARK_SIZES) {
      for (long leaf : InclusionVerifyBenchmark.leafIndexes(size)) {
        inclusions.add(new long[] {leaf, size});
      }
      consistencies.add(new long[] {ConsistencyVerifyBenchmark.oldSize(size), size});
    }

    SyntheticTree opaque = SyntheticTree.opaque();
    for (long[] c : inclusions) {
      Hash leafHash = Rfc9162.leafHash(Inputs.entry(c[0]));
      List<Hash> proof = InclusionProofs.prove(c[0], c[1], opaque);
      Hash root = InclusionProofs.rootFrom(c[0], c[1], leafHash, proof);
      long before = CountingDigest.DIGESTS.get();
      InclusionProofs.check(c[0], c[1], leafHash, proof, root);
      long counted = CountingDigest.DIGESTS.get() - before;
      if (counted != HashCounts.inclusion(c[0], c[1])) {
        mismatches.add("inclusion " + c[0] + "/" + c[1] + ": counted " + counted);
      }
    }
    for (long[] c : consistencies) {
      SyntheticTree tree = SyntheticTree.anchoredAt(c[0] - 1);
      Hash oldRoot = CompactRange.read(0, c[0], tree).rootHash();
      Hash newRoot = CompactRange.read(0, c[1], tree).rootHash();
      List<Hash> proof = ConsistencyProofs.prove(c[0], c[1], tree);
      long before = CountingDigest.DIGESTS.get();
      ConsistencyProofs.check(c[0], c[1], oldRoot, newRoot, proof);
      long counted = CountingDigest.DIGESTS.get() - before;
      if (counted != HashCounts.consistency(c[0], c[1])) {
        mismatches.add("consistency " + c[0] + "->" + c[1] + ": counted " + counted);
      }
    }
    if (CountingDigest.DIGESTS.get() == 0) {
      mismatches.add("the counting provider was not used");
    }
    return mismatches;
  }

  /** Provides SHA-256 as {@link CountingDigest}. */
  private static final class CountingProvider extends Provider {
    CountingProvider() {
      super("CivicTrustCountingSha256", "1.0", "SHA-256 that counts digests, for tests");
      putService(new Service(this, "MessageDigest", "SHA-256", CountingDigest.class.getName(), null, null) {
        @Override
        public Object newInstance(Object constructorParameter) {
          return new CountingDigest();
        }
      });
    }
  }

  /** The SUN provider's SHA-256, counting completed digests. */
  private static final class CountingDigest extends MessageDigestSpi {
    static final AtomicLong DIGESTS = new AtomicLong();

    private final MessageDigest delegate;

    CountingDigest() {
      try {
        delegate = MessageDigest.getInstance("SHA-256", "SUN");
      } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    protected int engineGetDigestLength() {
      return delegate.getDigestLength();
    }

    @Override
    protected void engineUpdate(byte input) {
      delegate.update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int length) {
      delegate.update(input, offset, length);
    }

    @Override
    protected byte[] engineDigest() {
      DIGESTS.incrementAndGet();
      return delegate.digest();
    }

    @Override
    protected int engineDigest(byte[] buf, int offset, int length) throws DigestException {
      DIGESTS.incrementAndGet();
      return delegate.digest(buf, offset, length);
    }

    @Override
    protected void engineReset() {
      delegate.reset();
    }
  }
}
