package org.civictrust.tlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.civictrust.tlog.internal.KeyEncoding;

/**
 * Signing and opening C2SP signed notes (c2sp.org/signed-note), byte-compatible with Go's {@code
 * golang.org/x/mod/sumdb/note}: {@link #sign} produces exactly what Go's {@code note.Sign} produces,
 * and {@link #open} authenticates a note before anything reads its text.
 *
 * <p>Work is bounded: a note is at most {@value #MAX_NOTE_SIZE} bytes and at most {@value
 * #MAX_SIGNATURES} signature lines (the spec requires accepting at least 16; Go allows 100), both
 * checked before anything is decoded.
 *
 * <p>One deliberate difference from Go: a note carrying two signature lines with the name and key ID
 * of the same known key is rejected as {@link Reason#MALFORMED}. Go silently drops the repeats without
 * verifying them, which the spec's "if the key name and ID match a known key, verifiers MUST verify the
 * signature" does not allow.
 */
public final class Notes {
  /** The largest signed note accepted, in bytes: 1 MiB. */
  public static final int MAX_NOTE_SIZE = 1 << 20;

  /** The most signature lines a note may have, as in Go's {@code note.Open}. */
  public static final int MAX_SIGNATURES = 100;

  private record KeyRef(String name, int keyId) {}

  private Notes() {}

  /**
   * Signs {@code text} with each signer, in order; the same as {@code sign(new Note(text, List.of()),
   * signers)}.
   *
   * @throws IllegalArgumentException as {@link #sign(Note, NoteSigner...)} does, or if {@code text} is
   *     not a valid note text (non-empty, final newline, no control character but newline)
   */
  public static byte[] sign(String text, NoteSigner... signers) {
    return sign(new Note(text, List.of()), signers);
  }

  /**
   * Adds signatures to a note, as Go's {@code note.Sign} does: the text, a blank line, then the
   * existing signatures in order except those whose name and key ID equal a new signer's, then one new
   * signature per signer in argument order. Existing signature bytes are copied unchanged and are not
   * verified here.
   *
   * @param existing the text and the signatures to keep
   * @param signers at least one; no two with the same name and key ID
   * @throws IllegalArgumentException if there is no signer, a signer has an invalid name or returns an
   *     empty signature, two signers share a name and key ID, or the result would exceed {@value
   *     #MAX_SIGNATURES} signatures or {@value #MAX_NOTE_SIZE} bytes
   */
  public static byte[] sign(Note existing, NoteSigner... signers) {
    Objects.requireNonNull(existing, "existing");
    Objects.requireNonNull(signers, "signers");
    if (signers.length == 0) {
      throw new IllegalArgumentException("at least one signer; use Note.format() to re-serialize");
    }
    byte[] message = existing.text().getBytes(StandardCharsets.UTF_8);
    Set<KeyRef> replaced = new HashSet<>();
    List<NoteSignature> added = new ArrayList<>(signers.length);
    for (NoteSigner signer : signers) {
      Objects.requireNonNull(signer, "signer");
      if (!KeyEncoding.isValidName(signer.name())) {
        throw new IllegalArgumentException("invalid signer name");
      }
      if (!replaced.add(new KeyRef(signer.name(), signer.keyId()))) {
        throw new IllegalArgumentException("two signers named " + signer.name() + " with the same key ID");
      }
      added.add(new NoteSignature(signer.name(), signer.keyId(), signer.sign(message.clone())));
    }
    List<NoteSignature> all = new ArrayList<>();
    for (NoteSignature signature : existing.signatures()) {
      if (!replaced.contains(new KeyRef(signature.name(), signature.keyId()))) {
        all.add(signature);
      }
    }
    all.addAll(added);
    if (all.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException("a note carries at most " + MAX_SIGNATURES + " signatures");
    }
    byte[] note = new Note(existing.text(), all).format();
    if (note.length > MAX_NOTE_SIZE) {
      throw new IllegalArgumentException("signed note of " + note.length + " bytes exceeds " + MAX_NOTE_SIZE);
    }
    return note;
  }

  /**
   * Authenticates a signed note, then hands out its text (C2SP signed-note, sections "Format" and
   * "Signatures"). The note's syntax is checked as {@link Note#parse} does; then each signature line
   * whose name and key ID match a known verifier must verify; lines matching no known verifier are
   * ignored (kept as unverified); at least one must verify.
   *
   * @param signedNote the note bytes; not modified
   * @param known the trusted verifiers; no two with the same name and key ID unless equal
   * @throws VerificationException with {@link Reason#MALFORMED} for a syntax error or a repeated
   *     signature from one known key, {@link Reason#TOO_MANY_SIGNATURES} beyond {@value
   *     #MAX_SIGNATURES} lines, {@link Reason#BAD_SIGNATURE} if a known key's signature does not
   *     verify, {@link Reason#UNKNOWN_KEY} if no known key signed
   * @throws IllegalArgumentException if two different verifiers in {@code known} share a name and key
   *     ID (a configuration error)
   */
  public static VerifiedNote open(byte[] signedNote, Collection<? extends NoteVerifier> known)
      throws VerificationException {
    Objects.requireNonNull(signedNote, "signedNote");
    Map<KeyRef, NoteVerifier> verifiers = index(known);
    Note note = Note.parse(signedNote);
    byte[] message = note.text().getBytes(StandardCharsets.UTF_8);
    Set<KeyRef> seen = new HashSet<>();
    List<NoteSignature> verified = new ArrayList<>();
    Set<NoteSignature> unverified = new LinkedHashSet<>();
    for (NoteSignature signature : note.signatures()) {
      KeyRef ref = new KeyRef(signature.name(), signature.keyId());
      NoteVerifier verifier = verifiers.get(ref);
      if (verifier == null) {
        unverified.add(signature);
        continue;
      }
      if (!seen.add(ref)) {
        throw new VerificationException(
            Reason.MALFORMED, "two signatures from key " + ref.name() + "+" + KeyEncoding.hex8(ref.keyId()));
      }
      verifier.verify(message.clone(), signature.signature());
      verified.add(signature);
    }
    if (verified.isEmpty()) {
      throw new VerificationException(
          Reason.UNKNOWN_KEY, "none of the " + note.signatures().size() + " signatures is from a known key");
    }
    return new VerifiedNote(note.text(), verified, new ArrayList<>(unverified));
  }

  private static Map<KeyRef, NoteVerifier> index(Collection<? extends NoteVerifier> known) {
    Objects.requireNonNull(known, "known");
    Map<KeyRef, NoteVerifier> verifiers = new HashMap<>();
    for (NoteVerifier verifier : known) {
      Objects.requireNonNull(verifier, "verifier");
      NoteVerifier previous = verifiers.putIfAbsent(new KeyRef(verifier.name(), verifier.keyId()), verifier);
      if (previous != null && !previous.equals(verifier)) {
        throw new IllegalArgumentException(
            "ambiguous verifiers for " + verifier.name() + "+" + KeyEncoding.hex8(verifier.keyId()));
      }
    }
    return verifiers;
  }
}
