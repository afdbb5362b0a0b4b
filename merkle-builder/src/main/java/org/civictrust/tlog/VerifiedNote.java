package org.civictrust.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * A signed note whose text has been authenticated by {@link Notes#open}: at least one signature from a
 * known key verified, and every signature from a known key verified (C2SP signed-note, section
 * "Signatures"). Only {@link Notes#open} creates one, so holding a {@code VerifiedNote} means the
 * check was done.
 *
 * <p>It also keeps the signatures from keys the verifier did not know, unverified, for example
 * witness cosignatures to be checked later by {@link Cosignatures#verifyQuorum}. Immutable.
 */
public final class VerifiedNote {
  private final String text;
  private final List<NoteSignature> signatures;
  private final List<NoteSignature> unverifiedSignatures;

  VerifiedNote(String text, List<NoteSignature> signatures, List<NoteSignature> unverifiedSignatures) {
    this.text = text;
    this.signatures = List.copyOf(signatures);
    this.unverifiedSignatures = List.copyOf(unverifiedSignatures);
  }

  /** The authenticated note text, including its final newline. */
  public String text() {
    return text;
  }

  /** The signatures that verified against known keys, in note order; never empty. */
  public List<NoteSignature> signatures() {
    return signatures;
  }

  /**
   * The signatures from keys the verifier did not know, in note order, repeated identical lines
   * dropped. They are <b>not</b> verified.
   */
  public List<NoteSignature> unverifiedSignatures() {
    return unverifiedSignatures;
  }

  /**
   * Returns the unverified {@link Note} with the same text and all signatures, verified ones first,
   * then unverified ones, as Go's {@code note.Sign} orders them; for adding signatures with {@link
   * Notes#sign(Note, NoteSigner...)}.
   */
  public Note toNote() {
    List<NoteSignature> all = new ArrayList<>(signatures);
    all.addAll(unverifiedSignatures);
    return new Note(text, all);
  }

  @Override
  public String toString() {
    return "VerifiedNote[" + signatures.size() + " verified, " + unverifiedSignatures.size()
        + " unverified signatures, text=" + text + "]";
  }
}
