package org.civictrust.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.civictrust.tlog.internal.KeyEncoding;
import org.junit.jupiter.api.Test;

/** SignerKey, VerifierKey and CosignerKey: text forms, strict parsing, signing and verifying. */
class KeysTest {
  private static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final String PETER_SKEY =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  private static final byte[] TEXT = "example.com/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
      .getBytes(StandardCharsets.UTF_8);

  @Test
  void generatedSignerKeyRoundTripsThroughItsTextAndVerifies() throws Exception {
    SignerKey key = TestKeys.signer("example.com/log");
    SignerKey again = SignerKey.parse(key.format());
    assertEquals(key.name(), again.name());
    assertEquals(key.keyId(), again.keyId());
    assertArrayEquals(key.sign(TEXT), again.sign(TEXT), "Ed25519 is deterministic");
    VerifierKey vkey = VerifierKey.parse(key.verifierKey().format());
    assertEquals(key.verifierKey(), vkey);
    vkey.verify(TEXT, key.sign(TEXT));
    assertEquals(KeyEncoding.keyId(key.name(), VerifierKey.TYPE_ED25519, vkey.publicKey()), key.keyId());
  }

  @Test
  void signerKeyToStringNeverShowsTheSeed() {
    SignerKey key = SignerKey.parse(PETER_SKEY);
    String seed64 = PETER_SKEY.substring("PRIVATE+KEY+PeterNeumann+c74f20a3+".length());
    assertFalse(key.toString().contains(seed64.substring(4, 20)));
    assertEquals("SignerKey[PeterNeumann+c74f20a3]", key.toString());
    CosignerKey cosigner = TestKeys.cosigner("w");
    String cosignerSeed64 = cosigner.format().substring(cosigner.format().length() - 44);
    assertFalse(cosigner.toString().contains(cosignerSeed64.substring(4, 20)));
  }

  @Test
  void rejectsEverySubstringAndOneCharacterIncrementOfGoSignerKey() {
    assertDoesNotThrow(() -> SignerKey.parse(PETER_SKEY));
    assertEquals(List.of(), acceptedManglings(PETER_SKEY, true));
  }

  @Test
  void rejectsEverySubstringAndOneCharacterIncrementOfGoVerifierKey() {
    assertDoesNotThrow(() -> VerifierKey.parse(PETER_VKEY));
    assertEquals(List.of(), acceptedManglings(PETER_VKEY, false));
  }

  private static List<String> acceptedManglings(String key, boolean signer) {
    List<String> texts = new ArrayList<>();
    for (int begin = 0; begin < key.length(); begin++) {
      for (int end = begin + 1; end <= key.length(); end++) {
        if (begin != 0 || end != key.length()) {
          texts.add(key.substring(begin, end));
        }
      }
    }
    for (int i = 0; i < key.length(); i++) {
      texts.add(key.substring(0, i) + (char) (key.charAt(i) + 1) + key.substring(i + 1));
    }
    List<String> accepted = new ArrayList<>();
    for (String text : texts) {
      try {
        if (signer) {
          SignerKey.parse(text);
        } else {
          VerifierKey.parse(text);
        }
        accepted.add(text);
      } catch (IllegalArgumentException expected) {
        // as it must be
      }
    }
    return accepted;
  }

  @Test
  void rejectsUppercaseHexKeyId() {
    assertThrows(IllegalArgumentException.class, () -> VerifierKey.parse(PETER_VKEY.replace("c74f20a3", "C74F20A3")));
  }

  @Test
  void rejectsKeyMaterialThatIsNotExactlyCanonicalBase64() {
    for (String bad : List.of(PETER_VKEY + "=", PETER_VKEY + "\n", PETER_VKEY.replace("/LDE", "/L DE"),
        PETER_VKEY.replace("/LDE", "/L\nDE"), PETER_VKEY.replace("/", "_"), PETER_VKEY + "AAAA")) {
      assertThrows(IllegalArgumentException.class, () -> VerifierKey.parse(bad), bad);
    }
  }

  @Test
  void rejectsInvalidKeyNames() {
    byte[] publicKey = SignerKey.parse(PETER_SKEY).verifierKey().publicKey();
    for (String name : List.of("", "a b", "a+b", "a\u00a0b", "a\u2003b", "a\tb", "a\u0001b", "a\ud800b")) {
      assertThrows(IllegalArgumentException.class, () -> VerifierKey.of(name, VerifierKey.TYPE_ED25519, publicKey), name);
      assertThrows(IllegalArgumentException.class, () -> SignerKey.generate(name, TestKeys.fixedRandom("x")), name);
    }
    assertDoesNotThrow(() -> VerifierKey.of("example.com/log—ünïcode", VerifierKey.TYPE_ED25519, publicKey));
  }

  @Test
  void rejectsSmallOrderAndOffCurvePublicKeysEvenWithMatchingKeyId() {
    byte[] identity = new byte[32];
    identity[0] = 1;
    byte[] offCurve = new byte[32];
    offCurve[0] = 2;
    for (byte[] bad : List.of(identity, offCurve, new byte[32])) {
      assertThrows(IllegalArgumentException.class, () -> VerifierKey.of("bad", VerifierKey.TYPE_ED25519, bad));
      byte[] material = new byte[33];
      material[0] = VerifierKey.TYPE_ED25519;
      System.arraycopy(bad, 0, material, 1, 32);
      String vkey = KeyEncoding.format("bad", KeyEncoding.keyId("bad", VerifierKey.TYPE_ED25519, bad), material);
      assertThrows(IllegalArgumentException.class, () -> VerifierKey.parse(vkey));
    }
  }

  @Test
  void rejectsUnsupportedSignatureTypeEvenWithMatchingKeyId() {
    byte[] publicKey = SignerKey.parse(PETER_SKEY).verifierKey().publicKey();
    byte[] material = new byte[33];
    material[0] = 0x02;
    System.arraycopy(publicKey, 0, material, 1, 32);
    String vkey = KeyEncoding.format("PeterNeumann", KeyEncoding.keyId("PeterNeumann", (byte) 0x02, publicKey), material);
    assertThrows(IllegalArgumentException.class, () -> VerifierKey.parse(vkey));
  }

  @Test
  void signerAndCosignerKeyTextsAreNotInterchangeable() {
    CosignerKey cosigner = TestKeys.cosigner("witness.example/w1");
    assertThrows(IllegalArgumentException.class, () -> SignerKey.parse(cosigner.format()));
    assertThrows(IllegalArgumentException.class, () -> CosignerKey.parse(PETER_SKEY));
    CosignerKey again = CosignerKey.parse(cosigner.format());
    assertEquals(cosigner.verifierKey(), again.verifierKey());
    assertEquals(VerifierKey.TYPE_COSIGNATURE_V1, again.verifierKey().type());
  }

  @Test
  void cosignatureIsTimestampAndEd25519OverTheCosignatureV1Message() throws Exception {
    CosignerKey cosigner = TestKeys.cosigner("witness.example/w1");
    long time = 1679315147L;
    byte[] signature = cosigner.at(time).sign(TEXT);
    assertEquals(72, signature.length);
    assertEquals(time, java.nio.ByteBuffer.wrap(signature).getLong());

    // Check against Bouncy Castle directly, independently of VerifierKey.verify.
    byte[] message = ("cosignature/v1\ntime 1679315147\n" + new String(TEXT, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
    byte[] publicKey = cosigner.verifierKey().publicKey();
    assertTrue(Ed25519.verify(signature, 8, publicKey, 0, message, 0, message.length));

    cosigner.verifierKey().verify(TEXT, signature);
    NoteSignature line = new NoteSignature(cosigner.name(), cosigner.keyId(), signature);
    assertEquals(time, CosignerKey.timestamp(line));
  }

  @Test
  void cosignatureFailsUnderAnotherTimestampOrAsPlainSignature() {
    CosignerKey cosigner = TestKeys.cosigner("witness.example/w1");
    VerifierKey vkey = cosigner.verifierKey();
    byte[] signature = cosigner.at(1000).sign(TEXT);
    byte[] otherTime = signature.clone();
    otherTime[7] ^= 1;
    assertEquals(Reason.BAD_SIGNATURE, NoteVectorsTest.reasonOf(() -> vkey.verify(TEXT, otherTime)));
    byte[] plain = Arrays.copyOfRange(signature, 8, 72);
    assertEquals(Reason.BAD_SIGNATURE, NoteVectorsTest.reasonOf(() -> vkey.verify(TEXT, plain)));
    VerifierKey asPlainKey = VerifierKey.of(vkey.name(), VerifierKey.TYPE_ED25519, vkey.publicKey());
    assertNotEquals(vkey.keyId(), asPlainKey.keyId(), "the type byte separates key IDs");
    assertEquals(Reason.BAD_SIGNATURE, NoteVectorsTest.reasonOf(() -> asPlainKey.verify(TEXT, plain)));
  }

  @Test
  void rejectsCosignatureTimestampAboveTwoToTheSixtyThreeMinusOne() throws Exception {
    byte[] signature = new byte[72];
    signature[0] = (byte) 0x80;
    VerifierKey vkey = TestKeys.cosigner("w").verifierKey();
    assertEquals(Reason.BAD_SIGNATURE, NoteVectorsTest.reasonOf(() -> vkey.verify(TEXT, signature)));
    assertEquals(Reason.MALFORMED,
        NoteVectorsTest.reasonOf(() -> CosignerKey.timestamp(new NoteSignature("w", 1, signature))));
    assertEquals(Reason.MALFORMED,
        NoteVectorsTest.reasonOf(() -> CosignerKey.timestamp(new NoteSignature("w", 1, new byte[64]))));
    assertThrows(IllegalArgumentException.class, () -> TestKeys.cosigner("w").at(-1));
  }

  /** transparency-dev/formats note/note_cosigv1_test.go, TestCosignatureTimestamp (commit 091ce416). */
  @Test
  void readsTimestampOfTransparencyDevFormatsCosignatureVector() throws Exception {
    NoteSignature cosignature = NoteSignature.parseLine("\u2014 w ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==");
    assertEquals(1727964367L, CosignerKey.timestamp(cosignature));
    NoteSignature plain = NoteSignature.parseLine("\u2014 w eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=");
    assertEquals(Reason.MALFORMED, NoteVectorsTest.reasonOf(() -> CosignerKey.timestamp(plain)));
  }

  @Test
  void wrongLengthSignaturesFailAsBadSignature() {
    VerifierKey vkey = VerifierKey.parse(PETER_VKEY);
    for (int length : new int[] {1, 63, 65, 72}) {
      assertEquals(Reason.BAD_SIGNATURE, NoteVectorsTest.reasonOf(() -> vkey.verify(TEXT, new byte[length])));
    }
  }
}
