package org.civictrust.anchor;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.civictrust.schemas.RejectionReason;
import org.civictrust.tlog.Reason;

/**
 * Why a {@link org.civictrust.schemas.LogSeed} was not adopted: a stable {@link #fault()}, one of the
 * {@code SEED_} reasons of {@link RejectionReason} (the sequencer writes it on the rejection topic as it
 * is), the tlog {@link Reason} when a signature or checkpoint check failed, and a message with the
 * evidence.
 */
public final class SeedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The reasons a seed is refused for. */
  private static final Set<RejectionReason> SEED_REASONS = Set.of(RejectionReason.SEED_MALFORMED,
      RejectionReason.SEED_WRONG_LOG, RejectionReason.SEED_BAD_CHECKPOINT, RejectionReason.SEED_ROOT_MISMATCH,
      RejectionReason.SEED_TILE_MISMATCH, RejectionReason.SEED_LOG_NOT_EMPTY);

  private final RejectionReason fault;
  private final Reason reason;

  /**
   * A refusal for {@code fault}.
   *
   * @throws IllegalArgumentException if {@code fault} is not a {@code SEED_} reason
   */
  public SeedException(RejectionReason fault, String message) {
    this(fault, null, message, null);
  }

  /**
   * A refusal for {@code fault} caused by a failed tlog check of {@code reason}.
   *
   * @throws IllegalArgumentException if {@code fault} is not a {@code SEED_} reason
   */
  public SeedException(RejectionReason fault, Reason reason, String message, Throwable cause) {
    super(checkSeedReason(fault) + ": " + message, cause);
    this.fault = fault;
    this.reason = reason;
  }

  private static RejectionReason checkSeedReason(RejectionReason fault) {
    if (!SEED_REASONS.contains(Objects.requireNonNull(fault, "fault"))) {
      throw new IllegalArgumentException(fault + " is not a reason to refuse a seed");
    }
    return fault;
  }

  /** Why the seed was refused: a {@code SEED_} reason, the reason of its rejection. */
  public RejectionReason fault() {
    return fault;
  }

  /** The tlog reason of a failed signature or checkpoint check, if that is what failed. */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }
}
