package org.civictrust.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Round trips of the text forms (format then parse) and of signing then opening, over random inputs. */
class NotePropertiesTest {
  private static final SignerKey LOG = TestKeys.signer("example.com/log");

  /** One line: printable ASCII and a few multi-byte characters, no control character. */
  private static Arbitrary<String> lines() {
    return Arbitraries.strings().withCharRange(' ', '~').withChars("é—ü漢\u2028").ofMinLength(1).ofMaxLength(40);
  }

  private static Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('!', '~').withChars("é—漢").ofMinLength(1).ofMaxLength(20)
        .filter(s -> !s.contains("+"));
  }

  private static Arbitrary<Hash> hashes() {
    return Arbitraries.bytes().array(byte[].class).ofSize(Hash.SIZE).map(Hash::of);
  }

  @Provide
  Arbitrary<Checkpoint> checkpoints() {
    return Combinators.combine(lines(), Arbitraries.longs().between(0, Long.MAX_VALUE), hashes(),
        lines().list().ofMaxSize(3)).as(Checkpoint::new);
  }

  @Provide
  Arbitrary<String> texts() {
    return Combinators.combine(lines(), Arbitraries.of("", "\n", "\n\n")).as((l, blank) -> l + "\n" + blank)
        .list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<Note> notes() {
    Arbitrary<NoteSignature> signatures = Combinators.combine(names(), Arbitraries.integers(),
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(80)).as(NoteSignature::new);
    return Combinators.combine(texts(), signatures.list().ofMinSize(1).ofMaxSize(6)).as(Note::new);
  }

  @Provide
  Arbitrary<TlogProof> proofs() {
    Arbitrary<Optional<byte[]>> extras = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).optional();
    Arbitrary<byte[]> checkpoints = checkpoints().map(c -> Notes.sign(c.format(), LOG));
    return Combinators.combine(extras, Arbitraries.longs().between(0, Long.MAX_VALUE),
        hashes().list().ofMaxSize(TlogProof.MAX_HASHES), checkpoints).as(TlogProof::new);
  }

  @Property
  void checkpointFormatThenParseIsIdentity(@ForAll("checkpoints") Checkpoint checkpoint) throws Exception {
    assertEquals(checkpoint, Checkpoint.parse(checkpoint.format()));
  }

  @Property
  void checkpointTreeSizeParsesExactlyTheCanonicalDecimal(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long size)
      throws Exception {
    String root = Rfc9162.EMPTY_ROOT.toBase64();
    assertEquals(size, Checkpoint.parse("o\n" + size + "\n" + root + "\n").treeSize());
    assertEquals(Reason.MALFORMED, NoteVectorsTest.reasonOf(() -> Checkpoint.parse("o\n0" + size + "\n" + root + "\n")));
    assertEquals(Reason.MALFORMED, NoteVectorsTest.reasonOf(() -> Checkpoint.parse("o\n+" + size + "\n" + root + "\n")));
  }

  @Property
  void noteFormatThenParseIsIdentity(@ForAll("notes") Note note) throws Exception {
    byte[] bytes = note.format();
    Note parsed = Note.parse(bytes);
    assertEquals(note, parsed);
    assertArrayEquals(bytes, parsed.format());
  }

  @Property(tries = 200)
  void signThenOpenGivesBackTheText(@ForAll("texts") String text) throws Exception {
    VerifiedNote opened = Notes.open(Notes.sign(text, LOG), List.of(LOG.verifierKey()));
    assertEquals(text, opened.text());
  }

  @Property(tries = 200)
  void addingASignerKeepsEveryExistingSignatureLine(@ForAll("notes") Note note) throws Exception {
    Note signed = Note.parse(Notes.sign(note, LOG));
    List<NoteSignature> kept = new ArrayList<>();
    for (NoteSignature s : note.signatures()) {
      if (!(s.name().equals(LOG.name()) && s.keyId() == LOG.keyId())) {
        kept.add(s);
      }
    }
    assertEquals(kept, signed.signatures().subList(0, signed.signatures().size() - 1));
  }

  @Property(tries = 200)
  void tlogProofFormatThenParseIsIdentity(@ForAll("proofs") TlogProof proof) throws Exception {
    assertEquals(proof, TlogProof.parse(proof.format()));
  }
}
