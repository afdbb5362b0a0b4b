package org.civictrust.issuance;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.civictrust.issuance.internal.FramedRequestDecoder;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.RecordException;
import org.civictrust.tlog.SignerKey;

/**
 * The issuers, keys and requests of the component tests. Keys come from fixed seeds, so every run (and
 * every replay) signs with the same keys. Never use outside tests.
 */
final class Fixtures {
  /** The record timestamp of most test requests: 2026-11-18T…Z. */
  static final long T0 = 1_795_000_000_000L;
  static final long YEAR = Duration.ofDays(365).toMillis();

  static final String CIVIL = "registry.example/civil-status";
  static final String BIRTH = "birth-certificate";
  static final String DEATH = "death-certificate";
  /** An issuer whose keys are all retiring or revoked. */
  static final String LICENCES = "licences.example";
  /** An issuer with two active keys. */
  static final String ROTATING = "diplomas.example";
  /** An issuer whose active key this deployment holds no signer for. */
  static final String UNSIGNED = "permits.example";
  /** An issuer id the registry cannot answer for: it throws {@link IssuanceStateUnavailableException}. */
  static final String UNAVAILABLE = "unreachable.example";

  static final SignerKey CIVIL_ACTIVE = signer(CIVIL, "active");
  static final SignerKey CIVIL_RETIRING = signer(CIVIL, "retiring");
  static final SignerKey CIVIL_REVOKED = signer(CIVIL, "revoked");
  static final SignerKey LICENCES_RETIRING = signer(LICENCES, "retiring");
  static final SignerKey ROTATING_A = signer(ROTATING, "a");
  static final SignerKey ROTATING_B = signer(ROTATING, "b");
  static final SignerKey UNSIGNED_ACTIVE = signer(UNSIGNED, "active");

  static final Duration MAX_VALIDITY = Duration.ofDays(3650);

  private Fixtures() {}

  /**
   * The registry of the tests; asking it for {@link #UNAVAILABLE} throws {@link
   * IssuanceStateUnavailableException}, as a store-backed registry does when its cache is stale.
   */
  static IssuerRegistry registry() {
    IssuerRegistry fixed = fixedRegistry();
    return (issuerId, at) -> {
      if (UNAVAILABLE.equals(issuerId)) {
        throw new IssuanceStateUnavailableException("the test store is unreachable", null);
      }
      return fixed.issuer(issuerId, at);
    };
  }

  private static IssuerRegistry fixedRegistry() {
    return IssuerRegistry.of(List.of(
        new IssuerPolicy(CIVIL, Set.of(BIRTH, DEATH), MAX_VALIDITY, List.of(
            IssuerKey.of(CIVIL_ACTIVE, KeyState.ACTIVE),
            IssuerKey.of(CIVIL_RETIRING, KeyState.RETIRING),
            IssuerKey.ofVerifier(CIVIL_REVOKED.verifierKey(), KeyState.REVOKED))),
        new IssuerPolicy(LICENCES, Set.of("driving-licence"), MAX_VALIDITY, List.of(
            IssuerKey.of(LICENCES_RETIRING, KeyState.RETIRING))),
        new IssuerPolicy(ROTATING, Set.of("diploma"), MAX_VALIDITY, List.of(
            IssuerKey.of(ROTATING_A, KeyState.ACTIVE),
            IssuerKey.of(ROTATING_B, KeyState.ACTIVE))),
        new IssuerPolicy(UNSIGNED, Set.of(BIRTH), MAX_VALIDITY, List.of(
            IssuerKey.ofVerifier(UNSIGNED_ACTIVE.verifierKey(), KeyState.ACTIVE)))));
  }

  /** The default configuration over {@link #registry()}. */
  static IssuanceConfig config() {
    return IssuanceConfig.of(registry());
  }

  /** The C2SP key ID of {@code key} as 8 lowercase hex digits. */
  static String keyId(SignerKey key) {
    return String.format("%08x", key.keyId());
  }

  /** A valid birth certificate request {@code requestId}, requested at {@link #T0}, claims unsorted. */
  static IssuanceRequest.Builder request(String requestId) {
    return IssuanceRequest.newBuilder()
        .setRequestId(requestId)
        .setIssuerId(CIVIL)
        .setIssuerKeyId(null)
        .setDocumentId(ByteBuffer.wrap(documentId(requestId)))
        .setDocumentType(BIRTH)
        .setSubject("Ada Example")
        .setClaims(new ArrayList<>(List.of(new Claim("parents", "Grace Example; Alan Example"),
            new Claim("birthDate", "2026-11-18"), new Claim("birthPlace", "Geneva"))))
        .setExpiresAt(T0 + 50 * YEAR / 10)
        .setRequestedAt(T0 - 1_000);
  }

  /** The canonical single-object bytes of {@code request}. */
  static byte[] encode(IssuanceRequest.Builder request) {
    try {
      return FramedRequestDecoder.encode(request.build());
    } catch (RecordException e) {
      throw new AssertionError(e);
    }
  }

  /** 16 bytes derived from {@code label}. */
  static byte[] documentId(String label) {
    byte[] id = new byte[16];
    fixedRandom("document " + label).nextBytes(id);
    return id;
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** A signer key named {@code name} from a seed derived from {@code label}. */
  static SignerKey signer(String name, String label) {
    return SignerKey.generate(name, fixedRandom(name + " " + label));
  }

  /** A "random" source that yields the same bytes for the same label on every run. */
  static SecureRandom fixedRandom(String label) {
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;
      private long state = label.hashCode() * 0x9E3779B97F4A7C15L;

      @Override
      public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
          state = state * 6364136223846793005L + 1442695040888963407L;
          bytes[i] = (byte) (state >>> 56);
        }
      }
    };
  }
}
