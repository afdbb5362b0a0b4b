package org.civictrust.verifier;

import static org.civictrust.verifier.ReceiptFixture.ISSUER;
import static org.civictrust.verifier.ReceiptFixture.ISSUER_KEY;
import static org.civictrust.verifier.ReceiptFixture.LOG_KEY;
import static org.civictrust.verifier.ReceiptFixture.NOW;
import static org.civictrust.verifier.ReceiptFixture.ORIGIN;
import static org.civictrust.verifier.ReceiptVerifierTest.assertVerdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.civictrust.tlog.CosignerKey;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.NoteSignature;
import org.civictrust.tlog.NoteSigner;
import org.junit.jupiter.api.Test;

/**
 * Receipts checked against a trust store that requires witness cosignatures on the log's checkpoints
 * (C2SP tlog-proof "Verifying a tlog proof", step 3): a quorum verifies; fewer is UNWITNESSED with the
 * evidence of who cosigned and how many were needed; a forged cosignature is TAMPERED.
 */
class WitnessedReceiptTest {
  static final ReceiptFixture LOG = ReceiptFixture.standard(5);
  static final CosignerKey W1 = WitnessedTrustStoreTest.W1;
  static final CosignerKey W2 = WitnessedTrustStoreTest.W2;
  static final CosignerKey W3 = CosignerKey.generate("witness.example/w3", ReceiptFixture.fixedRandom("w3"));
  static final CosignerKey STRANGER = CosignerKey.generate("witness.example/stranger",
      ReceiptFixture.fixedRandom("stranger"));
  static final long TIME = 1_795_000_000L;

  static final TrustStore TWO_OF_THREE = TrustStore.of(
      List.of(new TrustStore.Log(ORIGIN, LOG_KEY.verifierKey(), List.of(new TrustStore.Witness("w1", W1.verifierKey()),
          new TrustStore.Witness("w2", W2.verifierKey()), new TrustStore.Witness("w3", W3.verifierKey())), 2)),
      List.of(new TrustStore.Issuer(ISSUER, List.of(ISSUER_KEY.verifierKey()))));
  static final ReceiptVerifier VERIFIER = ReceiptVerifier.of(TWO_OF_THREE);

  /** Receipt 3, its checkpoint signed by the log, then cosigned by {@code witnesses}. */
  static Receipt receipt(NoteSigner... witnesses) {
    List<NoteSigner> signers = new ArrayList<>(List.of(LOG_KEY));
    signers.addAll(List.of(witnesses));
    return new Receipt(LOG.document(3), LOG.entry(3), LOG.proof(3, LOG.checkpoint(signers.toArray(NoteSigner[]::new)))
        .format());
  }

  /** {@code receipt} with the checkpoint's signature lines replaced by {@code signatures}. */
  static Receipt withSignatures(Receipt receipt, List<NoteSignature> signatures) throws Exception {
    var proof = org.civictrust.tlog.TlogProof.parse(receipt.tlogProof());
    Note note = Note.parse(proof.signedCheckpoint());
    return new Receipt(receipt.document(), receipt.entry(),
        org.civictrust.tlog.TlogProof.of(proof.index(), proof.hashes(), new Note(note.text(), signatures).format()).format());
  }

  static List<NoteSignature> signatures(Receipt receipt) throws Exception {
    return Note.parse(org.civictrust.tlog.TlogProof.parse(receipt.tlogProof()).signedCheckpoint()).signatures();
  }

  @Test
  void aCheckpointCosignedByAQuorumVerifies() {
    for (Receipt receipt : List.of(receipt(W1.at(TIME), W2.at(TIME)), receipt(W3.at(TIME), W1.at(TIME + 5)),
        receipt(W1.at(TIME), W2.at(TIME), W3.at(TIME), STRANGER.at(TIME)))) {
      Verdict verdict = VERIFIER.verify(receipt, NOW);
      assertEquals(Status.VERIFIED, verdict.status(), verdict.explanation());
      assertEquals(3, verdict.facts().orElseThrow().anchor().orElseThrow().leafIndex());
    }
  }

  @Test
  void fewerCosignaturesThanTheQuorumAreUnwitnessedWithWhoCosignedAndHowManyWereNeeded() {
    Verdict one = VERIFIER.verify(receipt(W2.at(TIME)), NOW);
    assertVerdict(Status.UNWITNESSED, Check.WITNESSES, one);
    Evidence.WitnessQuorum oneOfThree = one.evidence(Evidence.WitnessQuorum.class).orElseThrow();
    assertEquals(List.of("w2"), oneOfThree.cosigned(), one.explanation());
    assertEquals(3, oneOfThree.witnesses(), one.explanation());
    assertEquals(2, oneOfThree.quorum(), one.explanation());
    assertEquals(List.of("w1", "w3"), oneOfThree.notCosigned(), one.explanation());
    assertTrue(one.facts().isEmpty(), "no facts from a receipt that failed");

    Verdict none = VERIFIER.verify(LOG.receipt(3), NOW);
    assertVerdict(Status.UNWITNESSED, Check.WITNESSES, none);
    Evidence.WitnessQuorum noneOfThree = none.evidence(Evidence.WitnessQuorum.class).orElseThrow();
    assertEquals(List.of(), noneOfThree.cosigned(), none.explanation());
    assertEquals(3, noneOfThree.witnesses(), none.explanation());
  }

  @Test
  void cosignaturesByUntrustedWitnessesDoNotCount() {
    CosignerKey impostor = CosignerKey.generate("witness.example/w1", ReceiptFixture.fixedRandom("impostor"));
    assertVerdict(Status.UNWITNESSED, Check.WITNESSES, VERIFIER.verify(receipt(W1.at(TIME), STRANGER.at(TIME)), NOW));
    assertVerdict(Status.UNWITNESSED, Check.WITNESSES, VERIFIER.verify(receipt(W1.at(TIME), impostor.at(TIME)), NOW));
    assertDecided(Status.UNWITNESSED, Check.WITNESSES,
        VERIFIER.verify(receipt(W1.at(TIME), ReceiptFixture.key("witness.example/w2")), NOW),
        "an Ed25519 note signature by a witness's name is not a cosignature");
  }

  static void assertDecided(Status status, Check check, Verdict verdict, String why) {
    assertEquals(status, verdict.status(), why + ": " + verdict.explanation());
    assertEquals(check, verdict.check().orElseThrow(), why);
  }

  @Test
  void aForgedCosignatureIsTamperedEvenWithAQuorumBesideIt() throws Exception {
    Receipt good = receipt(W1.at(TIME), W2.at(TIME), W3.at(TIME));
    List<NoteSignature> lines = new ArrayList<>(signatures(good));
    NoteSignature w3 = lines.get(3);
    byte[] forged = w3.signature();
    forged[20] ^= 1;
    lines.set(3, new NoteSignature(w3.name(), w3.keyId(), forged));
    Verdict verdict = VERIFIER.verify(withSignatures(good, lines), NOW);
    assertVerdict(Status.TAMPERED, Check.WITNESSES, verdict);
    assertEquals("w3", verdict.evidence(Evidence.WitnessCosignature.class).orElseThrow().witness(), verdict.explanation());

    Receipt otherCheckpoint = new Receipt(LOG.document(3), LOG.entry(3),
        ReceiptFixture.standard(6).proof(3, ReceiptFixture.standard(6).checkpoint(LOG_KEY, W3.at(TIME))).format());
    List<NoteSignature> moved = new ArrayList<>(signatures(good).subList(0, 3));
    moved.add(signatures(otherCheckpoint).get(1));
    assertDecided(Status.TAMPERED, Check.WITNESSES, VERIFIER.verify(withSignatures(good, moved), NOW),
        "a cosignature of another checkpoint");
  }

  @Test
  void aWitnessThatCosignedTwiceIsMalformed() throws Exception {
    Receipt once = receipt(W1.at(TIME), W2.at(TIME));
    List<NoteSignature> lines = new ArrayList<>(signatures(once));
    lines.add(signatures(receipt(W1.at(TIME + 1))).get(1));
    assertVerdict(Status.MALFORMED, Check.WITNESSES, VERIFIER.verify(withSignatures(once, lines), NOW));
  }

  @Test
  void theLogSignatureIsCheckedBeforeTheWitnesses() throws Exception {
    Receipt cosigned = receipt(W1.at(TIME), W2.at(TIME));
    List<NoteSignature> lines = new ArrayList<>(signatures(cosigned));
    lines.remove(0);
    assertVerdict(Status.TAMPERED, Check.CHECKPOINT, VERIFIER.verify(withSignatures(cosigned, lines), NOW));
  }

  @Test
  void aTrustStoreWithoutWitnessesIgnoresCosignaturesAsBefore() {
    ReceiptVerifier plain = ReceiptVerifier.of(ReceiptFixture.trustStore());
    assertEquals(Status.VERIFIED, plain.verify(receipt(W1.at(TIME), W2.at(TIME)), NOW).status());
    assertEquals(Status.VERIFIED, plain.verify(LOG.receipt(3), NOW).status());
  }

  @Test
  void anUnanchoredReceiptNeedsNoCosignatureToBeNotAnchored() {
    Receipt unanchored = new Receipt(LOG.document(3), LOG.entry(3), "");
    assertVerdict(Status.NOT_ANCHORED, Check.ANCHOR, VERIFIER.verify(unanchored, NOW));
  }
}
