package org.civictrust.kv;

import java.util.Locale;
import java.util.Optional;

/**
 * The status of an issued document: {@link #ISSUED}, then {@link #ANCHORED} (final) or {@link
 * #ANCHOR_FAILED} (explicit, never silent; a later anchor still makes it {@link #ANCHORED}); {@link
 * #REVOKED} from any state, and final.
 */
public enum DocumentState {
  /** Signed and sequenced, not yet covered by a checkpoint. */
  ISSUED(0),
  /** Covered by a signed checkpoint of its log: final. */
  ANCHORED(1),
  /** No checkpoint covered it in time. */
  ANCHOR_FAILED(2),
  /** Withdrawn by its issuer, with a reason. */
  REVOKED(3);

  private final int id;

  DocumentState(int id) {
    this.id = id;
  }

  /** The stable numeric id, as the wire format carries it. */
  public int id() {
    return id;
  }

  /** The lower-case name: {@code issued}, {@code anchored}, {@code anchor_failed}, {@code revoked}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state with that id, if any. */
  public static Optional<DocumentState> fromId(int id) {
    for (DocumentState state : values()) {
      if (state.id == id) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
