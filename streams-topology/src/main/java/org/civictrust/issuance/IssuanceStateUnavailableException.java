package org.civictrust.issuance;

/**
 * An {@link IssuerRegistry} cannot answer now: the state it reads (the replicated issuance store, through
 * its local cache) cannot be shown to be fresh within its bound. The policy gate fails closed on it: the
 * request is rejected with {@link org.civictrust.schemas.RejectionReason#ISSUANCE_STATE_UNAVAILABLE}, a rejection that is not
 * remembered under the request id, so a retry is evaluated again.
 */
public final class IssuanceStateUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception saying why the state is unavailable. */
  public IssuanceStateUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
