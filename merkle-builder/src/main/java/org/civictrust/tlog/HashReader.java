package org.civictrust.tlog;

import java.io.IOException;
import java.util.List;

/**
 * Supplies the hashes of perfect-subtree nodes of one tree: from memory, a state store, a tile
 * directory or a remote log. The Merkle core computes which nodes it needs and asks a reader for
 * them; it never does I/O itself.
 */
@FunctionalInterface
public interface HashReader {
  /**
   * Returns the hashes of {@code nodes}, one for each, in the same order.
   *
   * @throws IOException if the hashes cannot be read
   */
  List<Hash> readHashes(List<NodeID> nodes) throws IOException;

  /**
   * Reads {@code nodes} through {@code reader} and checks that it answered one hash for each.
   *
   * @throws IOException if the reader fails or answers with the wrong number of hashes
   */
  static List<Hash> readExactly(HashReader reader, List<NodeID> nodes) throws IOException {
    List<Hash> hashes = reader.readHashes(nodes);
    if (hashes == null || hashes.size() != nodes.size()) {
      throw new IOException("asked for " + nodes.size() + " hashes, the reader returned "
          + (hashes == null ? "null" : hashes.size()));
    }
    return hashes;
  }
}
