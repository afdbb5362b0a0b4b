package org.civictrust.issuance.internal;

import java.util.Objects;
import java.util.Optional;
import org.civictrust.issuance.IssuanceStateUnavailableException;
import org.civictrust.issuance.IssuerKey;
import org.civictrust.issuance.IssuerPolicy;
import org.civictrust.issuance.IssuerRegistry;
import org.civictrust.issuance.KeyState;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.RejectionReason;

/**
 * The policy gate, evaluated as of the request's record timestamp {@code t} (never the wall clock):
 * the registry must answer (ISSUANCE_STATE_UNAVAILABLE, fail closed, not remembered), the issuer must be
 * in the {@link IssuerRegistry} at {@code t} (UNKNOWN_ISSUER), may issue the document type
 * (DOCUMENT_TYPE_NOT_ALLOWED) for at most its maximum validity, counted from {@code t}
 * (VALIDITY_TOO_LONG), and must have a key to sign with: the key the request names, which must exist
 * (UNKNOWN_KEY), not be revoked at {@code t} (KEY_REVOKED) and accept requests at {@code t} (active, or
 * retiring within its overlap window; KEY_NOT_ACTIVE otherwise), or, when the request names none, the
 * active key {@link IssuerPolicy#defaultKey()} picks (NO_ACTIVE_KEY if none). Last, this deployment must
 * hold the chosen key's signer (NO_SIGNER_KEY, not remembered).
 */
public final class PolicyProcessor extends StepProcessor {
  private final IssuerRegistry registry;

  /**
   * A policy step consulting {@code registry}.
   *
   * @param registry the issuers
   * @param next the next processor
   * @param reject the processor recording rejections
   */
  public PolicyProcessor(IssuerRegistry registry, String next, String reject) {
    super(next, reject);
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  protected Pending apply(Pending pending) {
    IssuanceRequest request = pending.request();
    long at = pending.received().timestamp();
    Optional<IssuerPolicy> found;
    try {
      found = registry.issuer(request.getIssuerId(), at);
    } catch (IssuanceStateUnavailableException e) {
      return pending.refuse(RejectionReason.ISSUANCE_STATE_UNAVAILABLE, "the issuance state is unavailable: "
          + e.getMessage());
    }
    if (found.isEmpty()) {
      return pending.refuse(RejectionReason.UNKNOWN_ISSUER, "no issuer " + request.getIssuerId() + " in the registry");
    }
    IssuerPolicy issuer = found.get();
    if (!issuer.documentTypes().contains(request.getDocumentType())) {
      return pending.refuse(RejectionReason.DOCUMENT_TYPE_NOT_ALLOWED, "issuer " + issuer.issuerId()
          + " may not issue " + request.getDocumentType());
    }
    long validity = ValidateProcessor.saturatedSubtract(request.getExpiresAt(), at);
    if (validity > issuer.maxValidityMillis()) {
      return pending.refuse(RejectionReason.VALIDITY_TOO_LONG, "a validity of " + validity + " ms exceeds the "
          + issuer.maxValidityMillis() + " ms issuer " + issuer.issuerId() + " may grant");
    }
    String keyId = request.getIssuerKeyId();
    IssuerKey chosen;
    if (keyId == null) {
      Optional<IssuerKey> key = issuer.defaultKey();
      if (key.isEmpty()) {
        return pending.refuse(RejectionReason.NO_ACTIVE_KEY, "issuer " + issuer.issuerId() + " has no active key");
      }
      chosen = key.get();
    } else {
      Optional<IssuerKey> key = issuer.key(keyId);
      if (key.isEmpty()) {
        return pending.refuse(RejectionReason.UNKNOWN_KEY, "issuer " + issuer.issuerId() + " has no key " + keyId);
      }
      chosen = key.get();
      if (chosen.state() == KeyState.REVOKED) {
        return pending.refuse(RejectionReason.KEY_REVOKED, "key " + keyId + " of issuer " + issuer.issuerId()
            + " is revoked at " + at);
      }
      if (!chosen.acceptsRequestAt(at)) {
        return pending.refuse(RejectionReason.KEY_NOT_ACTIVE, "key " + keyId + " of issuer " + issuer.issuerId()
            + " is " + chosen.state().configName() + (chosen.state() == KeyState.RETIRING
                && chosen.overlapUntil() != IssuerKey.NO_OVERLAP ? ", its overlap ended at " + chosen.overlapUntil() : ""));
      }
    }
    if (chosen.signer().isEmpty()) {
      return pending.refuse(RejectionReason.NO_SIGNER_KEY, "this deployment holds no signer key for key "
          + chosen.keyId() + " of issuer " + issuer.issuerId());
    }
    return pending.withKey(chosen);
  }
}
