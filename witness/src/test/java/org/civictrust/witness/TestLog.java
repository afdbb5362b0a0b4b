package org.civictrust.witness;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.NoteSignature;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.MonitoredLog;

/** A log in memory for tests: its entries, tiles and key; it signs checkpoints of its current size. */
public final class TestLog {
  public final String origin;
  public final SignerKey key;
  public final List<byte[]> entries = new ArrayList<>();
  public final CompactRange range = CompactRange.empty(0);
  public final MemoryTiles tiles = new MemoryTiles();

  public TestLog(String origin, SignerKey key) {
    this.origin = origin;
    this.key = key;
  }

  /** A log named {@code origin} with a key drawn from {@code seed}. */
  public static TestLog create(String origin, int seed) {
    return new TestLog(origin, SignerKey.generate(origin, new SecureRandom(new byte[] {(byte) seed})));
  }

  public static SignerKey key(String name, int seed) {
    return SignerKey.generate(name, new SecureRandom(new byte[] {(byte) seed, 7}));
  }

  public MonitoredLog monitored() {
    return new MonitoredLog(origin, key.verifierKey());
  }

  public long size() {
    return range.end();
  }

  /** Appends {@code count} entries named {@code history-<index>}. */
  public TestLog append(int count, String history) {
    for (int i = 0; i < count; i++) {
      append((history + "-" + range.end()).getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  public TestLog append(byte[] entry) {
    entries.add(entry.clone());
    range.append(Rfc9162.leafHash(entry), tiles);
    return this;
  }

  /** The checkpoint of the current size, signed by the log's key. */
  public byte[] checkpoint() {
    return Notes.sign(Checkpoint.of(origin, range.end(), range.rootHash()).format(), key);
  }

  /** The length of a signed note's text: up to and including the newline before the blank line. */
  public static int textLength(byte[] note) {
    String text = new String(note, StandardCharsets.UTF_8);
    return text.indexOf("\n\n") + 1;
  }

  /** {@code note} with one bit of its first signature flipped: a signature that does not verify. */
  public static byte[] withBadSignature(byte[] note) {
    try {
      Note parsed = Note.parse(note);
      NoteSignature first = parsed.signatures().get(0);
      byte[] signature = first.signature();
      signature[7] ^= 1;
      List<NoteSignature> signatures = new ArrayList<>(parsed.signatures());
      signatures.set(0, new NoteSignature(first.name(), first.keyId(), signature));
      return new Note(parsed.text(), signatures).format();
    } catch (VerificationException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Another log with the same origin and key holding the first {@code size} entries of this one. */
  public TestLog fork(long size) {
    TestLog fork = new TestLog(origin, key);
    for (int i = 0; i < size; i++) {
      fork.append(entries.get(i));
    }
    return fork;
  }
}
