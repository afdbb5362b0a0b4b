package org.civictrust.issuance;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The issuers the topology accepts requests from, looked up by issuer id. Narrow on purpose: today it
 * is loaded from a configuration file ({@link IssuerRegistryFile}); issue #4 moves issuers and key
 * lifecycles into the Raft-replicated issuance-kv, which will implement this interface.
 *
 * <p>Implementations are thread-safe (every stream thread calls them) and answer from memory: the
 * call is on the per-request hot path. Replaying the requests topic reproduces byte-identical outputs
 * only when the registry answers the same; a registry that changes must make each change effective from
 * a record time for replays to stay deterministic.
 */
@FunctionalInterface
public interface IssuerRegistry {
  /**
   * The policy of the issuer with that id.
   *
   * @param issuerId the request's issuer id, not null
   * @return the policy, or empty if the issuer is unknown
   */
  Optional<IssuerPolicy> issuer(String issuerId);

  /**
   * An immutable registry of {@code issuers}.
   *
   * @throws IllegalArgumentException if two policies share an issuer id
   */
  static IssuerRegistry of(Collection<IssuerPolicy> issuers) {
    Map<String, IssuerPolicy> byId = new HashMap<>();
    for (IssuerPolicy issuer : issuers) {
      if (byId.putIfAbsent(issuer.issuerId(), issuer) != null) {
        throw new IllegalArgumentException("issuer " + issuer.issuerId() + " is listed twice");
      }
    }
    Map<String, IssuerPolicy> frozen = Map.copyOf(byId);
    return issuerId -> issuerId == null ? Optional.empty() : Optional.ofNullable(frozen.get(issuerId));
  }
}
