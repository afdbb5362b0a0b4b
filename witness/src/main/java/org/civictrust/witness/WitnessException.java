package org.civictrust.witness;

import java.util.OptionalLong;

/**
 * A witness did not cosign: its answer, as a stable {@link Kind}. A {@link Kind#CONFLICT} carries the
 * size of the latest checkpoint the witness cosigned, to retry from.
 */
public final class WitnessException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a witness did not cosign. */
  public enum Kind {
    /** 400: the request was malformed, or the old size is above the checkpoint's. */
    BAD_REQUEST,
    /** 403: the checkpoint carries no valid signature by a key the witness trusts for the log. */
    FORBIDDEN,
    /** 404: the witness does not know the log. */
    UNKNOWN_LOG,
    /** 409: the old size is not the size of the latest checkpoint the witness cosigned. */
    CONFLICT,
    /** 422: the checkpoint is not consistent with what the witness cosigned (a failed proof). */
    INCONSISTENT,
    /** The witness answered 200 without a valid cosignature by its key, or with an unreadable body. */
    BAD_RESPONSE,
    /** Any other status. */
    UNEXPECTED_STATUS
  }

  private final Kind kind;
  private final int status;
  private final long witnessSize;

  WitnessException(Kind kind, int status, long witnessSize, String message) {
    super(kind + " (HTTP " + status + "): " + message);
    this.kind = kind;
    this.status = status;
    this.witnessSize = witnessSize;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status the witness answered. */
  public int status() {
    return status;
  }

  /** For {@link Kind#CONFLICT}: the size of the latest checkpoint the witness cosigned. */
  public OptionalLong witnessSize() {
    return witnessSize < 0 ? OptionalLong.empty() : OptionalLong.of(witnessSize);
  }
}
