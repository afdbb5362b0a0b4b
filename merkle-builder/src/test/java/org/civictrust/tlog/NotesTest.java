package org.civictrust.tlog;

import static org.civictrust.tlog.NoteVectorsTest.reasonOf;
import static org.civictrust.tlog.NoteVectorsTest.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Notes.sign and Notes.open: Go's output, authentication rules, strict grammar and bounds. */
class NotesTest {
  private static final String TEXT = "example.com/log\n7\nrNlP2zU3QW6XSb9VxNqjrCCcEqOBq4ZrUkl4OoB5kZ8=\n";
  private static final SignerKey LOG = TestKeys.signer("example.com/log");
  private static final SignerKey OTHER = TestKeys.signer("example.com/other");

  private static Reason openReason(byte[] note, NoteVerifier... known) {
    return reasonOf(() -> Notes.open(note, List.of(known)));
  }

  private static Reason openReason(String note, NoteVerifier... known) {
    return openReason(utf8(note), known);
  }

  private static String signed(String text, NoteSigner... signers) {
    return new String(Notes.sign(text, signers), StandardCharsets.UTF_8);
  }

  @Test
  void signThenOpenGivesBackTheTextAndTheSignature() throws Exception {
    byte[] note = Notes.sign(TEXT, LOG);
    VerifiedNote opened = Notes.open(note, List.of(LOG.verifierKey()));
    assertEquals(TEXT, opened.text());
    assertEquals(1, opened.signatures().size());
    assertEquals(List.of(), opened.unverifiedSignatures());
    assertArrayEquals(LOG.sign(utf8(TEXT)), opened.signatures().get(0).signature());
  }

  @Test
  void secondSignerAppendedToSignedNoteKeepsTheFirstSignatureBytes() throws Exception {
    byte[] once = Notes.sign(TEXT, LOG);
    byte[] twice = Notes.sign(Note.parse(once), OTHER);
    String first = new String(once, StandardCharsets.UTF_8);
    assertTrue(new String(twice, StandardCharsets.UTF_8).startsWith(first), "first signature line kept verbatim");
    VerifiedNote opened = Notes.open(twice, List.of(LOG.verifierKey(), OTHER.verifierKey()));
    assertEquals(2, opened.signatures().size());
    assertEquals(LOG.name(), opened.signatures().get(0).name());
    assertArrayEquals(twice, Notes.sign(opened.toNote(), OTHER), "re-signing with the same key replaces, not adds");
  }

  @Test
  void newSignerReplacesExistingSignatureWithSameNameAndKeyId() {
    Note stale = new Note(TEXT, List.of(new NoteSignature(LOG.name(), LOG.keyId(), new byte[] {1, 2, 3})));
    assertArrayEquals(Notes.sign(TEXT, LOG), Notes.sign(stale, LOG));
  }

  @Test
  void textMayContainBlankLinesAndEndsAtTheLastOne() throws Exception {
    String text = "first\n\n\nlast\n\n";
    VerifiedNote opened = Notes.open(Notes.sign(text, LOG), List.of(LOG.verifierKey()));
    assertEquals(text, opened.text());
  }

  @Test
  void ignoresUnknownKeysButRequiresOneKnownSignature() throws Exception {
    String both = signed(TEXT, LOG, OTHER);
    VerifiedNote opened = Notes.open(utf8(both), List.of(OTHER.verifierKey()));
    assertEquals(OTHER.name(), opened.signatures().get(0).name());
    assertEquals(LOG.name(), opened.unverifiedSignatures().get(0).name());
    assertEquals(Reason.UNKNOWN_KEY, openReason(both, TestKeys.signer("example.com/third").verifierKey()));
    assertEquals(Reason.UNKNOWN_KEY, openReason(both));
  }

  @Test
  void signatureMatchingKnownNameButNotKeyIdIsIgnored() {
    SignerKey impostor = TestKeys.signer("example.com/log-impostor");
    NoteSigner sameName = new NoteSigner() {
      public String name() {
        return LOG.name();
      }

      public int keyId() {
        return impostor.keyId();
      }

      public byte[] sign(byte[] message) {
        return impostor.sign(message);
      }
    };
    assertEquals(Reason.UNKNOWN_KEY, openReason(signed(TEXT, sameName), LOG.verifierKey()));
  }

  @Test
  void knownKeyWithInvalidSignatureRejectsTheWholeNote() {
    NoteSigner forger = new NoteSigner() {
      public String name() {
        return LOG.name();
      }

      public int keyId() {
        return LOG.keyId();
      }

      public byte[] sign(byte[] message) {
        return OTHER.sign(message);
      }
    };
    String note = signed(TEXT, OTHER, forger);
    assertEquals(Reason.BAD_SIGNATURE, openReason(note, LOG.verifierKey(), OTHER.verifierKey()));
  }

  @Test
  void repeatedSignatureFromKnownKeyIsMalformedButRepeatedUnknownLineIsDropped() throws Exception {
    String note = signed(TEXT, LOG);
    String line = note.substring(TEXT.length() + 1);
    assertEquals(Reason.MALFORMED, openReason(note + line, LOG.verifierKey()));
    String withUnknown = signed(TEXT, LOG, OTHER);
    String otherLine = withUnknown.substring(note.length());
    assertEquals(1, Notes.open(utf8(withUnknown + otherLine), List.of(LOG.verifierKey())).unverifiedSignatures().size());
  }

  @Test
  void acceptsSixteenAndOneHundredSignaturesButNotOneHundredAndOne() throws Exception {
    List<NoteSigner> signers = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      signers.add(TestKeys.signer("example.com/witness" + i));
    }
    String all = signed(TEXT, signers.subList(0, 100).toArray(new NoteSigner[0]));
    String lastLine = signed(TEXT, signers.get(100)).substring(TEXT.length() + 1);
    NoteVerifier first = ((SignerKey) signers.get(0)).verifierKey();
    String sixteen = all.substring(0, nthLineEnd(all, TEXT.split("\n", -1).length + 16));
    assertEquals(16, Notes.open(utf8(sixteen), List.of(first)).unverifiedSignatures().size() + 1);
    assertEquals(100, Notes.open(utf8(all), List.of(first)).unverifiedSignatures().size() + 1);
    assertEquals(Reason.TOO_MANY_SIGNATURES, openReason(all + lastLine, first));
    assertThrows(IllegalArgumentException.class,
        () -> Notes.sign(Note.parse(utf8(all)), signers.get(100)), "signing must not produce 101 signatures");
  }

  private static int nthLineEnd(String s, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = s.indexOf('\n', at + 1);
    }
    return at + 1;
  }

  @Test
  void rejectsMalformedNotes() {
    String note = signed(TEXT, LOG);
    String line = note.substring(TEXT.length() + 1, note.length() - 1);
    String b64 = line.substring(line.lastIndexOf(' ') + 1);
    List<String> bad = List.of(
        note + "trailing garbage\n",
        note + "\n",
        note.substring(0, note.length() - 1),
        TEXT + line + "\n",
        TEXT + "\n" + line.replace("\u2014", "-") + "\n",
        TEXT + "\n" + line.replace("\u2014", "\u2013") + "\n",
        TEXT + "\n" + line.replace("\u2014 ", "\u2014") + "\n",
        TEXT + "\n" + line.replace(" " + b64, "  " + b64) + "\n",
        TEXT + "\n" + line.replace("=", "") + "\n",
        TEXT + "\n" + line + " \n",
        TEXT + "\n\u2014 " + LOG.name() + " AAAAAA==\n",
        TEXT.replace("\n7\n", "\n7\r\n") + "\n" + line + "\n",
        "\t" + note,
        "\n" + line + "\n",
        "");
    List<String> accepted = new ArrayList<>();
    for (String s : bad) {
      if (openReason(s, LOG.verifierKey()) != Reason.MALFORMED) {
        accepted.add(s + " -> " + openReason(s, LOG.verifierKey()));
      }
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  void rejectsNonCanonicalBase64SignatureThatLenientDecodersAccept() {
    String note = signed(TEXT, LOG);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    // 4 + 64 signature bytes encode as "...X=\n": X carries 4 bits and 2 unused bits, which are zero.
    int last = note.length() - 3;
    char canonical = note.charAt(last);
    String mutated = note.substring(0, last) + alphabet.charAt(alphabet.indexOf(canonical) | 1) + note.substring(last + 1);
    String b64 = note.substring(note.lastIndexOf(' ') + 1, note.length() - 1);
    String mutatedB64 = mutated.substring(mutated.lastIndexOf(' ') + 1, mutated.length() - 1);
    assertArrayEquals(Base64.getDecoder().decode(b64), Base64.getDecoder().decode(mutatedB64),
        "the JDK decoder maps both texts to the same signature");
    assertEquals(Reason.MALFORMED, openReason(mutated, LOG.verifierKey()));
  }

  @Test
  void rejectsInvalidUtf8AndOversizedNotesAsMalformed() {
    byte[] note = Notes.sign(TEXT, LOG);
    for (byte[] prefix : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0xaf},
        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x80})) {
      byte[] bad = new byte[prefix.length + note.length];
      System.arraycopy(prefix, 0, bad, 0, prefix.length);
      System.arraycopy(note, 0, bad, prefix.length, note.length);
      assertEquals(Reason.MALFORMED, openReason(bad, LOG.verifierKey()));
    }
    byte[] huge = new byte[Notes.MAX_NOTE_SIZE + 1];
    Arrays.fill(huge, (byte) '\n');
    assertEquals(Reason.MALFORMED, openReason(huge, LOG.verifierKey()));
  }

  @Test
  void signRefusesWhatOpenWouldReject() {
    assertThrows(IllegalArgumentException.class, () -> Notes.sign("no final newline", LOG));
    assertThrows(IllegalArgumentException.class, () -> Notes.sign("", LOG));
    assertThrows(IllegalArgumentException.class, () -> Notes.sign("tab\there\n", LOG));
    assertThrows(IllegalArgumentException.class, () -> Notes.sign("cr\r\n", LOG));
    assertThrows(IllegalArgumentException.class, () -> Notes.sign(TEXT));
    assertThrows(IllegalArgumentException.class, () -> Notes.sign(TEXT, LOG, LOG));
    NoteSigner badName = new NoteSigner() {
      public String name() {
        return "bad name";
      }

      public int keyId() {
        return 0;
      }

      public byte[] sign(byte[] message) {
        return new byte[64];
      }
    };
    assertThrows(IllegalArgumentException.class, () -> Notes.sign(TEXT, badName));
  }

  @Test
  void ambiguousVerifiersAreAConfigurationError() throws Exception {
    byte[] note = Notes.sign(TEXT, LOG);
    Notes.open(note, List.of(LOG.verifierKey(), LOG.verifierKey()));
    NoteVerifier twin = new NoteVerifier() {
      public String name() {
        return LOG.name();
      }

      public int keyId() {
        return LOG.keyId();
      }

      public void verify(byte[] message, byte[] signature) {}
    };
    assertThrows(IllegalArgumentException.class, () -> Notes.open(note, List.of(LOG.verifierKey(), twin)));
  }

  @Test
  void noteParseAndFormatAreInverseAndDoNotVerify() throws Exception {
    byte[] note = Notes.sign(TEXT, LOG, OTHER);
    Note parsed = Note.parse(note);
    assertEquals(TEXT, parsed.text());
    assertEquals(2, parsed.signatures().size());
    assertArrayEquals(note, parsed.format());
    byte[] forged = note.clone();
    forged[forged.length - 5] ^= 1;
    assertEquals(2, Note.parse(forged).signatures().size(), "parse checks syntax only");
    assertThrows(IllegalStateException.class, () -> new Note(TEXT, List.of()).format());
  }
}
