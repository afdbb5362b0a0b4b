package org.civictrust.verifier;

import static org.civictrust.verifier.ReceiptFixture.EXPIRES_AT;
import static org.civictrust.verifier.ReceiptFixture.ISSUER_KEY;
import static org.civictrust.verifier.ReceiptFixture.LOG_KEY;
import static org.civictrust.verifier.ReceiptFixture.NOW;
import static org.civictrust.verifier.ReceiptFixture.ORIGIN;
import static org.civictrust.verifier.ReceiptVerifierTest.assertVerdict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.civictrust.schemas.Document;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuedEntry;
import org.civictrust.tlog.SignerKey;
import org.junit.jupiter.api.Test;

/**
 * Receipts whose entry really is in the trusted log, yet which must not verify: the log holds an entry
 * that is malformed, that commits to a malformed document, that disagrees with its document, or whose
 * issuer signature is not the issuer's. A faulty or malicious pipeline could log such entries; the
 * verifier catches each after the inclusion proof succeeds.
 */
class LoggedButWrongTest {
  static final ReceiptVerifier VERIFIER = ReceiptVerifier.of(ReceiptFixture.trustStore());

  /** A log holding one entry, carried with {@code document}. */
  static Receipt logged(byte[] document, byte[] entry) {
    ReceiptFixture log = new ReceiptFixture(ORIGIN, LOG_KEY);
    log.append(ReceiptFixture.canonical(ReceiptFixture.document(9, ISSUER_KEY, EXPIRES_AT)),
        ReceiptFixture.canonical(ReceiptFixture.entryFor(ReceiptFixture.document(9, ISSUER_KEY, EXPIRES_AT), ISSUER_KEY)
            .build()));
    int index = log.append(document, entry);
    return new Receipt(document, entry, log.proof(index, log.checkpoint(LOG_KEY)).format());
  }

  static Document document() {
    return ReceiptFixture.document(1, ISSUER_KEY, EXPIRES_AT);
  }

  @Test
  void theFixtureItselfVerifies() {
    Document document = document();
    Receipt receipt = logged(ReceiptFixture.canonical(document),
        ReceiptFixture.canonical(ReceiptFixture.entryFor(document, ISSUER_KEY).build()));
    Verdict verdict = VERIFIER.verify(receipt, NOW);
    assertEquals(Status.VERIFIED, verdict.status(), verdict.explanation());
  }

  @Test
  void aLoggedEntryThatIsNotACanonicalIssuedEntryIsMalformed() {
    byte[] entry = ReceiptFixture.canonical(ReceiptFixture.entryFor(document(), ISSUER_KEY).build());
    assertVerdict(Status.MALFORMED, Check.ENTRY,
        VERIFIER.verify(logged(ReceiptFixture.canonical(document()), Arrays.copyOf(entry, entry.length + 1)), NOW));
    assertVerdict(Status.MALFORMED, Check.ENTRY,
        VERIFIER.verify(logged(ReceiptFixture.canonical(document()), "not avro".getBytes(StandardCharsets.US_ASCII)), NOW));
  }

  @Test
  void aLoggedEntryCommittingToANonCanonicalDocumentIsMalformed() {
    byte[] garbage = "a document that is not Avro".getBytes(StandardCharsets.US_ASCII);
    IssuedEntry entry = ReceiptFixture.entryFor(document(), ISSUER_KEY)
        .setDocumentHash(ByteBuffer.wrap(Documents.sha256(garbage)))
        .setIssuerSignature(ByteBuffer.wrap(ISSUER_KEY.sign(garbage))).build();
    assertVerdict(Status.MALFORMED, Check.DOCUMENT, VERIFIER.verify(logged(garbage, ReceiptFixture.canonical(entry)), NOW));
  }

  @Test
  void aLoggedEntryWhoseFieldsDifferFromTheDocumentsIsTampered() {
    byte[] document = ReceiptFixture.canonical(document());
    IssuedEntry.Builder good = ReceiptFixture.entryFor(document(), ISSUER_KEY);
    for (IssuedEntry entry : new IssuedEntry[] {
        IssuedEntry.newBuilder(good.build()).setDocumentType("diploma").build(),
        IssuedEntry.newBuilder(good.build()).setIssuedAt(good.getIssuedAt() + 1).build(),
        IssuedEntry.newBuilder(good.build()).setIssuerId("registry.example/other").build(),
        IssuedEntry.newBuilder(good.build()).setIssuerKeyId("00000000").build()}) {
      assertVerdict(Status.TAMPERED, Check.ENTRY_FIELDS, VERIFIER.verify(logged(document, ReceiptFixture.canonical(entry)), NOW));
    }
  }

  @Test
  void aLoggedEntryWhoseSignatureIsNotTheIssuersIsTampered() {
    byte[] document = ReceiptFixture.canonical(document());
    SignerKey other = ReceiptFixture.key("registry.example/elsewhere");
    IssuedEntry byAnother = ReceiptFixture.entryFor(document(), ISSUER_KEY)
        .setIssuerSignature(ByteBuffer.wrap(other.sign(document))).build();
    assertVerdict(Status.TAMPERED, Check.ISSUER_SIGNATURE,
        VERIFIER.verify(logged(document, ReceiptFixture.canonical(byAnother)), NOW));
    IssuedEntry overOtherBytes = ReceiptFixture.entryFor(document(), ISSUER_KEY)
        .setIssuerSignature(ByteBuffer.wrap(ISSUER_KEY.sign(ReceiptFixture.canonical(ReceiptFixture.document(2,
            ISSUER_KEY, EXPIRES_AT))))).build();
    assertVerdict(Status.TAMPERED, Check.ISSUER_SIGNATURE,
        VERIFIER.verify(logged(document, ReceiptFixture.canonical(overOtherBytes)), NOW));
  }
}
