package org.civictrust.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.VerifierKey;

/**
 * A log made up for tests, reproducible from its seed: entries of 40 to 300 bytes that say their
 * index, the tree they make (compact range and tiles, in memory), and checkpoints signed with a key
 * derived from the seed.
 */
final class SyntheticLog {
  final String origin;
  final SignerKey key;
  final VerifierKey vkey;
  private final long seed;
  private final List<byte[]> entries = new ArrayList<>();
  private final CompactRange range = CompactRange.empty(0);
  private final MemoryTiles tiles = new MemoryTiles();

  private SyntheticLog(String origin, long seed, SignerKey key) {
    this.origin = origin;
    this.seed = seed;
    this.key = key;
    this.vkey = key.verifierKey();
  }

  /** The log {@code origin} of {@code size} entries. */
  static SyntheticLog of(String origin, long seed, int size) {
    SyntheticLog log = new SyntheticLog(origin, seed, key(origin, seed));
    log.grow(size);
    return log;
  }

  /** A key named {@code name}, the same for the same seed. */
  static SignerKey key(String name, long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return SignerKey.generate(name, random);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appends entries until the log holds {@code size}. */
  void grow(int size) {
    while (entries.size() < size) {
      long index = entries.size();
      StringBuilder text = new StringBuilder("synthetic entry ").append(index).append(" of ").append(origin).append(' ');
      long mix = index * 0x9E3779B97F4A7C15L ^ seed;
      int length = 40 + (int) Long.remainderUnsigned(mix, 261);
      while (text.length() < length) {
        text.append((char) ('a' + Long.remainderUnsigned(mix + text.length(), 26)));
      }
      byte[] entry = text.toString().getBytes(StandardCharsets.US_ASCII);
      entries.add(entry);
      range.append(Rfc9162.leafHash(entry), tiles);
    }
  }

  int size() {
    return entries.size();
  }

  byte[] entry(long index) {
    return entries.get((int) index).clone();
  }

  /** The root hash of the first {@code size} entries. */
  Hash rootAt(long size) {
    try {
      return CompactRange.read(0, size, new TileHashReader(range.end(), tiles)).rootHash();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The checkpoint of the first {@code size} entries, signed by the log's key. */
  byte[] checkpoint(long size) {
    return Notes.sign(Checkpoint.of(origin, size, rootAt(size)).format(), key);
  }

  /** A checkpoint of {@code size} with another root, signed by the log's key: a fork. */
  byte[] forkedCheckpoint(long size) {
    byte[] root = rootAt(size).bytes();
    root[0] ^= 1;
    return Notes.sign(Checkpoint.of(origin, size, Hash.of(root)).format(), key);
  }

  /** A checkpoint of {@code size} with the right root, signed by another key of the same name: a forgery. */
  byte[] forgedCheckpoint(long size) {
    return Notes.sign(Checkpoint.of(origin, size, rootAt(size)).format(), key(origin, seed + 1));
  }
}
