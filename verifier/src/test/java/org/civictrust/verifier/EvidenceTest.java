package org.civictrust.verifier;

import static org.civictrust.verifier.ReceiptFixture.ISSUER;
import static org.civictrust.verifier.ReceiptFixture.NOW;
import static org.civictrust.verifier.ReceiptFixture.ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.civictrust.tlog.Hash;
import org.junit.jupiter.api.Test;

/** The evidence records validate and copy; a verdict accepts only the evidence of its deciding check. */
class EvidenceTest {
  static final Hash ZEROS = filled(0);
  static final Hash ONES = filled(1);
  static final RevocationSnapshot.DocumentRevocation DOCUMENT_REVOKED =
      new RevocationSnapshot.DocumentRevocation(ISSUER, ZEROS, 5, "fraud");
  static final RevocationSnapshot.KeyRevocation KEY_REVOKED =
      new RevocationSnapshot.KeyRevocation(ISSUER, "0000abcd", 5, "");

  static Hash filled(int value) {
    byte[] bytes = new byte[Hash.SIZE];
    Arrays.fill(bytes, (byte) value);
    return Hash.of(bytes);
  }

  @Test
  void aNoteKeyIdIsEightLowercaseHexDigits() {
    assertEquals(new Evidence.NoteKey("w", "0000abcd"), Evidence.NoteKey.of("w", 0xabcd));
    assertEquals("w+0000abcd", Evidence.NoteKey.of("w", 0xabcd).format());
    assertEquals("ffffffff", Evidence.NoteKey.of("w", -1).keyId());
    for (String bad : new String[] {"0000ABCD", "abcd", "0000abcde", "0000abcg", ""}) {
      assertThrows(IllegalArgumentException.class, () -> new Evidence.NoteKey("w", bad), bad);
      assertThrows(IllegalArgumentException.class, () -> new Evidence.IssuerKey(ISSUER, List.of(bad), "0000abcd"), bad);
      assertThrows(IllegalArgumentException.class, () -> new Evidence.IssuerKey(ISSUER, List.of(), bad), bad);
    }
  }

  @Test
  void listsAreCopiedInAndCannotBeChangedOut() {
    List<String> cosigned = new ArrayList<>(List.of("w2"));
    List<String> notCosigned = new ArrayList<>(List.of("w1", "w3"));
    Evidence.WitnessQuorum quorum = new Evidence.WitnessQuorum(ORIGIN, 5, 2, cosigned, notCosigned);
    cosigned.add("w4");
    notCosigned.clear();
    assertEquals(List.of("w2"), quorum.cosigned());
    assertEquals(List.of("w1", "w3"), quorum.notCosigned());
    assertEquals(3, quorum.witnesses());
    assertThrows(UnsupportedOperationException.class, () -> quorum.cosigned().add("w4"));

    List<Evidence.NoteKey> found = new ArrayList<>(List.of(Evidence.NoteKey.of("x", 1)));
    Evidence.CheckpointKey key = new Evidence.CheckpointKey(ORIGIN, Evidence.NoteKey.of(ORIGIN, 2), found);
    found.clear();
    assertEquals(List.of(Evidence.NoteKey.of("x", 1)), key.found());
    assertThrows(UnsupportedOperationException.class, () -> key.found().clear());

    List<String> keyIds = new ArrayList<>(List.of("00000001"));
    Evidence.IssuerKey issuerKey = new Evidence.IssuerKey(ISSUER, keyIds, "00000002");
    keyIds.add("00000002");
    assertEquals(List.of("00000001"), issuerKey.expected());
  }

  @Test
  void aWitnessQuorumIsBetweenOneAndTheWitnessesNamedOnce() {
    assertThrows(IllegalArgumentException.class, () -> new Evidence.WitnessQuorum(ORIGIN, 5, 0, List.of(), List.of("w1")));
    assertThrows(IllegalArgumentException.class, () -> new Evidence.WitnessQuorum(ORIGIN, 5, 2, List.of(), List.of("w1")));
    assertThrows(IllegalArgumentException.class, () -> new Evidence.WitnessQuorum(ORIGIN, 5, 1, List.of("w1"),
        List.of("w1")));
    assertThrows(IllegalArgumentException.class, () -> new Evidence.WitnessQuorum(ORIGIN, -1, 1, List.of(), List.of("w1")));
    assertThrows(IllegalArgumentException.class, () -> new Evidence.WitnessCosignature(ORIGIN, -1, "w1",
        Evidence.NoteKey.of("w1", 1)));
    assertThrows(NullPointerException.class, () -> new Evidence.WitnessQuorum(ORIGIN, 5, 1, List.of(), null));
  }

  @Test
  void oneRevocationDecides() {
    assertThrows(IllegalArgumentException.class, () -> new Evidence.Revocation("s", NOW, Optional.of(DOCUMENT_REVOKED),
        Optional.of(KEY_REVOKED)));
    assertFalse(Evidence.Revocation.notRevoked("s", NOW).revoked());
    assertTrue(new Evidence.Revocation("s", NOW, Optional.empty(), Optional.of(KEY_REVOKED)).revoked());
  }

  @Test
  void aVerdictCarriesOnlyTheEvidenceOfItsDecidingCheck() {
    Evidence.DocumentHash mismatch = new Evidence.DocumentHash(ZEROS, ONES);
    Verdict tampered = Verdict.failed(Status.TAMPERED, mismatch, "x");
    assertEquals(Optional.of(Check.DOCUMENT_HASH), tampered.check());
    assertEquals(Optional.of(mismatch), tampered.evidence(Evidence.DocumentHash.class));
    assertEquals(Optional.empty(), tampered.evidence(Evidence.IssuerKey.class));
    assertEquals(Optional.empty(), Verdict.failed(Status.TAMPERED, Check.DOCUMENT_HASH, "x").evidence());
    assertThrows(IllegalArgumentException.class, () -> new Verdict(Status.TAMPERED, Optional.of(Check.INCLUSION), "x",
        Optional.empty(), Optional.of(mismatch)));

    Evidence.Revocation byDocument = new Evidence.Revocation("s", NOW, Optional.of(DOCUMENT_REVOKED), Optional.empty());
    assertEquals(Optional.of(byDocument), Verdict.failed(Status.REVOKED, byDocument, "x").evidence());
    assertThrows(IllegalArgumentException.class, () -> Verdict.failed(Status.REVOKED,
        Evidence.Revocation.notRevoked("s", NOW), "x"));

    Verdict.Facts facts = ReceiptVerifierTest.VERIFIER.verify(ReceiptVerifierTest.LOG.receipt(0), NOW).facts().orElseThrow();
    Evidence.Revocation notRevoked = Evidence.Revocation.notRevoked("s", NOW);
    assertEquals(Optional.of(notRevoked), new Verdict(Status.VERIFIED, Optional.empty(), "x", Optional.of(facts),
        Optional.of(notRevoked)).evidence(Evidence.Revocation.class));
    assertThrows(IllegalArgumentException.class, () -> new Verdict(Status.VERIFIED, Optional.empty(), "x",
        Optional.of(facts), Optional.of(byDocument)));
    assertThrows(IllegalArgumentException.class, () -> new Verdict(Status.VERIFIED, Optional.empty(), "x",
        Optional.of(facts), Optional.of(mismatch)));
  }
}
