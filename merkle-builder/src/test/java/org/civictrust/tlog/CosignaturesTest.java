package org.civictrust.tlog;

import static org.civictrust.tlog.NoteVectorsTest.reasonOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** k-of-n witness cosignature checks on a checkpoint the log signed. */
class CosignaturesTest {
  private static final String ORIGIN = "example.com/log";
  private static final SignerKey LOG = TestKeys.signer(ORIGIN);
  private static final CosignerKey W1 = TestKeys.cosigner("witness.example/w1");
  private static final CosignerKey W2 = TestKeys.cosigner("witness.example/w2");
  private static final CosignerKey W3 = TestKeys.cosigner("witness.example/w3");
  private static final List<VerifierKey> WITNESSES = List.of(W1.verifierKey(), W2.verifierKey(), W3.verifierKey());

  private static String checkpoint(long size) {
    return Checkpoint.of(ORIGIN, size, Rfc9162.leafHash(new byte[] {(byte) size})).format();
  }

  private static VerifiedNote open(byte[] note) throws VerificationException {
    return Notes.open(note, List.of(LOG.verifierKey()));
  }

  @Test
  void quorumOfWitnessesIsMetOrReportedMissing() throws Exception {
    byte[] note = Notes.sign(checkpoint(10), LOG, W1.at(100), W3.at(200));
    List<NoteSignature> cosignatures = Cosignatures.verifyQuorum(open(note), WITNESSES, 2);
    assertEquals(List.of(W1.name(), W3.name()), cosignatures.stream().map(NoteSignature::name).toList());
    assertEquals(200, CosignerKey.timestamp(cosignatures.get(1)));
    assertEquals(Reason.INSUFFICIENT_COSIGNATURES, reasonOf(() -> Cosignatures.verifyQuorum(open(note), WITNESSES, 3)));
    assertEquals(10, Checkpoint.open(note, ORIGIN, LOG.verifierKey(), WITNESSES, 2).treeSize());
    assertEquals(Reason.INSUFFICIENT_COSIGNATURES, reasonOf(() -> Checkpoint.open(note, ORIGIN, LOG.verifierKey(), WITNESSES, 3)));
  }

  @Test
  void quorumZeroNeedsNoCosignature() throws Exception {
    byte[] note = Notes.sign(checkpoint(10), LOG);
    assertEquals(List.of(), Cosignatures.verifyQuorum(open(note), WITNESSES, 0));
  }

  @Test
  void cosignaturesFromUnlistedCosignersDoNotCount() throws Exception {
    CosignerKey stranger = TestKeys.cosigner("witness.example/stranger");
    byte[] note = Notes.sign(checkpoint(10), LOG, W1.at(1), stranger.at(1));
    assertEquals(1, Cosignatures.verifyQuorum(open(note), WITNESSES, 1).size());
  }

  @Test
  void cosignatureCopiedFromAnotherCheckpointIsABadSignature() throws Exception {
    String other = new String(Notes.sign(checkpoint(11), W2.at(5)), StandardCharsets.UTF_8);
    String cosignatureLine = other.substring(other.lastIndexOf('\u2014'));
    byte[] note = (new String(Notes.sign(checkpoint(10), LOG, W1.at(5)), StandardCharsets.UTF_8) + cosignatureLine)
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(Reason.BAD_SIGNATURE, reasonOf(() -> Cosignatures.verifyQuorum(open(note), WITNESSES, 1)));
  }

  @Test
  void witnessThatCosignedTwiceIsMalformed() throws Exception {
    String once = new String(Notes.sign(checkpoint(10), LOG, W1.at(5)), StandardCharsets.UTF_8);
    String later = new String(Notes.sign(checkpoint(10), W1.at(6)), StandardCharsets.UTF_8);
    byte[] note = (once + later.substring(later.lastIndexOf('\u2014'))).getBytes(StandardCharsets.UTF_8);
    assertEquals(Reason.MALFORMED, reasonOf(() -> Cosignatures.verifyQuorum(open(note), WITNESSES, 1)));
  }

  @Test
  void witnessSetMustHoldDistinctCosignatureKeysAndAFeasibleQuorum() throws Exception {
    VerifiedNote note = open(Notes.sign(checkpoint(10), LOG, W1.at(5)));
    VerifierKey sameKeyOtherName =
        VerifierKey.of("witness.example/alias", VerifierKey.TYPE_COSIGNATURE_V1, W1.verifierKey().publicKey());
    assertThrows(IllegalArgumentException.class,
        () -> Cosignatures.verifyQuorum(note, List.of(W1.verifierKey(), sameKeyOtherName), 2));
    assertThrows(IllegalArgumentException.class,
        () -> Cosignatures.verifyQuorum(note, List.of(W1.verifierKey(), W1.verifierKey()), 1));
    assertThrows(IllegalArgumentException.class, () -> Cosignatures.verifyQuorum(note, List.of(LOG.verifierKey()), 1));
    assertThrows(IllegalArgumentException.class, () -> Cosignatures.verifyQuorum(note, WITNESSES, 4));
    assertThrows(IllegalArgumentException.class, () -> Cosignatures.verifyQuorum(note, WITNESSES, -1));
  }
}
