package org.civictrust.anchor;

import java.util.Objects;
import org.civictrust.tlog.SignerKey;

/**
 * A log's identity: its checkpoint origin (C2SP tlog-checkpoint) and the key that signs its
 * checkpoints. The key's name should be the origin (tlog-checkpoint, "Signatures").
 */
public record LogIdentity(String origin, SignerKey key) {
  /** Validates the origin: non-empty, one line, no spaces or '+'. */
  public LogIdentity {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(key, "key");
    if (origin.isEmpty() || !origin.chars().allMatch(c -> c > 0x20 && c != '+' && c != 0x7f)) {
      throw new IllegalArgumentException("an origin is non-empty, without spaces, '+' or control characters: "
          + origin);
    }
  }
}
