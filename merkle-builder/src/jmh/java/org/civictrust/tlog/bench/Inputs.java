package org.civictrust.tlog.bench;

import java.nio.charset.StandardCharsets;

/** Deterministic, realistic inputs shared by the benchmarks. */
final class Inputs {
  /** The size of a log entry in the append benchmark. */
  static final int ENTRY_SIZE = 64;

  private Inputs() {}

  /** A 64-byte entry that differs for each {@code index}: the index, then a fixed pattern. */
  static byte[] entry(long index) {
    byte[] entry = new byte[ENTRY_SIZE];
    for (int i = 8; i < ENTRY_SIZE; i++) {
      entry[i] = (byte) (31 * i + 7);
    }
    putIndex(entry, index);
    return entry;
  }

  /** Writes {@code index} big-endian into the first 8 bytes of {@code entry}. */
  static void putIndex(byte[] entry, long index) {
    for (int i = 7; i >= 0; i--) {
      entry[i] = (byte) index;
      index >>>= 8;
    }
  }

  /**
   * A typical checkpoint body (C2SP tlog-checkpoint): origin line, tree size, base64 root hash;
   * 97 bytes.
   */
  static byte[] checkpointBody() {
    String body = "transparency.civictrust.example/log/main\n"
        + "4294967296\n"
        + "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n";
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
