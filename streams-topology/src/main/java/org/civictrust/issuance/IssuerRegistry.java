package org.civictrust.issuance;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The issuers the topology accepts requests from, looked up by issuer id <em>as of a record time</em>.
 * Two implementations: a fixed set loaded from a configuration file ({@link IssuerRegistryFile}, {@link
 * #of}), which ignores the time, and {@link KvIssuerRegistry}, which reads the Raft-replicated issuance
 * store through its local cache and evaluates each key's lifecycle at the given time.
 *
 * <p>Implementations are thread-safe (every stream thread calls them) and answer from memory on the
 * per-request hot path. Replaying the requests topic reproduces byte-identical outputs only when the
 * registry answers the same: a registry that changes makes each key change effective from a time (a key
 * is active from its {@code activeFrom}, retiring from its {@code retiredAt}, revoked from its {@code
 * cutoff}) and is asked with the request's record timestamp, never the wall clock. What is not
 * time-stamped (an issuer's document types and maximum validity, replaced in place) applies as it is at
 * the time of the lookup, and so does the set of signer keys this deployment holds.
 */
@FunctionalInterface
public interface IssuerRegistry {
  /**
   * The policy of the issuer with that id, its keys in the state they were in at {@code at}.
   *
   * @param issuerId the request's issuer id, not null
   * @param at the request's record timestamp, milliseconds since the epoch
   * @return the policy, or empty if the issuer is unknown
   * @throws IssuanceStateUnavailableException if the registry cannot show its answer is fresh (the
   *     policy gate then fails closed, without remembering the rejection)
   */
  Optional<IssuerPolicy> issuer(String issuerId, long at) throws IssuanceStateUnavailableException;

  /**
   * An immutable registry of {@code issuers}, the same at every time.
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
    return (issuerId, at) -> issuerId == null ? Optional.empty() : Optional.ofNullable(frozen.get(issuerId));
  }
}
