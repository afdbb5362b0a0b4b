package org.civictrust.issuance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.civictrust.kv.IssuanceCache;
import org.civictrust.kv.IssuerView;
import org.civictrust.kv.KeyRecord;
import org.civictrust.kv.StaleCacheException;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerifierKey;

/**
 * The issuer registry of a deployment backed by the issuance store: issuers and key lifecycles come from
 * the store through its local {@link IssuanceCache}; the secret halves come from this deployment's own
 * signer keys, joined by verifier key. The store never holds a secret key.
 *
 * <p><b>As of the record time.</b> A key is evaluated at the request's record timestamp {@code t}
 * ({@link #policyAt}): it does not exist before its {@code activeFrom}; it is revoked from its {@code
 * cutoff} on; it is retiring from its {@code retiredAt} on, accepting requests that name it until its
 * {@code overlapUntil}; otherwise active. Replaying the requests topic therefore decides keys the same
 * way, whenever the replay runs. A key active at {@code t} whose signer this deployment does not hold is
 * listed without signer, and the gate refuses it with {@link org.civictrust.schemas.RejectionReason#NO_SIGNER_KEY}.
 *
 * <p><b>Freshness.</b> Every answer reflects every change committed to the store at least the cache's
 * {@code maxStaleness} before (recommended 2 s): a key revoked with cutoff {@code c} at wall time
 * {@code w} refuses every request with record time at or after {@code c} that is decided after {@code w +
 * maxStaleness}. When the cache cannot show that (the store is unreachable for longer than the bound),
 * {@link #issuer} throws {@link IssuanceStateUnavailableException} and the gate fails closed.
 */
public final class KvIssuerRegistry implements IssuerRegistry {
  /** The recommended freshness bound of the cache this registry reads. */
  public static final Duration RECOMMENDED_MAX_STALENESS = Duration.ofSeconds(2);
  /** The longest issuer id the store can hold, in UTF-8 bytes (a longer one is unknown). */
  private static final int MAX_ISSUER_ID_BYTES = 256;
  /** Parsed verifier keys kept at most (a store holds few keys; the cache is dropped when full). */
  private static final int MAX_PARSED_KEYS = 10_000;

  private final IssuanceCache cache;
  private final Map<VerifierKey, SignerKey> signers;
  private final Map<String, VerifierKey> parsed = new ConcurrentHashMap<>();

  private KvIssuerRegistry(IssuanceCache cache, Map<VerifierKey, SignerKey> signers) {
    this.cache = cache;
    this.signers = signers;
  }

  /**
   * A registry reading {@code cache}, signing with {@code localSigners}.
   *
   * @param cache the store's cache; it belongs to the caller, who closes it
   * @param localSigners the signer keys this deployment holds (of any issuers)
   * @throws IllegalArgumentException if two signers have the same verifier key
   */
  public static KvIssuerRegistry of(IssuanceCache cache, Collection<SignerKey> localSigners) {
    Objects.requireNonNull(cache, "cache");
    Map<VerifierKey, SignerKey> byKey = new HashMap<>();
    for (SignerKey signer : localSigners) {
      if (byKey.putIfAbsent(signer.verifierKey(), signer) != null) {
        throw new IllegalArgumentException("the signer key " + signer.verifierKey().format() + " is given twice");
      }
    }
    return new KvIssuerRegistry(cache, Map.copyOf(byKey));
  }

  @Override
  public Optional<IssuerPolicy> issuer(String issuerId, long at) throws IssuanceStateUnavailableException {
    if (issuerId == null || issuerId.isEmpty()
        || issuerId.getBytes(StandardCharsets.UTF_8).length > MAX_ISSUER_ID_BYTES) {
      return Optional.empty();
    }
    Optional<IssuerView> view;
    try {
      view = cache.issuer(issuerId);
    } catch (StaleCacheException e) {
      throw new IssuanceStateUnavailableException(e.getMessage(), e);
    }
    if (view.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(policyAt(view.get(), at, this::verifierKey, key -> Optional.ofNullable(signers.get(key))));
  }

  private VerifierKey verifierKey(String vkey) {
    VerifierKey key = parsed.get(vkey);
    if (key == null) {
      key = VerifierKey.parse(vkey);
      if (parsed.size() >= MAX_PARSED_KEYS) {
        parsed.clear();
      }
      parsed.put(vkey, key);
    }
    return key;
  }

  /** Finds a parsed verifier key for its vkey text. */
  @FunctionalInterface
  public interface VerifierKeys {
    /** The key {@code vkey} names; throws IllegalArgumentException if it is malformed. */
    VerifierKey parse(String vkey);
  }

  /** Finds this deployment's signer for a verifier key. */
  @FunctionalInterface
  public interface Signers {
    /** The signer of {@code key}, if this deployment holds it. */
    Optional<SignerKey> signer(VerifierKey key);
  }

  /**
   * The policy of {@code view} as of record time {@code at}: the issuer's document types and maximum
   * validity, and each key that exists at {@code at} in its state at {@code at} (see the class comment),
   * with its signer if {@code signers} has it. Pure: the same arguments give the same policy.
   */
  public static IssuerPolicy policyAt(IssuerView view, long at, VerifierKeys verifierKeys, Signers signers) {
    List<IssuerKey> keys = new ArrayList<>();
    for (KeyRecord record : view.keys()) {
      if (at < record.activeFrom()) {
        continue;
      }
      VerifierKey verifierKey = verifierKeys.parse(record.verifierKey());
      Optional<SignerKey> signer = signers.signer(verifierKey);
      if (record.cutoff() != -1 && at >= record.cutoff()) {
        keys.add(new IssuerKey(verifierKey, KeyState.REVOKED, signer, IssuerKey.NO_OVERLAP));
      } else if (record.retiredAt() != -1 && at >= record.retiredAt()) {
        keys.add(IssuerKey.retiring(verifierKey, signer, record.overlapUntil()));
      } else {
        keys.add(new IssuerKey(verifierKey, KeyState.ACTIVE, signer, IssuerKey.NO_OVERLAP));
      }
    }
    return new IssuerPolicy(view.issuer().issuerId(), Set.copyOf(view.issuer().documentTypes()),
        view.issuer().maxValidity(), keys);
  }
}
