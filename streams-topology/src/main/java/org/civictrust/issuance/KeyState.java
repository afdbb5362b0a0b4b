package org.civictrust.issuance;

import java.util.Locale;
import java.util.Optional;

/**
 * The lifecycle state of an issuer key. Only an {@link #ACTIVE} key signs new documents; documents
 * signed earlier by a {@link #RETIRING} key stay valid; a {@link #REVOKED} key is no longer trusted.
 * The lower-case names ({@code active}, {@code retiring}, {@code revoked}) are the configuration form.
 */
public enum KeyState {
  /** Signs new documents. */
  ACTIVE,
  /**
   * Being rotated out: signs nothing by default, its earlier documents stay valid; a request naming it
   * is accepted only before the end of its overlap window ({@link IssuerKey#overlapUntil()}; a key
   * configured {@code retiring} in a file has none).
   */
  RETIRING,
  /** Compromised or withdrawn: signs nothing (requests naming it: {@link org.civictrust.schemas.RejectionReason#KEY_REVOKED}). */
  REVOKED;

  /** The configuration name: {@code active}, {@code retiring} or {@code revoked}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state whose configuration name is exactly {@code name}, if any. */
  public static Optional<KeyState> parse(String name) {
    for (KeyState state : values()) {
      if (state.configName().equals(name)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
