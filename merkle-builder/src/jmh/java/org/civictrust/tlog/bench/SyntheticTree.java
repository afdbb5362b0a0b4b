package org.civictrust.tlog.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.HashReader;
import org.civictrust.tlog.NodeID;
import org.civictrust.tlog.Rfc9162;

/**
 * A {@link HashReader} over a tree of any size (up to 2^63 - 1 leaves) without storing it: the hash
 * of a node is {@code SHA-256("synthetic" || level || index)}.
 *
 * <p>Such hashes are not a real Merkle tree (a parent is not the hash of its children), which is
 * enough for an inclusion proof whose root is computed from the proof itself. A consistency proof is
 * checked against roots computed independently, from the compact ranges of both sizes; for those to
 * agree the tree must be real where the proof climbs. {@link #anchoredAt} gives such a tree: every
 * ancestor of one anchor leaf is the RFC 9162 hash of its two children, every other node is
 * synthetic (an opaque subtree). Computing a node costs at most about 2 hashes per level.
 */
final class SyntheticTree implements HashReader {
  private static final byte[] DOMAIN = {'s', 'y', 'n', 't', 'h', 'e', 't', 'i', 'c'};

  private final long anchor;
  private final MessageDigest sha256;

  private SyntheticTree(long anchor) {
    this.anchor = anchor;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /** Every node synthetic. */
  static SyntheticTree opaque() {
    return new SyntheticTree(-1);
  }

  /** Every ancestor of {@code anchorLeaf} real, every other node synthetic; requires {@code anchorLeaf >= 0}. */
  static SyntheticTree anchoredAt(long anchorLeaf) {
    if (anchorLeaf < 0) {
      throw new IllegalArgumentException("anchorLeaf must be >= 0, got " + anchorLeaf);
    }
    return new SyntheticTree(anchorLeaf);
  }

  @Override
  public List<Hash> readHashes(List<NodeID> nodes) {
    List<Hash> hashes = new ArrayList<>(nodes.size());
    for (NodeID node : nodes) {
      hashes.add(hash(node.level(), node.index()));
    }
    return hashes;
  }

  /** The hash of the node {@code (level, index)}. */
  Hash hash(int level, long index) {
    if (level > 0 && anchor >= 0 && anchor >>> level == index) {
      return Rfc9162.nodeHash(hash(level - 1, 2 * index), hash(level - 1, 2 * index + 1));
    }
    sha256.reset();
    sha256.update(DOMAIN);
    sha256.update((byte) level);
    for (int shift = 56; shift >= 0; shift -= 8) {
      sha256.update((byte) (index >>> shift));
    }
    return Hash.of(sha256.digest());
  }
}
