package org.civictrust.kv;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An issuer with its keys, as one read returns them: what the issuance policy gate needs to decide a
 * request.
 *
 * @param issuer the issuer record
 * @param keys its keys, in key-ID order
 */
public record IssuerView(IssuerRecord issuer, List<KeyRecord> keys) {
  /**
   * Validates and sorts.
   *
   * @throws IllegalArgumentException if a key belongs to another issuer or two keys share a key ID
   */
  public IssuerView {
    Objects.requireNonNull(issuer, "issuer");
    List<KeyRecord> sorted = new ArrayList<>(keys);
    sorted.sort(Comparator.comparing(KeyRecord::keyId));
    for (int i = 0; i < sorted.size(); i++) {
      if (!sorted.get(i).issuerId().equals(issuer.issuerId())) {
        throw new IllegalArgumentException("a key of another issuer");
      }
      if (i > 0 && sorted.get(i).keyId().equals(sorted.get(i - 1).keyId())) {
        throw new IllegalArgumentException("two keys with key ID " + sorted.get(i).keyId());
      }
    }
    keys = List.copyOf(sorted);
  }

  /** The key with that key ID, if the issuer has it. */
  public Optional<KeyRecord> key(String keyId) {
    for (KeyRecord key : keys) {
      if (key.keyId().equals(keyId)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /** The active key with the lowest key ID: the one that signs a request naming no key. */
  public Optional<KeyRecord> defaultKey() {
    for (KeyRecord key : keys) {
      if (key.signs()) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }
}
