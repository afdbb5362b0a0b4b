package org.civictrust.issuance;

import static org.civictrust.issuance.Fixtures.BIRTH;
import static org.civictrust.issuance.Fixtures.CIVIL;
import static org.civictrust.issuance.Fixtures.CIVIL_ACTIVE;
import static org.civictrust.issuance.Fixtures.CIVIL_RETIRING;
import static org.civictrust.issuance.Fixtures.CIVIL_REVOKED;
import static org.civictrust.issuance.Fixtures.T0;
import static org.civictrust.issuance.Fixtures.encode;
import static org.civictrust.issuance.Fixtures.keyId;
import static org.civictrust.issuance.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.civictrust.kv.IssuanceCache;
import org.civictrust.kv.IssuerRecord;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.server.LocalKvCluster;
import org.civictrust.kv.IssuerView;
import org.civictrust.kv.KeyRecord;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.RejectionReason;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerifierKey;
import org.junit.jupiter.api.Test;

/**
 * The store-backed registry decides each key as of the request's record time, from the key's lifecycle
 * times, and joins the deployment's signer keys: {@link KvIssuerRegistry#policyAt} alone, then through
 * the topology.
 */
class KvIssuerRegistryTest {
  static final long HOUR = 3_600_000L;
  /** CIVIL_RETIRING: active from T0, retiring from T0 + 2 h with an overlap until T0 + 4 h. */
  static final KeyRecord RETIRING = new KeyRecord(CIVIL, keyId(CIVIL_RETIRING), CIVIL_RETIRING.verifierKey().format(),
      org.civictrust.kv.KeyState.RETIRING, T0, T0 + 2 * HOUR, T0 + 4 * HOUR, -1, -1, "", 2);
  /** CIVIL_ACTIVE: active from T0 + 2 h (it replaced CIVIL_RETIRING). */
  static final KeyRecord ACTIVE = new KeyRecord(CIVIL, keyId(CIVIL_ACTIVE), CIVIL_ACTIVE.verifierKey().format(),
      org.civictrust.kv.KeyState.ACTIVE, T0 + 2 * HOUR, -1, -1, -1, -1, "", 1);
  /** CIVIL_REVOKED: active from T0, revoked with cutoff T0 + 1 h. */
  static final KeyRecord REVOKED = new KeyRecord(CIVIL, keyId(CIVIL_REVOKED), CIVIL_REVOKED.verifierKey().format(),
      org.civictrust.kv.KeyState.REVOKED, T0, -1, -1, T0 + HOUR, T0 + 3 * HOUR, "compromised", 2);
  static final IssuerView VIEW = new IssuerView(new IssuerRecord(CIVIL, List.of(BIRTH), Fixtures.MAX_VALIDITY.toMillis(), 1),
      List.of(RETIRING, ACTIVE, REVOKED));

  /** The deployment holds the retiring and the active key's signers, not the revoked one's. */
  static final KvIssuerRegistry.Signers SIGNERS = key -> List.of(CIVIL_RETIRING, CIVIL_ACTIVE).stream()
      .filter(s -> s.verifierKey().equals(key)).findFirst();

  static IssuerPolicy at(long time) {
    return KvIssuerRegistry.policyAt(VIEW, time, VerifierKey::parse, SIGNERS);
  }

  static IssuerKey key(IssuerPolicy policy, SignerKey signer) {
    return policy.key(keyId(signer)).orElseThrow();
  }

  @Test
  void aKeyDoesNotExistBeforeItBecameActive() {
    IssuerPolicy policy = at(T0 + HOUR);
    assertTrue(policy.key(keyId(CIVIL_ACTIVE)).isEmpty());
    assertEquals(keyId(CIVIL_RETIRING), policy.defaultKey().orElseThrow().keyId(), "the old key still signs");
  }

  @Test
  void aRotatedKeyIsRetiringFromItsRetirementAndAcceptsNamedRequestsUntilTheOverlapEnds() {
    IssuerPolicy during = at(T0 + 3 * HOUR);
    assertEquals(KeyState.RETIRING, key(during, CIVIL_RETIRING).state());
    assertTrue(key(during, CIVIL_RETIRING).acceptsRequestAt(T0 + 3 * HOUR));
    assertEquals(keyId(CIVIL_ACTIVE), during.defaultKey().orElseThrow().keyId(), "the new key signs by default");
    IssuerPolicy after = at(T0 + 4 * HOUR);
    assertFalse(key(after, CIVIL_RETIRING).acceptsRequestAt(T0 + 4 * HOUR));
    assertEquals(KeyState.ACTIVE, key(at(T0 + HOUR), CIVIL_RETIRING).state(), "active before its retirement");
  }

  @Test
  void aRevokedKeyIsRevokedFromItsCutoffOnlyWhateverTheTimeOfTheRevocation() {
    assertEquals(KeyState.ACTIVE, key(at(T0 + HOUR - 1), CIVIL_REVOKED).state());
    assertEquals(KeyState.REVOKED, key(at(T0 + HOUR), CIVIL_REVOKED).state());
  }

  @Test
  void signersComeFromTheDeploymentAndOnlyForTheSameVerifierKey() {
    IssuerPolicy policy = at(T0 + 3 * HOUR);
    assertEquals(Optional.of(CIVIL_ACTIVE), key(policy, CIVIL_ACTIVE).signer());
    assertTrue(key(at(T0), CIVIL_REVOKED).signer().isEmpty());
    assertEquals(keyId(CIVIL_REVOKED), at(T0).defaultKey().orElseThrow().keyId(),
        "at T0 the lowest active key ID is the default, signer or not");
  }

  @Test
  void theTopologyDecidesEachRequestAsOfItsRecordTime() {
    IssuerRegistry registry = (issuerId, time) -> CIVIL.equals(issuerId)
        ? Optional.of(at(time)) : Optional.empty();
    try (Harness harness = new Harness(IssuanceConfig.of(registry))) {
      String retiring = keyId(CIVIL_RETIRING);
      send(harness, "in-overlap", retiring, T0 + 3 * HOUR);
      assertEquals(retiring, signedWith(harness));
      send(harness, "after-overlap", retiring, T0 + 4 * HOUR);
      assertEquals(RejectionReason.KEY_NOT_ACTIVE.name(), harness.onlyRejection().getReason());
      send(harness, "before-cutoff", keyId(CIVIL_REVOKED), T0 + HOUR - 1);
      assertEquals(RejectionReason.NO_SIGNER_KEY.name(), harness.onlyRejection().getReason());
      send(harness, "after-cutoff", keyId(CIVIL_REVOKED), T0 + HOUR);
      assertEquals(RejectionReason.KEY_REVOKED.name(), harness.onlyRejection().getReason());
      send(harness, "too-early", keyId(CIVIL_ACTIVE), T0 + HOUR);
      assertEquals(RejectionReason.UNKNOWN_KEY.name(), harness.onlyRejection().getReason());
      send(harness, "new-key", keyId(CIVIL_ACTIVE), T0 + 2 * HOUR);
      assertEquals(keyId(CIVIL_ACTIVE), signedWith(harness));
    }
  }

  @Test
  void failsClosedWhenTheStoreCannotBeReached() throws Exception {
    Duration bound = Duration.ofSeconds(1);
    // Three peers on ports nobody listens on: the cache never syncs.
    try (KvClient client = KvClient.connect(LocalKvCluster.freeLoopbackPeers(3), KvClient.Options.defaults()
            .withDeadline(bound));
        IssuanceCache cache = IssuanceCache.start(client, bound, 10)) {
      KvIssuerRegistry registry = KvIssuerRegistry.of(cache, List.of(CIVIL_ACTIVE));
      assertThrows(IssuanceStateUnavailableException.class, () -> registry.issuer(CIVIL, T0));
      assertTrue(registry.issuer("x".repeat(300), T0).isEmpty(), "an id the store cannot hold is unknown, not an outage");
      try (Harness harness = new Harness(IssuanceConfig.of(registry))) {
        send(harness, "while-down", keyId(CIVIL_ACTIVE), T0);
        assertEquals(RejectionReason.ISSUANCE_STATE_UNAVAILABLE.name(), harness.onlyRejection().getReason());
      }
    }
  }

  private static String signedWith(Harness harness) {
    try {
      return Documents.parseDocument(Documents.bytes(harness.onlyIssued().getDocument())).getIssuerKeyId();
    } catch (RecordException e) {
      throw new AssertionError(e);
    }
  }

  private static void send(Harness harness, String requestId, String keyId, long time) {
    harness.send(requestId.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        encode(request(requestId).setIssuerKeyId(keyId).setRequestedAt(time)), time);
  }
}
