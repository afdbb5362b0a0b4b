package org.civictrust.kv;

import java.util.Objects;
import org.civictrust.tlog.Hash;

/**
 * What one peer's state machine holds: the last log index it applied and the SHA-256 of its state's
 * canonical encoding (every record and the request-id table: the snapshot body). Peers that applied
 * the same index have equal digests.
 *
 * @param peerId the peer that answered
 * @param appliedIndex its last applied log index
 * @param digest SHA-256 of its state
 */
public record StateDigest(String peerId, long appliedIndex, Hash digest) {
  /**
   * Validates the digest.
   *
   * @throws IllegalArgumentException if the index is negative
   */
  public StateDigest {
    Objects.requireNonNull(peerId, "peerId");
    Objects.requireNonNull(digest, "digest");
    if (appliedIndex < 0) {
      throw new IllegalArgumentException("appliedIndex must not be negative");
    }
  }
}
