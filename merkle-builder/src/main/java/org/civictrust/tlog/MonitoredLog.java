package org.civictrust.tlog;

import java.util.Objects;
import org.civictrust.text.TextLines;

/**
 * A log that a monitor follows or a witness cosigns: its checkpoint origin and the Ed25519 key (vkey
 * of signature type 0x01) that signs its checkpoints.
 *
 * @param origin the checkpoint origin line: non-empty, one line, no control characters
 * @param key the log's verifier key, of type {@link VerifierKey#TYPE_ED25519}
 */
public record MonitoredLog(String origin, VerifierKey key) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the origin is not one line or the key is not a note key
   */
  public MonitoredLog {
    if (!TextLines.isLine(origin)) {
      throw new IllegalArgumentException("an origin is one non-empty line without control characters");
    }
    Objects.requireNonNull(key, "key");
    if (key.type() != VerifierKey.TYPE_ED25519) {
      throw new IllegalArgumentException("a log key signs notes: type 0x01, not 0x0" + key.type());
    }
  }

  /**
   * Parses {@code <origin>=<vkey>}, the form command lines use: the origin ends at the first {@code =}
   * after which a valid vkey follows.
   *
   * @throws IllegalArgumentException if there is no such split
   */
  public static MonitoredLog parse(String originEqualsVkey) {
    for (int equals = originEqualsVkey.indexOf('='); equals > 0; equals = originEqualsVkey.indexOf('=', equals + 1)) {
      VerifierKey key;
      try {
        key = VerifierKey.parse(originEqualsVkey.substring(equals + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      return new MonitoredLog(originEqualsVkey.substring(0, equals), key);
    }
    throw new IllegalArgumentException("a log is <origin>=<vkey>");
  }
}
