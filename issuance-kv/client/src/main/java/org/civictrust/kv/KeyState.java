package org.civictrust.kv;

import java.util.Locale;
import java.util.Optional;

/**
 * The lifecycle of an issuer key: {@link #ACTIVE} → {@link #RETIRING} → {@link #REVOKED}, or {@link
 * #ACTIVE} → {@link #REVOKED}. No step goes back: a revoked key is never revived.
 */
public enum KeyState {
  /** Signs new documents. */
  ACTIVE(0),
  /**
   * Rotated out: signs nothing new, but requests naming it are still accepted until the end of its
   * overlap window, and documents it signed stay valid.
   */
  RETIRING(1),
  /** Withdrawn: nothing it signed at or after its cutoff time is accepted. */
  REVOKED(2);

  private final int id;

  KeyState(int id) {
    this.id = id;
  }

  /** The stable numeric id, as the wire format carries it. */
  public int id() {
    return id;
  }

  /** The lower-case name: {@code active}, {@code retiring}, {@code revoked}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state with that id, if any. */
  public static Optional<KeyState> fromId(int id) {
    for (KeyState state : values()) {
      if (state.id == id) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
