package org.civictrust.issuance;

import static org.civictrust.issuance.Fixtures.CIVIL;
import static org.civictrust.issuance.Fixtures.CIVIL_ACTIVE;
import static org.civictrust.issuance.Fixtures.MAX_VALIDITY;
import static org.civictrust.issuance.Fixtures.T0;
import static org.civictrust.issuance.Fixtures.encode;
import static org.civictrust.issuance.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.civictrust.issuance.internal.RequestOutcome;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuedDocument;
import org.civictrust.schemas.Rejection;
import org.civictrust.schemas.RejectionReason;
import org.junit.jupiter.api.Test;

/**
 * Component tests of deduplication: a retry (same requestId, same bytes) never yields a second document
 * and repeats the original outcome as DUPLICATE_REQUEST, whatever changed since; other bytes under a
 * used requestId are REQUEST_ID_CONFLICT; the same canonical document under another requestId is
 * DUPLICATE_DOCUMENT.
 */
class DeduplicationTest {
  static final long DAY = Duration.ofDays(1).toMillis();

  @Test
  void aRetryOfAnIssuedRequestIsADuplicateAndNeverASecondDocument() {
    try (Harness harness = new Harness()) {
      byte[] value = encode(request("req-1"));
      harness.send("req-1", value);
      IssuedDocument first = harness.onlyIssued();
      for (int retry = 0; retry < 3; retry++) {
        harness.send("req-1", value);
        Rejection rejection = harness.onlyRejection();
        assertEquals(RejectionReason.DUPLICATE_REQUEST.name(), rejection.getReason());
        assertEquals("req-1", rejection.getRequestId());
        assertArrayEquals(value, Documents.bytes(rejection.getOriginalValue()));
        assertEquals(retry + 1L, rejection.getSourceOffset());
      }
      assertEquals("req-1", first.getRequestId());
    }
  }

  @Test
  void aRetryUnderAnotherRecordKeyIsStillADuplicate() {
    try (Harness harness = new Harness()) {
      byte[] value = encode(request("req-1"));
      harness.send("first-key", value);
      harness.onlyIssued();
      harness.send(null, value, T0 + 1);
      assertEquals(RejectionReason.DUPLICATE_REQUEST.name(), harness.onlyRejection().getReason());
    }
  }

  @Test
  void aRetryAfterTheRequestWentStaleIsStillADuplicate() {
    try (Harness harness = new Harness()) {
      byte[] value = encode(request("req-1"));
      harness.send("req-1".getBytes(StandardCharsets.UTF_8), value, T0);
      harness.onlyIssued();
      harness.send("req-1".getBytes(StandardCharsets.UTF_8), value, T0 + 30 * DAY);
      assertEquals(RejectionReason.DUPLICATE_REQUEST.name(), harness.onlyRejection().getReason());
    }
  }

  @Test
  void aRetryAfterTheKeyWasRevokedIsStillADuplicate() {
    AtomicReference<KeyState> state = new AtomicReference<>(KeyState.ACTIVE);
    IssuerRegistry registry = (issuerId, at) -> issuerId.equals(CIVIL)
        ? Optional.of(new IssuerPolicy(CIVIL, Set.of(Fixtures.BIRTH), MAX_VALIDITY,
            List.of(state.get() == KeyState.ACTIVE ? IssuerKey.of(CIVIL_ACTIVE, KeyState.ACTIVE)
                : IssuerKey.ofVerifier(CIVIL_ACTIVE.verifierKey(), state.get()))))
        : Optional.empty();
    try (Harness harness = new Harness(IssuanceConfig.of(registry))) {
      byte[] value = encode(request("req-1"));
      harness.send("req-1", value);
      harness.onlyIssued();
      state.set(KeyState.REVOKED);
      harness.send("req-1", value);
      assertEquals(RejectionReason.DUPLICATE_REQUEST.name(), harness.onlyRejection().getReason());
      harness.send("req-2", encode(request("req-2")));
      assertEquals(RejectionReason.NO_ACTIVE_KEY.name(), harness.onlyRejection().getReason());
    }
  }

  @Test
  void aRetryOfARejectedRequestRepeatsTheRejectionAsADuplicateEvenOnceItWouldPass() {
    AtomicReference<Boolean> known = new AtomicReference<>(false);
    IssuerRegistry full = Fixtures.registry();
    IssuerRegistry registry = (issuerId, at) -> known.get() ? full.issuer(issuerId, at) : Optional.empty();
    try (Harness harness = new Harness(IssuanceConfig.of(registry))) {
      byte[] value = encode(request("req-1"));
      harness.send("req-1", value);
      assertEquals(RejectionReason.UNKNOWN_ISSUER.name(), harness.onlyRejection().getReason());
      known.set(true);
      harness.send("req-1", value);
      assertEquals(RejectionReason.DUPLICATE_REQUEST.name(), harness.onlyRejection().getReason());
      harness.send("req-1b", encode(request("req-1b")));
      harness.onlyIssued();
    }
  }

  @Test
  void aRetryAfterTheIssuanceStateWasUnavailableIsEvaluatedAgain() {
    AtomicReference<Boolean> reachable = new AtomicReference<>(false);
    IssuerRegistry full = Fixtures.registry();
    IssuerRegistry registry = (issuerId, at) -> {
      if (!reachable.get()) {
        throw new IssuanceStateUnavailableException("store down", null);
      }
      return full.issuer(issuerId, at);
    };
    try (Harness harness = new Harness(IssuanceConfig.of(registry))) {
      byte[] value = encode(request("req-1"));
      harness.send("req-1", value);
      assertEquals(RejectionReason.ISSUANCE_STATE_UNAVAILABLE.name(), harness.onlyRejection().getReason());
      KeyValueStore<String, byte[]> outcomes = harness.driver().getKeyValueStore(IssuanceTopology.REQUEST_OUTCOMES_STORE);
      assertNull(outcomes.get("req-1"), "a transient rejection is not remembered");
      harness.send("req-1", value);
      assertEquals(RejectionReason.ISSUANCE_STATE_UNAVAILABLE.name(), harness.onlyRejection().getReason());
      reachable.set(true);
      harness.send("req-1", value);
      harness.onlyIssued();
      harness.send("req-1", value);
      assertEquals(RejectionReason.DUPLICATE_REQUEST.name(), harness.onlyRejection().getReason());
    }
  }

  @Test
  void aRetryAfterNoSignerKeyIsEvaluatedAgainButOtherRejectionsAreFinal() {
    try (Harness harness = new Harness()) {
      byte[] unsigned = encode(request("req-1").setIssuerId(Fixtures.UNSIGNED));
      harness.send("req-1", unsigned);
      assertEquals(RejectionReason.NO_SIGNER_KEY.name(), harness.onlyRejection().getReason());
      harness.send("req-1", unsigned);
      assertEquals(RejectionReason.NO_SIGNER_KEY.name(), harness.onlyRejection().getReason(),
          "evaluated again, not a duplicate");
      byte[] revoked = encode(request("req-2").setIssuerKeyId(Fixtures.keyId(Fixtures.CIVIL_REVOKED)));
      harness.send("req-2", revoked);
      assertEquals(RejectionReason.KEY_REVOKED.name(), harness.onlyRejection().getReason());
      harness.send("req-2", revoked);
      assertEquals(RejectionReason.DUPLICATE_REQUEST.name(), harness.onlyRejection().getReason());
    }
  }

  @Test
  void theRequestOutcomesStoreRemembersTheDigestAndTheOutcome() {
    try (Harness harness = new Harness()) {
      byte[] value = encode(request("req-1"));
      harness.send("req-1", value);
      byte[] documentHash = Documents.sha256(Documents.bytes(harness.onlyIssued().getDocument()));
      harness.send("req-2", encode(request("req-2").setIssuerId("nobody")));
      harness.onlyRejection();
      KeyValueStore<String, byte[]> outcomes = harness.driver().getKeyValueStore(IssuanceTopology.REQUEST_OUTCOMES_STORE);
      assertEquals(RequestOutcome.issued(Documents.sha256(value), documentHash), RequestOutcome.parse(outcomes.get("req-1")));
      assertEquals(RequestOutcome.rejected(Documents.sha256(encode(request("req-2").setIssuerId("nobody"))),
          RejectionReason.UNKNOWN_ISSUER.name()), RequestOutcome.parse(outcomes.get("req-2")));
      KeyValueStore<Bytes, String> documents = harness.driver().getKeyValueStore(IssuanceTopology.DOCUMENT_HASHES_STORE);
      assertEquals("req-1", documents.get(Bytes.wrap(documentHash)));
    }
  }

  @Test
  void theSameRequestIdWithOtherBytesIsAConflict() {
    try (Harness harness = new Harness()) {
      harness.send("req-1", encode(request("req-1")));
      harness.onlyIssued();
      harness.send("req-1", encode(request("req-1").setSubject("Eve Example")));
      Rejection rejection = harness.onlyRejection();
      assertEquals(RejectionReason.REQUEST_ID_CONFLICT.name(), rejection.getReason());
      assertEquals("req-1", rejection.getRequestId());
    }
  }

  @Test
  void aConflictAfterARejectionIsAConflictToo() {
    try (Harness harness = new Harness()) {
      harness.send("req-1", encode(request("req-1").setDocumentType("driving-licence")));
      assertEquals(RejectionReason.DOCUMENT_TYPE_NOT_ALLOWED.name(), harness.onlyRejection().getReason());
      harness.send("req-1", encode(request("req-1")));
      assertEquals(RejectionReason.REQUEST_ID_CONFLICT.name(), harness.onlyRejection().getReason());
    }
  }

  @Test
  void aConflictDoesNotReplaceTheOriginalOutcome() {
    try (Harness harness = new Harness()) {
      byte[] original = encode(request("req-1"));
      harness.send("req-1", original);
      harness.onlyIssued();
      harness.send("req-1", encode(request("req-1").setSubject("Eve Example")));
      assertEquals(RejectionReason.REQUEST_ID_CONFLICT.name(), harness.onlyRejection().getReason());
      harness.send("req-1", original);
      assertEquals(RejectionReason.DUPLICATE_REQUEST.name(), harness.onlyRejection().getReason());
    }
  }

  @Test
  void theSameCanonicalDocumentUnderAnotherRequestIdIsADuplicateDocument() {
    ByteBuffer documentId = ByteBuffer.wrap(Fixtures.documentId("shared"));
    try (Harness harness = new Harness()) {
      harness.send("req-1", encode(request("req-1").setDocumentId(documentId)));
      harness.onlyIssued();
      byte[] second = encode(request("req-2").setDocumentId(documentId));
      harness.send("req-2", second);
      Rejection rejection = harness.onlyRejection();
      assertEquals(RejectionReason.DUPLICATE_DOCUMENT.name(), rejection.getReason());
      assertEquals("req-2", rejection.getRequestId());
      harness.send("req-2", second);
      assertEquals(RejectionReason.DUPLICATE_REQUEST.name(), harness.onlyRejection().getReason(),
          "the duplicate-document outcome is remembered under its requestId");
    }
  }

  @Test
  void theSameContentInAnotherMillisecondIsAnotherDocument() {
    // issuedAt (the record timestamp) is part of the canonical document, so its hash differs.
    ByteBuffer documentId = ByteBuffer.wrap(Fixtures.documentId("shared"));
    try (Harness harness = new Harness()) {
      harness.send("req-1".getBytes(StandardCharsets.UTF_8), encode(request("req-1").setDocumentId(documentId)), T0);
      IssuedDocument first = harness.onlyIssued();
      harness.send("req-2".getBytes(StandardCharsets.UTF_8), encode(request("req-2").setDocumentId(documentId)), T0 + 1);
      IssuedDocument second = harness.onlyIssued();
      assertNotEquals(first.getDocument(), second.getDocument());
    }
  }

  @Test
  void requestsThatNeverGotARequestIdAreNotRemembered() {
    try (Harness harness = new Harness()) {
      byte[] tooLong = encode(request("r".repeat(129)));
      harness.send("k", tooLong);
      assertEquals(RejectionReason.OVERSIZE.name(), harness.onlyRejection().getReason());
      harness.send("k", tooLong);
      assertEquals(RejectionReason.OVERSIZE.name(), harness.onlyRejection().getReason());
      KeyValueStore<String, byte[]> outcomes = harness.driver().getKeyValueStore(IssuanceTopology.REQUEST_OUTCOMES_STORE);
      try (KeyValueIterator<String, byte[]> all = outcomes.all()) {
        assertFalse(all.hasNext());
      }
    }
  }
}
