package org.civictrust.verifier;

import static org.civictrust.verifier.ReceiptFixture.EXPIRES_AT;
import static org.civictrust.verifier.ReceiptFixture.ISSUER;
import static org.civictrust.verifier.ReceiptFixture.ISSUER_KEY;
import static org.civictrust.verifier.ReceiptFixture.LOG_KEY;
import static org.civictrust.verifier.ReceiptFixture.NOW;
import static org.civictrust.verifier.ReceiptFixture.ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.civictrust.schemas.Document;
import org.civictrust.schemas.Documents;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.TlogProof;
import org.junit.jupiter.api.Test;

/** One real receipt that verifies, then one test per status, each asserting the check that decided it. */
class ReceiptVerifierTest {
  static final ReceiptFixture LOG = ReceiptFixture.standard(11);
  static final ReceiptVerifier VERIFIER = ReceiptVerifier.of(ReceiptFixture.trustStore());

  static void assertVerdict(Status status, Check check, Verdict verdict) {
    assertEquals(status, verdict.status(), verdict.explanation());
    assertEquals(Optional.of(check), verdict.check(), verdict.explanation());
    assertFalse(verdict.explanation().isBlank());
  }

  static Receipt withProof(Receipt receipt, String tlogProof) {
    return new Receipt(receipt.document(), receipt.entry(), tlogProof);
  }

  @Test
  void aValidReceiptVerifiesWithItsAuthenticatedFacts() throws Exception {
    Verdict verdict = VERIFIER.verify(LOG.receipt(4).format().getBytes(StandardCharsets.UTF_8), NOW);
    assertEquals(Status.VERIFIED, verdict.status(), verdict.explanation());
    assertEquals(Optional.empty(), verdict.check());
    assertTrue(verdict.isVerified());
    Verdict.Facts facts = verdict.facts().orElseThrow();
    Document document = Documents.parseDocument(LOG.document(4));
    assertEquals(ISSUER, facts.issuerId());
    assertEquals(String.format("%08x", ISSUER_KEY.keyId()), facts.issuerKeyId());
    assertEquals("birth-certificate", facts.documentType());
    assertEquals(HexFormat.of().formatHex(Documents.bytes(document.getDocumentId())), facts.documentId());
    assertEquals(ReceiptFixture.ISSUED_AT, facts.issuedAt());
    assertEquals(EXPIRES_AT, facts.expiresAt());
    Verdict.Anchor anchor = facts.anchor().orElseThrow();
    assertEquals(ORIGIN, anchor.origin());
    assertEquals(4, anchor.leafIndex());
    assertEquals(11, anchor.treeSize());
  }

  @Test
  void everyReceiptOfTheLogVerifies() {
    for (int i = 0; i < LOG.size(); i++) {
      Verdict verdict = VERIFIER.verify(LOG.receipt(i), NOW);
      assertEquals(Status.VERIFIED, verdict.status(), i + ": " + verdict.explanation());
      assertEquals(i, verdict.facts().orElseThrow().anchor().orElseThrow().leafIndex());
    }
  }

  @Test
  void aFlippedDocumentByteIsTamperedByItsHash() {
    byte[] document = LOG.document(2);
    document[document.length - 20] ^= 1;
    Verdict verdict = VERIFIER.verify(new Receipt(document, LOG.entry(2), LOG.receipt(2).tlogProof()), NOW);
    assertVerdict(Status.TAMPERED, Check.DOCUMENT_HASH, verdict);
    Evidence.DocumentHash mismatch = verdict.evidence(Evidence.DocumentHash.class).orElseThrow();
    assertEquals(Hash.of(Documents.sha256(document)), mismatch.found(), verdict.explanation());
    assertEquals(Hash.of(Documents.sha256(LOG.document(2))), mismatch.expected(), verdict.explanation());
  }

  @Test
  void anotherReceiptsEntryIsTamperedByTheInclusionProof() {
    Verdict onlyEntry = VERIFIER.verify(new Receipt(LOG.document(2), LOG.entry(3), LOG.receipt(2).tlogProof()), NOW);
    assertVerdict(Status.TAMPERED, Check.INCLUSION, onlyEntry);
    Verdict documentAndEntry = VERIFIER.verify(new Receipt(LOG.document(3), LOG.entry(3), LOG.receipt(2).tlogProof()), NOW);
    assertVerdict(Status.TAMPERED, Check.INCLUSION, documentAndEntry);
  }

  @Test
  void aProofForAnotherIndexIsTamperedAndOneOfTheWrongShapeMalformed() {
    byte[] checkpoint = LOG.checkpoint(LOG_KEY);
    Receipt receipt = LOG.receipt(2);
    // Index 3's real proof, carried with entry 2.
    assertVerdict(Status.TAMPERED, Check.INCLUSION, VERIFIER.verify(withProof(receipt, LOG.proof(3, checkpoint).format()), NOW));
    TlogProof good = LOG.proof(2, checkpoint);
    // Entry 2's proof relabelled as index 3 (same number of hashes in a tree of 11).
    assertVerdict(Status.TAMPERED, Check.INCLUSION,
        VERIFIER.verify(withProof(receipt, TlogProof.of(3, good.hashes(), checkpoint).format()), NOW));
    assertVerdict(Status.MALFORMED, Check.INCLUSION,
        VERIFIER.verify(withProof(receipt, TlogProof.of(11, good.hashes(), checkpoint).format()), NOW));
    assertVerdict(Status.MALFORMED, Check.INCLUSION,
        VERIFIER.verify(withProof(receipt, TlogProof.of(2, good.hashes().subList(1, good.hashes().size()), checkpoint)
            .format()), NOW));
  }

  @Test
  void anIssuerNotInTheTrustStoreIsUnknown() {
    ReceiptFixture log = new ReceiptFixture(ORIGIN, LOG_KEY);
    SignerKey stranger = ReceiptFixture.key("registry.example/elsewhere");
    Document document = ReceiptFixture.document(0, stranger, EXPIRES_AT);
    log.append(ReceiptFixture.canonical(document), ReceiptFixture.canonical(ReceiptFixture.entryFor(document, stranger).build()));
    assertVerdict(Status.UNKNOWN_ISSUER, Check.ISSUER, VERIFIER.verify(log.receipt(0), NOW));
  }

  @Test
  void aKeyOfAKnownIssuerThatTheTrustStoreLacksIsUnknown() {
    ReceiptFixture log = new ReceiptFixture(ORIGIN, LOG_KEY);
    SignerKey rotated = SignerKey.generate(ISSUER, ReceiptFixture.fixedRandom("rotated"));
    Document document = ReceiptFixture.document(0, rotated, EXPIRES_AT);
    log.append(ReceiptFixture.canonical(document), ReceiptFixture.canonical(ReceiptFixture.entryFor(document, rotated).build()));
    Verdict verdict = VERIFIER.verify(log.receipt(0), NOW);
    assertVerdict(Status.UNKNOWN_ISSUER, Check.ISSUER_KEY, verdict);
    Evidence.IssuerKey unknown = verdict.evidence(Evidence.IssuerKey.class).orElseThrow();
    assertEquals(String.format("%08x", rotated.keyId()), unknown.found(), verdict.explanation());
    assertEquals(List.of(String.format("%08x", ISSUER_KEY.keyId())), unknown.expected(), verdict.explanation());
  }

  @Test
  void aCheckpointFromAnUnknownOriginIsAnUnknownLog() {
    SignerKey otherLog = ReceiptFixture.key("log.elsewhere.example/x");
    ReceiptFixture log = new ReceiptFixture(otherLog.name(), otherLog);
    log.append(LOG.document(0), LOG.entry(0));
    assertVerdict(Status.UNKNOWN_LOG, Check.LOG, VERIFIER.verify(log.receipt(0), NOW));
  }

  @Test
  void aCheckpointSignedByAnotherKeyWithTheSameNameIsTampered() {
    SignerKey impostor = SignerKey.generate(ORIGIN, ReceiptFixture.fixedRandom("impostor"));
    byte[] forged = LOG.checkpoint(impostor);
    Verdict verdict = VERIFIER.verify(withProof(LOG.receipt(1), LOG.proof(1, forged).format()), NOW);
    assertVerdict(Status.TAMPERED, Check.CHECKPOINT, verdict);
    Evidence.CheckpointKey signedBy = verdict.evidence(Evidence.CheckpointKey.class).orElseThrow();
    assertEquals(List.of(Evidence.NoteKey.of(ORIGIN, impostor.keyId())), signedBy.found(), verdict.explanation());
    assertEquals(Evidence.NoteKey.of(ORIGIN, LOG_KEY.keyId()), signedBy.expected(), verdict.explanation());
  }

  @Test
  void aCheckpointWhoseTextChangedUnderTheLogSignatureIsTampered() {
    String proof = LOG.receipt(1).tlogProof();
    String changed = proof.replace(ORIGIN + "\n11\n", ORIGIN + "\n12\n");
    assertVerdict(Status.TAMPERED, Check.CHECKPOINT, VERIFIER.verify(withProof(LOG.receipt(1), changed), NOW));
  }

  @Test
  void aCheckpointCannotBorrowTheOriginOfAnotherTrustedLog() {
    SignerKey second = ReceiptFixture.key("log.civictrust.example/second");
    TrustStore twoLogs = TrustStore.of(List.of(new TrustStore.Log(ORIGIN, LOG_KEY.verifierKey()),
        new TrustStore.Log(second.name(), second.verifierKey())), ReceiptFixture.trustStore().issuers());
    String proof = LOG.receipt(1).tlogProof().replace(ORIGIN + "\n11\n", second.name() + "\n11\n");
    assertVerdict(Status.TAMPERED, Check.CHECKPOINT, ReceiptVerifier.of(twoLogs).verify(withProof(LOG.receipt(1), proof), NOW));
  }

  @Test
  void anExpiredDocumentIsExpiredFromItsExpiryOnAndStillGenuine() {
    Verdict before = VERIFIER.verify(LOG.receipt(0), EXPIRES_AT.minusMillis(1));
    assertEquals(Status.VERIFIED, before.status(), before.explanation());
    Verdict at = VERIFIER.verify(LOG.receipt(0), EXPIRES_AT);
    assertVerdict(Status.EXPIRED, Check.VALIDITY, at);
    assertEquals(ORIGIN, at.facts().orElseThrow().anchor().orElseThrow().origin());
    assertVerdict(Status.EXPIRED, Check.VALIDITY, VERIFIER.verify(LOG.receipt(0), Instant.MAX));
  }

  @Test
  void aGenuineReceiptWithoutTlogProofIsNotAnchored() {
    Verdict verdict = VERIFIER.verify(withProof(LOG.receipt(5), ""), NOW);
    assertVerdict(Status.NOT_ANCHORED, Check.ANCHOR, verdict);
    assertEquals(Optional.empty(), verdict.facts().orElseThrow().anchor());
    assertVerdict(Status.NOT_ANCHORED, Check.ANCHOR, VERIFIER.verify(withProof(LOG.receipt(5), ""), Instant.MAX));
  }

  @Test
  void anUnanchoredReceiptIsStillCheckedForTamperingAndIssuer() {
    byte[] document = LOG.document(5);
    document[document.length - 3] ^= 1;
    assertVerdict(Status.TAMPERED, Check.DOCUMENT_HASH, VERIFIER.verify(new Receipt(document, LOG.entry(5), ""), NOW));
    TrustStore noIssuers = TrustStore.of(ReceiptFixture.trustStore().logs(), List.of());
    assertVerdict(Status.UNKNOWN_ISSUER, Check.ISSUER, ReceiptVerifier.of(noIssuers).verify(withProof(LOG.receipt(5), ""), NOW));
  }

  @Test
  void receiptFilesThatBreakTheFormatAreMalformed() {
    String good = LOG.receipt(0).format();
    for (String bad : List.of("", "{", "[]", "null", good + "{}", good.replace(Receipt.MEDIA_TYPE, "application/json"),
        good.replace("\"tlogProof\"", "\"tlog_proof\""), good.replace("}", ",\"extra\":1}"))) {
      assertVerdict(Status.MALFORMED, Check.RECEIPT, VERIFIER.verify(bad.getBytes(StandardCharsets.UTF_8), NOW));
    }
  }

  @Test
  void aTlogProofThatDoesNotParseIsMalformed() {
    assertVerdict(Status.MALFORMED, Check.TLOG_PROOF, VERIFIER.verify(withProof(LOG.receipt(0), "not a proof"), NOW));
    String proof = LOG.receipt(0).tlogProof();
    assertVerdict(Status.MALFORMED, Check.TLOG_PROOF,
        VERIFIER.verify(withProof(LOG.receipt(0), proof.replace("index 0", "index 00")), NOW));
    String unsigned = proof.substring(0, proof.indexOf("\n\n") + 2) + ORIGIN + "\n11\nAAAA\n";
    assertVerdict(Status.MALFORMED, Check.CHECKPOINT, VERIFIER.verify(withProof(LOG.receipt(0), unsigned), NOW));
  }

  @Test
  void aVerdictCannotPairAStatusWithTheWrongCheckOrFacts() {
    Verdict.Facts facts = VERIFIER.verify(LOG.receipt(0), NOW).facts().orElseThrow();
    assertThrows(IllegalArgumentException.class, () -> new Verdict(Status.VERIFIED, Optional.of(Check.RECEIPT), "x", Optional.of(facts)));
    assertThrows(IllegalArgumentException.class, () -> new Verdict(Status.VERIFIED, Optional.empty(), "x", Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> Verdict.failed(Status.EXPIRED, Check.VALIDITY, "x"));
    assertThrows(IllegalArgumentException.class, () -> new Verdict(Status.TAMPERED, Optional.of(Check.INCLUSION), "x", Optional.of(facts)));
    assertThrows(IllegalArgumentException.class, () -> new Verdict(Status.NOT_ANCHORED, Optional.of(Check.ANCHOR), "x", Optional.of(facts)));
    assertEquals("a\\u000ab", Verdict.failed(Status.MALFORMED, Check.RECEIPT, "a\nb").explanation());
  }

  @Test
  void explanationsStayOneLineWhateverTheReceiptSays() {
    SignerKey issuer = ReceiptFixture.key("registry.example/evil");
    Document document = Document.newBuilder(ReceiptFixture.document(0, issuer, EXPIRES_AT))
        .setIssuerId("evil\nVERIFIED forged.json\n  all good\u202e").build();
    ReceiptFixture log = new ReceiptFixture(ORIGIN, LOG_KEY);
    log.append(ReceiptFixture.canonical(document), ReceiptFixture.canonical(ReceiptFixture.entryFor(document, issuer).build()));
    Verdict verdict = VERIFIER.verify(log.receipt(0), NOW);
    assertVerdict(Status.UNKNOWN_ISSUER, Check.ISSUER, verdict);
    assertTrue(verdict.explanation().chars().allMatch(c -> c >= 0x20 && c < 0x7f), verdict.explanation());
    assertTrue(verdict.explanation().contains("evil\\u000aVERIFIED"), verdict.explanation());
  }
}
