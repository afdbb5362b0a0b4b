package org.civictrust.issuance.internal;

import java.util.Objects;
import java.util.Optional;
import org.civictrust.issuance.IssuerKey;
import org.civictrust.issuance.IssuerPolicy;
import org.civictrust.issuance.IssuerRegistry;
import org.civictrust.issuance.KeyState;
import org.civictrust.issuance.RejectionReason;
import org.civictrust.schemas.IssuanceRequest;

/**
 * The policy gate: the issuer must be in the {@link IssuerRegistry} (UNKNOWN_ISSUER), may issue the
 * document type (DOCUMENT_TYPE_NOT_ALLOWED) for at most its maximum validity, counted from the record
 * timestamp (VALIDITY_TOO_LONG), and must have a key to sign with: the key the request names, which must
 * exist (UNKNOWN_KEY) and be active (KEY_NOT_ACTIVE: retiring and revoked keys sign nothing new), or, when
 * the request names none, the active key {@link IssuerPolicy#defaultKey()} picks (NO_ACTIVE_KEY if none).
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
    Optional<IssuerPolicy> found = registry.issuer(request.getIssuerId());
    if (found.isEmpty()) {
      return pending.refuse(RejectionReason.UNKNOWN_ISSUER, "no issuer " + request.getIssuerId() + " in the registry");
    }
    IssuerPolicy issuer = found.get();
    if (!issuer.documentTypes().contains(request.getDocumentType())) {
      return pending.refuse(RejectionReason.DOCUMENT_TYPE_NOT_ALLOWED, "issuer " + issuer.issuerId()
          + " may not issue " + request.getDocumentType());
    }
    long issuedAt = pending.received().timestamp();
    long validity = ValidateProcessor.saturatedSubtract(request.getExpiresAt(), issuedAt);
    if (validity > issuer.maxValidityMillis()) {
      return pending.refuse(RejectionReason.VALIDITY_TOO_LONG, "a validity of " + validity + " ms exceeds the "
          + issuer.maxValidityMillis() + " ms issuer " + issuer.issuerId() + " may grant");
    }
    String keyId = request.getIssuerKeyId();
    if (keyId == null) {
      Optional<IssuerKey> key = issuer.defaultKey();
      if (key.isEmpty()) {
        return pending.refuse(RejectionReason.NO_ACTIVE_KEY, "issuer " + issuer.issuerId() + " has no active key");
      }
      return pending.withKey(key.get());
    }
    Optional<IssuerKey> key = issuer.key(keyId);
    if (key.isEmpty()) {
      return pending.refuse(RejectionReason.UNKNOWN_KEY, "issuer " + issuer.issuerId() + " has no key " + keyId);
    }
    if (key.get().state() != KeyState.ACTIVE) {
      return pending.refuse(RejectionReason.KEY_NOT_ACTIVE, "key " + keyId + " of issuer " + issuer.issuerId()
          + " is " + key.get().state().configName());
    }
    return pending.withKey(key.get());
  }
}
