package org.civictrust.issuance;

import static org.civictrust.issuance.Fixtures.CIVIL;
import static org.civictrust.issuance.Fixtures.CIVIL_ACTIVE;
import static org.civictrust.issuance.Fixtures.CIVIL_RETIRING;
import static org.civictrust.issuance.Fixtures.CIVIL_REVOKED;
import static org.civictrust.issuance.Fixtures.MAX_VALIDITY;
import static org.civictrust.issuance.Fixtures.T0;
import static org.civictrust.issuance.Fixtures.encode;
import static org.civictrust.issuance.Fixtures.keyId;
import static org.civictrust.issuance.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.Rejection;
import org.civictrust.schemas.RejectionReason;
import org.junit.jupiter.api.Test;
import org.civictrust.schemas.Topics;

/**
 * Component tests of each rejection reason of validation and policy: one rejection, the reason code,
 * the original key and value byte for byte, the source topic, partition and offset, the record
 * timestamp, and no document.
 */
class RejectionsTest {
  static final long SKEW = IssuanceConfig.DEFAULT_MAX_CLOCK_SKEW.toMillis();
  static final long AGE = IssuanceConfig.DEFAULT_MAX_REQUEST_AGE.toMillis();

  /** Sends {@code request} at T0 and checks it is rejected for {@code reason}; see the overload. */
  static Rejection assertRejected(RejectionReason reason, IssuanceRequest.Builder request) {
    return assertRejected(reason, encode(request), T0);
  }

  /**
   * Sends {@code value} as the second record (offset 1, key {@code k-original}) of a fresh deployment
   * and checks that it alone is rejected for {@code reason}, with its bytes and origin.
   */
  static Rejection assertRejected(RejectionReason reason, byte[] value, long timestamp) {
    try (Harness harness = new Harness()) {
      byte[] key = "k-original".getBytes(StandardCharsets.UTF_8);
      harness.send(new byte[] {9}, new byte[] {1, 2, 3}, T0);
      harness.rejectedRecords();
      harness.send(key, value, timestamp);
      List<TestRecord<byte[], byte[]>> records = harness.rejectedRecords();
      assertEquals(0, harness.issuedRecords().size(), "no document is issued");
      assertEquals(1, records.size(), "exactly one rejection");
      assertArrayEquals(key, records.get(0).key(), "keyed by the original key");
      assertEquals(timestamp, records.get(0).timestamp());
      Rejection rejection = Harness.rejection(records.get(0).value());
      assertEquals(reason.name(), rejection.getReason());
      assertArrayEquals(key, Documents.bytes(rejection.getOriginalKey()));
      assertArrayEquals(value, Documents.bytes(rejection.getOriginalValue()));
      assertEquals(Topics.REQUESTS, rejection.getSourceTopic());
      assertEquals(0, rejection.getSourcePartition());
      assertEquals(1L, rejection.getSourceOffset(), "the second record of the topic");
      assertEquals(timestamp, rejection.getRejectedAt());
      return rejection;
    }
  }

  static void assertIssued(IssuanceRequest.Builder request, long timestamp) {
    try (Harness harness = new Harness()) {
      harness.send(new byte[0], encode(request), timestamp);
      harness.onlyIssued();
    }
  }

  static IssuanceRequest.Builder withClaims(IssuanceRequest.Builder request, Claim... claims) {
    return request.setClaims(new ArrayList<>(List.of(claims)));
  }

  @Test
  void rejectsAnEmptyRequestIdAsMalformedWithoutNamingIt() {
    assertNull(assertRejected(RejectionReason.MALFORMED, request("")).getRequestId());
  }

  @Test
  void rejectsARequestIdOver128CharactersAsOversize() {
    assertNull(assertRejected(RejectionReason.OVERSIZE, request("r".repeat(129))).getRequestId());
    assertIssued(request("r".repeat(128)), T0);
  }

  @Test
  void namesTheRequestIdOnceItsShapeIsValid() {
    assertEquals("req-1", assertRejected(RejectionReason.UNKNOWN_ISSUER, request("req-1").setIssuerId("nobody")).getRequestId());
  }

  @Test
  void rejectsEmptyRequiredTextAsMalformed() {
    assertRejected(RejectionReason.MALFORMED, request("req-1").setIssuerId(""));
    assertRejected(RejectionReason.MALFORMED, request("req-1").setDocumentType(""));
    assertRejected(RejectionReason.MALFORMED, request("req-1").setSubject(""));
    assertRejected(RejectionReason.MALFORMED, withClaims(request("req-1"), new Claim("", "x")));
  }

  @Test
  void rejectsTextOverTheLimitAsOversize() {
    String tooLong = "x".repeat(Documents.MAX_TEXT_LENGTH + 1);
    assertRejected(RejectionReason.OVERSIZE, request("req-1").setSubject(tooLong));
    assertRejected(RejectionReason.OVERSIZE, request("req-1").setIssuerId(tooLong));
    assertRejected(RejectionReason.OVERSIZE, withClaims(request("req-1"), new Claim("note", tooLong)));
    assertRejected(RejectionReason.OVERSIZE, withClaims(request("req-1"), new Claim(tooLong, "x")));
  }

  @Test
  void rejectsAKeyIdThatIsNotEightLowercaseHexDigitsAsMalformed() {
    assertRejected(RejectionReason.MALFORMED, request("req-1").setIssuerKeyId(keyId(CIVIL_ACTIVE).toUpperCase()));
    assertRejected(RejectionReason.MALFORMED, request("req-1").setIssuerKeyId("1234567"));
  }

  @Test
  void rejectsADocumentIdOfAnotherSizeAsMalformed() {
    assertRejected(RejectionReason.MALFORMED, request("req-1").setDocumentId(ByteBuffer.wrap(new byte[15])));
    assertRejected(RejectionReason.MALFORMED, request("req-1").setDocumentId(ByteBuffer.wrap(new byte[17])));
    assertRejected(RejectionReason.MALFORMED, request("req-1").setDocumentId(ByteBuffer.wrap(new byte[0])));
  }

  @Test
  void rejectsRepeatedClaimNamesAsMalformed() {
    assertRejected(RejectionReason.MALFORMED, withClaims(request("req-1"), new Claim("a", "1"), new Claim("b", "2"),
        new Claim("a", "3")));
  }

  /** A valid request whose encoding is about {@code size} bytes: claims of at most 4,000 characters. */
  static IssuanceRequest.Builder requestOfSize(int size) {
    List<Claim> claims = new ArrayList<>();
    IssuanceRequest.Builder request = request("req-1").setClaims(claims);
    while (encode(request).length + 4_100 < size) {
      claims.add(new Claim(String.format("claim-%03d", claims.size()), "v".repeat(4_000)));
    }
    claims.add(new Claim("last", ""));
    int missing = size - encode(request).length;
    claims.set(claims.size() - 1, new Claim("last", "v".repeat(missing - 2)));
    return request;
  }

  @Test
  void rejectsACanonicalDocumentOver64KiBAsOversize() throws Exception {
    IssuanceRequest.Builder tooLarge = requestOfSize(Documents.MAX_DOCUMENT_SIZE + 64);
    assertRejected(RejectionReason.OVERSIZE, tooLarge);
    IssuanceRequest.Builder fits = requestOfSize(Documents.MAX_DOCUMENT_SIZE - 64);
    try (Harness harness = new Harness()) {
      harness.send("req-1", encode(fits));
      int size = harness.onlyIssued().getDocument().remaining();
      assertTrue(size > Documents.MAX_DOCUMENT_SIZE - 128 && size <= Documents.MAX_DOCUMENT_SIZE, "size " + size);
    }
  }

  @Test
  void rejectsARecordOverTheDecoderLimitAsOversize() {
    byte[] value = encode(request("req-1"));
    byte[] huge = new byte[RequestDecoder.MAX_REQUEST_SIZE + 11];
    System.arraycopy(value, 0, huge, 0, 10);
    assertRejected(RejectionReason.OVERSIZE, huge, T0);
  }

  @Test
  void rejectsARequestThatExpiresAtOrBeforeTheRecordTime() {
    assertRejected(RejectionReason.EXPIRED, request("req-1").setExpiresAt(T0));
    assertRejected(RejectionReason.EXPIRED, request("req-1").setExpiresAt(T0 - 1));
    assertRejected(RejectionReason.EXPIRED, request("req-1").setExpiresAt(Long.MIN_VALUE));
    assertIssued(request("req-1").setExpiresAt(T0 + 1), T0);
  }

  @Test
  void issuedAtIsTheRecordTimestampNotRequestedAt() {
    assertRejected(RejectionReason.EXPIRED, encode(request("req-1").setRequestedAt(T0).setExpiresAt(T0 + 10)), T0 + 10);
  }

  @Test
  void rejectsARequestDatedBeyondTheClockSkewAsFutureDated() {
    assertRejected(RejectionReason.FUTURE_DATED, request("req-1").setRequestedAt(T0 + SKEW + 1));
    assertRejected(RejectionReason.FUTURE_DATED, request("req-1").setRequestedAt(Long.MAX_VALUE));
    assertIssued(request("req-1").setRequestedAt(T0 + SKEW), T0);
  }

  @Test
  void rejectsARequestOlderThanTheWindowAsStale() {
    assertRejected(RejectionReason.STALE_REQUEST, request("req-1").setRequestedAt(T0 - AGE - 1));
    assertRejected(RejectionReason.STALE_REQUEST, request("req-1").setRequestedAt(Long.MIN_VALUE));
    assertIssued(request("req-1").setRequestedAt(T0 - AGE), T0);
  }

  @Test
  void rejectsAnUnknownIssuer() {
    assertRejected(RejectionReason.UNKNOWN_ISSUER, request("req-1").setIssuerId("forger.example"));
  }

  @Test
  void rejectsADocumentTypeTheIssuerMayNotIssue() {
    assertRejected(RejectionReason.DOCUMENT_TYPE_NOT_ALLOWED, request("req-1").setDocumentType("driving-licence"));
  }

  @Test
  void rejectsAValidityLongerThanTheIssuerMayGrant() {
    long max = MAX_VALIDITY.toMillis();
    assertRejected(RejectionReason.VALIDITY_TOO_LONG, request("req-1").setExpiresAt(T0 + max + 1));
    assertRejected(RejectionReason.VALIDITY_TOO_LONG, request("req-1").setExpiresAt(Long.MAX_VALUE));
    assertIssued(request("req-1").setExpiresAt(T0 + max), T0);
  }

  @Test
  void rejectsAKeyTheIssuerDoesNotHave() {
    assertRejected(RejectionReason.UNKNOWN_KEY, request("req-1").setIssuerKeyId("00000000"));
    assertRejected(RejectionReason.UNKNOWN_KEY, request("req-1").setIssuerKeyId(keyId(Fixtures.LICENCES_RETIRING)));
  }

  @Test
  void aRevokedKeySignsNothing() {
    assertRejected(RejectionReason.KEY_REVOKED, request("req-1").setIssuerKeyId(keyId(CIVIL_REVOKED)));
  }

  @Test
  void anActiveKeyWithoutASignerKeyHereSignsNothing() {
    assertRejected(RejectionReason.NO_SIGNER_KEY, request("req-1").setIssuerId(Fixtures.UNSIGNED));
  }

  @Test
  void failsClosedWhenTheIssuanceStateIsUnavailable() {
    assertRejected(RejectionReason.ISSUANCE_STATE_UNAVAILABLE, request("req-1").setIssuerId(Fixtures.UNAVAILABLE));
  }

  @Test
  void aRetiringKeySignsNothingNew() {
    assertRejected(RejectionReason.KEY_NOT_ACTIVE, request("req-1").setIssuerKeyId(keyId(CIVIL_RETIRING)));
  }

  @Test
  void rejectsARequestWithoutKeyFromAnIssuerWithNoActiveKey() {
    assertRejected(RejectionReason.NO_ACTIVE_KEY, request("req-1").setIssuerId(Fixtures.LICENCES)
        .setDocumentType("driving-licence"));
  }

  @Test
  void policyIsCheckedAfterValidation() {
    assertRejected(RejectionReason.EXPIRED, request("req-1").setIssuerId("forger.example").setExpiresAt(T0));
    assertEquals(CIVIL, request("req-1").build().getIssuerId());
  }
}
