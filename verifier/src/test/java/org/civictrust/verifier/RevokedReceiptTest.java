package org.civictrust.verifier;

import static org.civictrust.verifier.ReceiptFixture.EXPIRES_AT;
import static org.civictrust.verifier.ReceiptFixture.ISSUED_AT;
import static org.civictrust.verifier.ReceiptFixture.ISSUER;
import static org.civictrust.verifier.ReceiptFixture.ISSUER_KEY;
import static org.civictrust.verifier.ReceiptFixture.NOW;
import static org.civictrust.verifier.ReceiptVerifierTest.assertVerdict;
import static org.civictrust.verifier.ReceiptVerifierTest.withProof;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.civictrust.schemas.Documents;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerificationException;
import org.junit.jupiter.api.Test;

/** REVOKED: a genuine receipt that a trusted revocation snapshot says no longer counts. */
class RevokedReceiptTest {
  static final ReceiptFixture LOG = ReceiptFixture.standard(6);
  static final SignerKey REVOCATION_KEY = ReceiptFixture.key("registry.example/revocations");
  static final TrustStore TRUST = TrustStore.of(ReceiptFixture.trustStore().logs(),
      ReceiptFixture.trustStore().issuers(), List.of(REVOCATION_KEY.verifierKey()));
  static final String KEY_ID = String.format("%08x", ISSUER_KEY.keyId());
  static final Instant REVOKED_AT = NOW.minusSeconds(3600);

  static Hash documentHash(int index) {
    return Hash.of(Documents.sha256(LOG.document(index)));
  }

  /** The snapshot as a verifier receives it: signed by the store, opened with the trusted keys. */
  static ReceiptVerifier verifierWith(List<RevocationSnapshot.KeyRevocation> keys,
      List<RevocationSnapshot.DocumentRevocation> documents) throws VerificationException {
    byte[] note = RevocationSnapshot.of(REVOCATION_KEY.name(), 7, NOW.toEpochMilli(), keys, documents).sign(REVOCATION_KEY);
    return ReceiptVerifier.of(TRUST).withRevocations(RevocationSnapshot.open(note, TRUST.revocationKeys()));
  }

  @Test
  void aRevokedDocumentIsRevokedFromItsRevocationOnAndOthersStillVerify() throws Exception {
    ReceiptVerifier verifier = verifierWith(List.of(),
        List.of(new RevocationSnapshot.DocumentRevocation(ISSUER, documentHash(2), REVOKED_AT.toEpochMilli(), "fraud")));
    Verdict revoked = verifier.verify(LOG.receipt(2), NOW);
    assertVerdict(Status.REVOKED, Check.REVOCATION, revoked);
    RevocationSnapshot.DocumentRevocation byDocument = revoked.evidence(Evidence.Revocation.class).orElseThrow()
        .document().orElseThrow();
    assertEquals(REVOKED_AT.toEpochMilli(), byDocument.revokedAt(), revoked.explanation());
    assertEquals("fraud", byDocument.reason(), revoked.explanation());
    assertVerdict(Status.REVOKED, Check.REVOCATION, verifier.verify(LOG.receipt(2), REVOKED_AT));

    Verdict before = verifier.verify(LOG.receipt(2), REVOKED_AT.minusMillis(1));
    assertEquals(Status.VERIFIED, before.status(), before.explanation());
    Verdict other = verifier.verify(LOG.receipt(3), NOW);
    assertEquals(Status.VERIFIED, other.status(), other.explanation());
    Evidence.Revocation notRevoked = other.evidence(Evidence.Revocation.class).orElseThrow();
    assertFalse(notRevoked.revoked(), other.explanation());
    assertEquals(NOW, notRevoked.snapshotTime(), other.explanation());
  }

  @Test
  void aRevokedKeyRevokesWhatItSignedAtOrAfterItsCutoffOnly() throws Exception {
    Verdict atCutoff = verifierWith(List.of(new RevocationSnapshot.KeyRevocation(ISSUER, KEY_ID,
        ISSUED_AT.toEpochMilli(), "key leaked")), List.of()).verify(LOG.receipt(1), NOW);
    assertVerdict(Status.REVOKED, Check.REVOCATION, atCutoff);
    RevocationSnapshot.KeyRevocation byKey = atCutoff.evidence(Evidence.Revocation.class).orElseThrow().key()
        .orElseThrow();
    assertEquals(KEY_ID, byKey.keyId(), atCutoff.explanation());
    assertEquals(ISSUED_AT.toEpochMilli(), byKey.cutoff(), atCutoff.explanation());

    Verdict signedBefore = verifierWith(List.of(new RevocationSnapshot.KeyRevocation(ISSUER, KEY_ID,
        ISSUED_AT.toEpochMilli() + 1, "")), List.of()).verify(LOG.receipt(1), NOW);
    assertEquals(Status.VERIFIED, signedBefore.status(), signedBefore.explanation());
    Verdict otherKey = verifierWith(List.of(new RevocationSnapshot.KeyRevocation(ISSUER, "0000ffff", 0, "")),
        List.of()).verify(LOG.receipt(1), NOW);
    assertEquals(Status.VERIFIED, otherKey.status(), otherKey.explanation());
  }

  @Test
  void revocationOutranksNotAnchoredAndExpiredButNotTampering() throws Exception {
    ReceiptVerifier verifier = verifierWith(List.of(),
        List.of(new RevocationSnapshot.DocumentRevocation(ISSUER, documentHash(4), REVOKED_AT.toEpochMilli(), "")));
    assertVerdict(Status.REVOKED, Check.REVOCATION, verifier.verify(withProof(LOG.receipt(4), ""), NOW));
    assertVerdict(Status.REVOKED, Check.REVOCATION, verifier.verify(LOG.receipt(4), EXPIRES_AT));
    byte[] document = LOG.document(4);
    document[document.length - 3] ^= 1;
    assertVerdict(Status.TAMPERED, Check.DOCUMENT_HASH, verifier.verify(new Receipt(document, LOG.entry(4), ""), NOW));
  }

  @Test
  void withoutASnapshotRevocationsAreNotCheckedAndTheVerdictSaysSo() {
    Verdict verdict = ReceiptVerifier.of(TRUST).verify(LOG.receipt(0), NOW);
    assertEquals(Status.VERIFIED, verdict.status());
    assertEquals(Optional.empty(), verdict.evidence(), verdict.explanation());
  }

  @Test
  void onlyASnapshotSignedByATrustedRevocationKeyOpens() {
    SignerKey impostor = SignerKey.generate(REVOCATION_KEY.name(), ReceiptFixture.fixedRandom("impostor"));
    byte[] forged = RevocationSnapshot.of(REVOCATION_KEY.name(), 7, NOW.toEpochMilli(), List.of(), List.of())
        .sign(impostor);
    assertEquals(Reason.UNKNOWN_KEY, assertThrows(VerificationException.class,
        () -> RevocationSnapshot.open(forged, TRUST.revocationKeys())).reason());
    byte[] genuine = RevocationSnapshot.of(REVOCATION_KEY.name(), 7, NOW.toEpochMilli(), List.of(), List.of())
        .sign(REVOCATION_KEY);
    assertEquals(Reason.UNKNOWN_KEY, assertThrows(VerificationException.class,
        () -> RevocationSnapshot.open(genuine, ReceiptFixture.trustStore().revocationKeys())).reason());
  }

  @Test
  void theTrustStoreFileCarriesItsRevocationKeys() {
    String json = TRUST.format();
    assertTrue(json.endsWith(",\"revocationKeys\":[\"" + REVOCATION_KEY.verifierKey().format() + "\"]}"), json);
    assertEquals(TRUST, TrustStore.parse(json));
    assertEquals(List.of(REVOCATION_KEY.verifierKey()), TrustStore.parse(json).revocationKeys());
    String withoutKeys = ReceiptFixture.trustStore().format();
    TrustStoreTest.assertRejected(withoutKeys.substring(0, withoutKeys.length() - 1) + ",\"revocationKeys\":[]}");
    TrustStoreTest.assertRejected(withoutKeys.substring(0, withoutKeys.length() - 1) + ",\"revocationKeys\":[1]}");
    String twice = "\"" + REVOCATION_KEY.verifierKey().format() + "\"";
    TrustStoreTest.assertRejected(withoutKeys.substring(0, withoutKeys.length() - 1) + ",\"revocationKeys\":["
        + twice + "," + twice + "]}");
  }
}
