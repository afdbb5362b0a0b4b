package org.civictrust.tlog;

import static org.civictrust.tlog.NoteVectorsTest.reasonOf;
import static org.civictrust.tlog.NoteVectorsTest.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checkpoint: strict parsing of the tlog-checkpoint note text, and open = verify, parse, check origin. */
class CheckpointTest {
  private static final String ORIGIN = "example.com/log";
  private static final Hash ROOT = Rfc9162.leafHash(utf8("root"));
  private static final String ROOT64 = ROOT.toBase64();
  private static final SignerKey LOG = TestKeys.signer(ORIGIN);

  private static Reason parseReason(String text) {
    return reasonOf(() -> Checkpoint.parse(text));
  }

  @Test
  void formatThenParseGivesBackTheCheckpoint() throws Exception {
    Checkpoint checkpoint = new Checkpoint(ORIGIN, 20852163, ROOT, List.of("ext one", "— ext two"));
    assertEquals(ORIGIN + "\n20852163\n" + ROOT64 + "\next one\n— ext two\n", checkpoint.format());
    assertEquals(checkpoint, Checkpoint.parse(checkpoint.format()));
  }

  @Test
  void parsesTheSpecExample() throws Exception {
    Checkpoint checkpoint = Checkpoint.parse(
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
    assertEquals("example.com/behind-the-sofa", checkpoint.origin());
    assertEquals(20852163, checkpoint.treeSize());
  }

  @Test
  void acceptsZeroAndTheLargestTreeSizeThisImplementationRepresents() throws Exception {
    assertEquals(0, Checkpoint.parse(ORIGIN + "\n0\n" + ROOT64 + "\n").treeSize());
    assertEquals(Long.MAX_VALUE, Checkpoint.parse(ORIGIN + "\n9223372036854775807\n" + ROOT64 + "\n").treeSize());
  }

  @Test
  void rejectsTreeSizesOutsideTheGrammarOrTheLimit() {
    List<String> accepted = new ArrayList<>();
    for (String size : List.of("007", "00", "+5", "-1", " 5", "5 ", "", "5.0", "0x10", "\u0665", "１",
        "9223372036854775808", "18446744073709551615", "18446744073709551616", "99999999999999999999999")) {
      if (parseReason(ORIGIN + "\n" + size + "\n" + ROOT64 + "\n") != Reason.MALFORMED) {
        accepted.add(size);
      }
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  void rejectsTextsThatAreNotStrictCheckpoints() {
    List<String> accepted = new ArrayList<>();
    for (String text : List.of(
        ORIGIN + "\n5\n" + ROOT64,
        ORIGIN + "\n5\n" + ROOT64 + "\n\n",
        ORIGIN + "\n5\n" + ROOT64 + "\n\next\n",
        ORIGIN + "\n5\n",
        "\n5\n" + ROOT64 + "\n",
        ORIGIN + "\r\n5\n" + ROOT64 + "\n",
        ORIGIN + "\n5\r\n" + ROOT64 + "\n",
        ORIGIN + "\n5\n" + ROOT64 + "\r\n",
        ORIGIN + "\t\n5\n" + ROOT64 + "\n",
        ORIGIN + "\u0000\n5\n" + ROOT64 + "\n",
        ORIGIN + "\ud800\n5\n" + ROOT64 + "\n",
        ORIGIN + "\n5\n" + ROOT64.substring(1) + "\n",
        ORIGIN + "\n5\n" + ROOT64 + "A\n",
        ORIGIN + "\n5\n" + ROOT64.replace("=", "") + "\n",
        ORIGIN + "\n5\n" + ROOT64.substring(0, 42) + "B=\n",
        ORIGIN + "\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n",
        ORIGIN + "\n5\n" + ROOT.toHex() + "\n",
        "")) {
      if (parseReason(text) != Reason.MALFORMED) {
        accepted.add(text);
      }
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  void openVerifiesThenParsesThenChecksOrigin() throws Exception {
    Checkpoint checkpoint = new Checkpoint(ORIGIN, 42, ROOT, List.of());
    byte[] signed = Notes.sign(checkpoint.format(), LOG);
    assertEquals(checkpoint, Checkpoint.open(signed, ORIGIN, LOG.verifierKey()));
    assertEquals(Reason.UNKNOWN_ORIGIN, reasonOf(() -> Checkpoint.open(signed, "example.com/other", LOG.verifierKey())));
    assertEquals(Reason.UNKNOWN_KEY,
        reasonOf(() -> Checkpoint.open(signed, ORIGIN, TestKeys.signer("example.com/other").verifierKey())));
    byte[] tampered = Notes.sign(checkpoint.format(), LOG);
    tampered[ORIGIN.length() + 1] = '5';
    assertEquals(Reason.BAD_SIGNATURE, reasonOf(() -> Checkpoint.open(tampered, ORIGIN, LOG.verifierKey())));
  }

  @Test
  void openRejectsAnAuthenticNoteThatIsNotACheckpointAsMalformed() {
    byte[] signed = Notes.sign("hello, this is not a checkpoint\n", LOG);
    assertEquals(Reason.MALFORMED, reasonOf(() -> Checkpoint.open(signed, ORIGIN, LOG.verifierKey())));
    byte[] invalidUtf8 = Notes.sign(new Checkpoint(ORIGIN, 1, ROOT, List.of()).format(), LOG);
    invalidUtf8[2] = (byte) 0xff;
    assertEquals(Reason.MALFORMED, reasonOf(() -> Checkpoint.open(invalidUtf8, ORIGIN, LOG.verifierKey())));
  }

  @Test
  void constructorRejectsInvalidFields() {
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint("", 1, ROOT, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint("a\nb", 1, ROOT, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint(ORIGIN, -1, ROOT, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint(ORIGIN, 1, ROOT, List.of("")));
    assertThrows(IllegalArgumentException.class, () -> new Checkpoint(ORIGIN, 1, ROOT, List.of("a\rb")));
    assertThrows(NullPointerException.class, () -> new Checkpoint(ORIGIN, 1, null, List.of()));
  }
}
