package org.civictrust.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.civictrust.tlog.testing.RandomCases;
import org.civictrust.tlog.testing.RandomCases.Gen;
import org.civictrust.tlog.testing.RandomCases.PropertyTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips of the text forms (format then parse) and of signing then opening, over random inputs. */
class NotePropertiesTest {
  private static final SignerKey LOG = TestKeys.signer("example.com/log");

  /** The characters of a line: printable ASCII and a few multi-byte characters, no control character. */
  private static final String LINE_CHARS = RandomCases.chars(' ', '~') + "é—ü漢\u2028";

  /** The characters of a key name: printable ASCII but space and '+', and a few multi-byte characters. */
  private static final String NAME_CHARS = RandomCases.chars('!', '~').replace("+", "") + "é—漢";

  /** The smallest and the largest of each part, for the edge cases. */
  private static final String SHORTEST_LINE = " ";
  private static final String LONGEST_LINE = "漢".repeat(40);
  private static final Hash ZEROS = Hash.of(new byte[Hash.SIZE]);
  private static final Hash ONES = Hash.of(filled(Hash.SIZE, (byte) 0xff));
  private static final Checkpoint SMALLEST_CHECKPOINT = new Checkpoint(SHORTEST_LINE, 0, ZEROS, List.of());
  private static final Checkpoint LARGEST_CHECKPOINT =
      new Checkpoint(LONGEST_LINE, Long.MAX_VALUE, ONES, Collections.nCopies(3, LONGEST_LINE));
  private static final String SHORTEST_TEXT = SHORTEST_LINE + "\n";
  private static final String LONGEST_TEXT = (LONGEST_LINE + "\n\n\n").repeat(5);

  private static byte[] filled(int length, byte value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, value);
    return bytes;
  }

  private static String line(Gen g) {
    return g.string(1, 40, LINE_CHARS);
  }

  private static String name(Gen g) {
    return g.string(1, 20, NAME_CHARS);
  }

  private static Hash hash(Gen g) {
    return Hash.of(g.bytes(Hash.SIZE));
  }

  private static Checkpoint checkpoint(Gen g) {
    return new Checkpoint(line(g), g.longBetween(0, Long.MAX_VALUE), hash(g), g.list(0, 3, () -> line(g)));
  }

  private static String text(Gen g) {
    return String.join("", g.list(1, 5, () -> line(g) + "\n" + g.oneOf("", "\n", "\n\n")));
  }

  private static Note note(Gen g) {
    return new Note(text(g), g.list(1, 6, () -> new NoteSignature(name(g), g.anyInt(), g.bytes(1, 80))));
  }

  private static TlogProof proof(Gen g) {
    return new TlogProof(g.optional(() -> g.bytes(0, 40)), g.longBetween(0, Long.MAX_VALUE),
        g.list(0, TlogProof.MAX_HASHES, () -> hash(g)), Notes.sign(checkpoint(g).format(), LOG));
  }

  static Stream<Arguments> checkpoints() {
    return RandomCases.cases(1000, g -> Arguments.of(checkpoint(g)),
        Arguments.argumentSet("edge: smallest checkpoint", SMALLEST_CHECKPOINT),
        Arguments.argumentSet("edge: largest checkpoint", LARGEST_CHECKPOINT));
  }

  static Stream<Arguments> treeSizes() {
    return RandomCases.cases(1000, g -> Arguments.of(g.longBetween(0, Long.MAX_VALUE)),
        RandomCases.combinations(RandomCases.edges(0, Long.MAX_VALUE)));
  }

  static Stream<Arguments> texts() {
    return RandomCases.cases(200, g -> Arguments.of(text(g)),
        Arguments.argumentSet("edge: shortest text", SHORTEST_TEXT),
        Arguments.argumentSet("edge: longest text", LONGEST_TEXT));
  }

  static Stream<Arguments> notes() {
    return notes(1000);
  }

  static Stream<Arguments> fewerNotes() {
    return notes(200);
  }

  private static Stream<Arguments> notes(int count) {
    List<NoteSignature> edgeSignatures = new ArrayList<>();
    for (int keyId : new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE}) {
      edgeSignatures.add(new NoteSignature("!", keyId, new byte[1]));
    }
    edgeSignatures.add(new NoteSignature("漢".repeat(20), 0, filled(80, (byte) 0xff)));
    return RandomCases.cases(count, g -> Arguments.of(note(g)),
        Arguments.argumentSet("edge: shortest text, one signature of one byte",
            new Note(SHORTEST_TEXT, edgeSignatures.subList(2, 3))),
        Arguments.argumentSet("edge: longest text, six signatures, key IDs at the int edges, longest name",
            new Note(LONGEST_TEXT, edgeSignatures)));
  }

  static Stream<Arguments> proofs() {
    byte[] smallest = Notes.sign(SMALLEST_CHECKPOINT.format(), LOG);
    byte[] largest = Notes.sign(LARGEST_CHECKPOINT.format(), LOG);
    return RandomCases.cases(200, g -> Arguments.of(proof(g)),
        Arguments.argumentSet("edge: no extra, index 0, no hashes",
            new TlogProof(Optional.empty(), 0, List.of(), smallest)),
        Arguments.argumentSet("edge: empty extra, index 1, one hash",
            new TlogProof(Optional.of(new byte[0]), 1, List.of(ZEROS), smallest)),
        Arguments.argumentSet("edge: longest extra, largest index, most hashes",
            new TlogProof(Optional.of(filled(40, (byte) 0xff)), Long.MAX_VALUE,
                Collections.nCopies(TlogProof.MAX_HASHES, ONES), largest)));
  }

  @PropertyTest
  @MethodSource("checkpoints")
  void checkpointFormatThenParseIsIdentity(Checkpoint checkpoint) throws Exception {
    assertEquals(checkpoint, Checkpoint.parse(checkpoint.format()));
  }

  @PropertyTest
  @MethodSource("treeSizes")
  void checkpointTreeSizeParsesExactlyTheCanonicalDecimal(long size) throws Exception {
    String root = Rfc9162.EMPTY_ROOT.toBase64();
    assertEquals(size, Checkpoint.parse("o\n" + size + "\n" + root + "\n").treeSize());
    assertEquals(Reason.MALFORMED, NoteVectorsTest.reasonOf(() -> Checkpoint.parse("o\n0" + size + "\n" + root + "\n")));
    assertEquals(Reason.MALFORMED, NoteVectorsTest.reasonOf(() -> Checkpoint.parse("o\n+" + size + "\n" + root + "\n")));
  }

  @PropertyTest
  @MethodSource("notes")
  void noteFormatThenParseIsIdentity(Note note) throws Exception {
    byte[] bytes = note.format();
    Note parsed = Note.parse(bytes);
    assertEquals(note, parsed);
    assertArrayEquals(bytes, parsed.format());
  }

  @PropertyTest
  @MethodSource("texts")
  void signThenOpenGivesBackTheText(String text) throws Exception {
    VerifiedNote opened = Notes.open(Notes.sign(text, LOG), List.of(LOG.verifierKey()));
    assertEquals(text, opened.text());
  }

  @PropertyTest
  @MethodSource("fewerNotes")
  void addingASignerKeepsEveryExistingSignatureLine(Note note) throws Exception {
    Note signed = Note.parse(Notes.sign(note, LOG));
    List<NoteSignature> kept = new ArrayList<>();
    for (NoteSignature s : note.signatures()) {
      if (!(s.name().equals(LOG.name()) && s.keyId() == LOG.keyId())) {
        kept.add(s);
      }
    }
    assertEquals(kept, signed.signatures().subList(0, signed.signatures().size() - 1));
  }

  @PropertyTest
  @MethodSource("proofs")
  void tlogProofFormatThenParseIsIdentity(TlogProof proof) throws Exception {
    assertEquals(proof, TlogProof.parse(proof.format()));
  }
}
