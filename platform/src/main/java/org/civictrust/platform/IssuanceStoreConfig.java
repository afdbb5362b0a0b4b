package org.civictrust.platform;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civictrust.issuance.KvIssuerRegistry;
import org.civictrust.kv.KvPeer;
import org.civictrust.tlog.SignerKey;

/**
 * The issuance store a pipeline reads its issuers and key lifecycles from, and records anchoring in.
 *
 * @param peers an existing store's peers, or empty to run a three-peer store in this process
 *     ({@code DATA/kv}, the layout of {@code civictrust kv up})
 * @param localSigners signer keys this deployment holds beyond those of the configured issuers (keys to
 *     be rotated in later); the store only ever holds verifier keys
 * @param maxStaleness the freshness bound of the policy gate's cache: a key revoked in the store refuses
 *     requests decided later than this after the revocation was committed; at least 1 s
 */
public record IssuanceStoreConfig(Optional<List<KvPeer>> peers, List<SignerKey> localSigners, Duration maxStaleness) {
  /** The peers of the store run in this process. */
  public static final int LOCAL_PEERS = 3;
  /** The store's directory inside the data directory (as {@code civictrust kv up} lays it out). */
  public static final String DIRECTORY = "kv";

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if {@code peers} is present but empty, or the bound is under 1 s
   */
  public IssuanceStoreConfig {
    Objects.requireNonNull(peers, "peers");
    peers = peers.map(List::copyOf);
    if (peers.isPresent() && peers.get().isEmpty()) {
      throw new IllegalArgumentException("an existing store has at least one peer");
    }
    localSigners = List.copyOf(localSigners);
    if (maxStaleness.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("maxStaleness must be at least 1 s");
    }
  }

  /** A three-peer store in this process, the recommended 2 s bound, no extra signers. */
  public static IssuanceStoreConfig local() {
    return new IssuanceStoreConfig(Optional.empty(), List.of(), KvIssuerRegistry.RECOMMENDED_MAX_STALENESS);
  }

  /** The existing store of {@code storePeers}, the recommended 2 s bound, no extra signers. */
  public static IssuanceStoreConfig existing(List<KvPeer> storePeers) {
    return new IssuanceStoreConfig(Optional.of(storePeers), List.of(), KvIssuerRegistry.RECOMMENDED_MAX_STALENESS);
  }

  /** This configuration with {@code signers} as the extra local signer keys. */
  public IssuanceStoreConfig withLocalSigners(List<SignerKey> signers) {
    return new IssuanceStoreConfig(peers, signers, maxStaleness);
  }
}
