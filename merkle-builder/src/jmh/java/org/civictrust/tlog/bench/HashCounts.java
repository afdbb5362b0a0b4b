package org.civictrust.tlog.bench;

import org.civictrust.tlog.InclusionProofs;

/**
 * How many SHA-256 computations a proof check does, for comparing its time with the hash baseline.
 * {@code HashCountsTest} checks these counts against the digests the core actually computes.
 */
final class HashCounts {
  private HashCounts() {}

  /**
   * Node hashes in {@code InclusionProofs.check} for {@code leafIndex} in a tree of {@code treeSize}:
   * one per proof hash. Requires {@code 0 <= leafIndex < treeSize}.
   */
  static int inclusion(long leafIndex, long treeSize) {
    return InclusionProofs.proofSize(leafIndex, treeSize);
  }

  /**
   * Node hashes in {@code ConsistencyProofs.check} from {@code oldSize} to {@code newSize}, for
   * {@code 0 < oldSize < newSize}: on the inner part of the path one for the new root, plus one for
   * the old root where the path turns right; on the border part, one for each root.
   */
  static int consistency(long oldSize, long newSize) {
    if (oldSize <= 0 || newSize <= oldSize) {
      throw new IllegalArgumentException("need 0 < oldSize < newSize, got " + oldSize + ", " + newSize);
    }
    int shift = Long.numberOfTrailingZeros(oldSize);
    long last = oldSize - 1;
    int commonInner = 64 - Long.numberOfLeadingZeros(last ^ (newSize - 1));
    int inner = commonInner - shift;
    int border = Long.bitCount(last >>> commonInner);
    long path = last >>> shift;
    long innerMask = inner == 64 ? -1L : (1L << inner) - 1;
    return inner + Long.bitCount(path & innerMask) + 2 * border;
  }
}
