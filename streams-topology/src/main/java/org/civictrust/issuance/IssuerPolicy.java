package org.civictrust.issuance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one issuer may issue: its id (which is the name of each of its keys), the document types it may
 * issue, the longest validity ({@code expiresAt - issuedAt}) it may grant, and its keys.
 *
 * @param issuerId the issuer id, equal to every key's name
 * @param documentTypes the document types the issuer may issue, not empty
 * @param maxValidity the longest validity, positive
 * @param keys the issuer's keys, key IDs unique, kept in key-ID order
 */
public record IssuerPolicy(String issuerId, Set<String> documentTypes, Duration maxValidity, List<IssuerKey> keys) {
  private static final Comparator<IssuerKey> BY_KEY_ID = Comparator.comparing(IssuerKey::keyId);

  /**
   * Validates and copies the policy.
   *
   * @throws IllegalArgumentException if a field is empty, a key is named otherwise than the issuer, or
   *     two keys share a key ID
   */
  public IssuerPolicy {
    Objects.requireNonNull(issuerId, "issuerId");
    documentTypes = Set.copyOf(documentTypes);
    Objects.requireNonNull(maxValidity, "maxValidity");
    if (issuerId.isEmpty()) {
      throw new IllegalArgumentException("an issuer id is not empty");
    }
    if (documentTypes.isEmpty() || documentTypes.contains("")) {
      throw new IllegalArgumentException("issuer " + issuerId + " needs at least one non-empty document type");
    }
    if (maxValidity.isNegative() || maxValidity.isZero()) {
      throw new IllegalArgumentException("issuer " + issuerId + " needs a positive maximum validity");
    }
    List<IssuerKey> sorted = new ArrayList<>(keys);
    sorted.sort(BY_KEY_ID);
    Set<String> ids = new HashSet<>();
    for (IssuerKey key : sorted) {
      if (!key.name().equals(issuerId)) {
        throw new IllegalArgumentException("key " + key.keyId() + " is named " + key.name() + ", not " + issuerId);
      }
      if (!ids.add(key.keyId())) {
        throw new IllegalArgumentException("issuer " + issuerId + " lists key " + key.keyId() + " twice");
      }
    }
    keys = List.copyOf(sorted);
  }

  /** The key with that 8-hex-digit key ID, if the issuer has it. */
  public Optional<IssuerKey> key(String keyId) {
    for (IssuerKey key : keys) {
      if (key.keyId().equals(keyId)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /**
   * The key that signs a request naming no key: the active key with the lowest key ID (compared as 8
   * lowercase hex digits, that is as unsigned numbers). The choice does not depend on the order of the
   * configuration, so every deployment and every replay picks the same key. To rotate without overlap,
   * mark the old key {@code retiring} when the new one becomes {@code active}.
   */
  public Optional<IssuerKey> defaultKey() {
    for (IssuerKey key : keys) {
      if (key.state() == KeyState.ACTIVE) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /** The longest validity in milliseconds, saturated at {@link Long#MAX_VALUE}. */
  public long maxValidityMillis() {
    try {
      return maxValidity.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
