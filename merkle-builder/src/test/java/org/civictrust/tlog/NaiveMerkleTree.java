package org.civictrust.tlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately naive RFC 9162 Merkle tree: MTH, PATH and PROOF written exactly as the recursive
 * definitions of sections 2.1.1, 2.1.3.1 and 2.1.4.1, on a list of entries, sharing no code with
 * the production classes (not even their hashing). Used to cross-check the fast code.
 */
final class NaiveMerkleTree {
  private final List<byte[]> entries;
  private final Map<Long, byte[]> memo = new HashMap<>();

  NaiveMerkleTree(List<byte[]> entries) {
    this.entries = List.copyOf(entries);
  }

  /** n entries whose content is their index as text ("0", "1", ...). */
  static NaiveMerkleTree ofSize(int n) {
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      entries.add(Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return new NaiveMerkleTree(entries);
  }

  int size() {
    return entries.size();
  }

  byte[] entry(int i) {
    return entries.get(i);
  }

  /** MTH(D[begin:end]). */
  byte[] mth(int begin, int end) {
    long key = ((long) begin << 32) | end;
    byte[] cached = memo.get(key);
    if (cached != null) {
      return cached;
    }
    int n = end - begin;
    byte[] result;
    if (n == 0) {
      result = sha256(new byte[0]);
    } else if (n == 1) {
      result = sha256(concat(new byte[] {0}, entries.get(begin)));
    } else {
      int k = largestPowerOfTwoBelow(n);
      result = sha256(concat(new byte[] {1}, mth(begin, begin + k), mth(begin + k, end)));
    }
    memo.put(key, result);
    return result;
  }

  /** PATH(m, D[begin:end]) with m relative to begin. */
  List<byte[]> path(int m, int begin, int end) {
    int n = end - begin;
    List<byte[]> path = new ArrayList<>();
    if (n <= 1) {
      return path;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path.addAll(path(m, begin, begin + k));
      path.add(mth(begin + k, end));
    } else {
      path.addAll(path(m - k, begin + k, end));
      path.add(mth(begin, begin + k));
    }
    return path;
  }

  /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true), for 0 < m < n. */
  List<byte[]> proof(int m, int n) {
    return subproof(m, 0, n, true);
  }

  private List<byte[]> subproof(int m, int begin, int end, boolean b) {
    int n = end - begin;
    List<byte[]> proof = new ArrayList<>();
    if (m == n) {
      if (!b) {
        proof.add(mth(begin, end));
      }
      return proof;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      proof.addAll(subproof(m, begin, begin + k, b));
      proof.add(mth(begin + k, end));
    } else {
      proof.addAll(subproof(m - k, begin + k, end, false));
      proof.add(mth(begin, begin + k));
    }
    return proof;
  }

  /** A reader of perfect-node hashes straight from MTH. */
  HashReader reader() {
    return nodes -> {
      List<Hash> hashes = new ArrayList<>();
      for (NodeID node : nodes) {
        if (node.end() > entries.size()) {
          throw new java.io.IOException("node " + node + " is beyond the tree of size " + entries.size());
        }
        hashes.add(Hash.of(mth((int) node.begin(), (int) node.end())));
      }
      return hashes;
    };
  }

  static List<Hash> hashes(List<byte[]> raw) {
    List<Hash> hashes = new ArrayList<>();
    raw.forEach(h -> hashes.add(Hash.of(h)));
    return hashes;
  }

  private static int largestPowerOfTwoBelow(int n) {
    int k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
