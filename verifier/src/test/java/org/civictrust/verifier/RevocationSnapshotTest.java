package org.civictrust.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerificationException;
import org.junit.jupiter.api.Test;

class RevocationSnapshotTest {
  static final SignerKey SIGNER = SignerKey.generate("civictrust.example/revocations", new SecureRandom());
  static final Hash DOCUMENT = Hash.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
      20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

  static RevocationSnapshot snapshot() {
    return RevocationSnapshot.of("civictrust.example/revocations", 42, 1_000,
        List.of(new RevocationSnapshot.KeyRevocation("b.example/i", "0000ffff", 100, ""),
            new RevocationSnapshot.KeyRevocation("a.example/i", "12345678", 300, "key leaked")),
        List.of(new RevocationSnapshot.DocumentRevocation("b.example/i", DOCUMENT, 500, "fraud")));
  }

  @Test
  void formatsTheDocumentedTextInCanonicalOrder() {
    RevocationSnapshot snapshot = snapshot();
    assertEquals("civictrust.org/revocations/v1\n"
        + "civictrust.example/revocations\n"
        + "index 42\n"
        + "time 1000\n"
        + "key a.example/i 12345678 300 key leaked\n"
        + "key b.example/i 0000ffff 100\n"
        + "document b.example/i " + DOCUMENT.toBase64() + " 500 fraud\n", snapshot.formatText());
  }

  @Test
  void aSignedSnapshotOpensWithItsKeyAndAnswersLookups() throws Exception {
    byte[] note = snapshot().sign(SIGNER);
    RevocationSnapshot opened = RevocationSnapshot.open(note, List.of(SIGNER.verifierKey()));
    assertEquals(42, opened.index());
    assertEquals(300L, opened.keyCutoff("a.example/i", "12345678").orElseThrow());
    assertTrue(opened.keyCutoff("a.example/i", "0000ffff").isEmpty());
    assertEquals("key leaked", opened.key("a.example/i", "12345678").orElseThrow().reason());
    assertEquals("fraud", opened.document(DOCUMENT).orElseThrow().reason());
  }

  @Test
  void anAlteredOrForeignSnapshotIsRefusedWithItsReason() {
    byte[] note = snapshot().sign(SIGNER);
    String text = new String(note, StandardCharsets.UTF_8);
    byte[] altered = text.replace("key b.example/i 0000ffff 100", "key b.example/i 0000ffff 900")
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(Reason.BAD_SIGNATURE, assertThrows(VerificationException.class,
        () -> RevocationSnapshot.open(altered, List.of(SIGNER.verifierKey()))).reason());
    SignerKey other = SignerKey.generate("someone.example/r", new SecureRandom());
    assertEquals(Reason.UNKNOWN_KEY, assertThrows(VerificationException.class,
        () -> RevocationSnapshot.open(note, List.of(other.verifierKey()))).reason());
  }

  @Test
  void aSignedTextThatBreaksTheFormatIsMalformed() {
    String header = "civictrust.org/revocations/v1\nn\nindex 1\ntime 2\n";
    for (String text : List.of(
        "a checkpoint\n5\nroot\n",
        header + "key a.example/i 12345678 007\n",
        header + "key b.example/i 12345678 1\nkey a.example/i 12345678 1\n",
        header + "key a.example/i 12345678 1\nkey a.example/i 12345678 2\n",
        header + "document a.example/i " + DOCUMENT.toBase64() + " 1\nkey a.example/i 12345678 1\n",
        header + "key a.example/i 1234567 1\n",
        header + "key a.example/i 12345678 1 \n",
        header + "witness a.example/i 12345678 1\n",
        "civictrust.org/revocations/v1\nn\nindex +1\ntime 2\n",
        "civictrust.org/revocations/v1\nn\nindex 1\ntime 00\n",
        "civictrust.org/revocations/v1\nn\nindex \ntime 2\n",
        // 2^63: grammatical, beyond a long; and a 20-digit number beyond 64 bits.
        "civictrust.org/revocations/v1\nn\nindex 9223372036854775808\ntime 2\n",
        header + "key a.example/i 12345678 99999999999999999999\n")) {
      byte[] note = Notes.sign(text, SIGNER);
      VerificationException e = assertThrows(VerificationException.class,
          () -> RevocationSnapshot.open(note, List.of(SIGNER.verifierKey())), text);
      assertEquals(Reason.MALFORMED, e.reason(), text);
    }
  }
}
