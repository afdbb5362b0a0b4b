package org.civictrust.tlog;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.civictrust.tlog.internal.Utf8;

/**
 * A C2SP signed note in parsed, <b>unverified</b> form (c2sp.org/signed-note, section "Format"): the
 * text, then a blank line, then signature lines. Nothing here has been authenticated: use {@link
 * Notes#open} to get text you may act on. This form exists to inspect or re-serialize a note and to add
 * signatures to one ({@link Notes#sign(Note, NoteSigner...)}).
 *
 * <p>The text is non-empty, ends in a newline, holds no ASCII control character other than newline,
 * and is valid Unicode (no unpaired surrogate). It may hold blank lines; the text ends at the
 * <em>last</em> blank line of a note. {@link #parse} and {@link #format} are inverse byte for byte.
 *
 * @param text the note text including its final newline, without the separating blank line
 * @param signatures the signature lines in note order; at most {@value Notes#MAX_SIGNATURES}; copied
 */
public record Note(String text, List<NoteSignature> signatures) {
  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the text breaks the rules above or there are more than
   *     {@value Notes#MAX_SIGNATURES} signatures
   */
  public Note {
    checkText(text);
    signatures = List.copyOf(signatures);
    if (signatures.size() > Notes.MAX_SIGNATURES) {
      throw new IllegalArgumentException(
          "at most " + Notes.MAX_SIGNATURES + " signatures, got " + signatures.size());
    }
  }

  /**
   * Parses the syntax of a signed note without verifying anything: at most {@value
   * Notes#MAX_NOTE_SIZE} bytes, valid UTF-8, no control character but newline, a blank line, and after
   * the last blank line one or more newline-terminated signature lines and nothing else.
   *
   * @throws VerificationException with {@link Reason#MALFORMED} if the note breaks the grammar, or
   *     {@link Reason#TOO_MANY_SIGNATURES} if it has more than {@value Notes#MAX_SIGNATURES} signature
   *     lines (both checked before decoding anything)
   */
  public static Note parse(byte[] signedNote) throws VerificationException {
    Objects.requireNonNull(signedNote, "signedNote");
    int length = signedNote.length;
    if (length > Notes.MAX_NOTE_SIZE) {
      throw new VerificationException(
          Reason.MALFORMED, "note of " + length + " bytes exceeds " + Notes.MAX_NOTE_SIZE);
    }
    int split = -1;
    for (int i = 0; i < length; i++) {
      int b = signedNote[i] & 0xff;
      if (b < 0x20 && b != '\n') {
        throw new VerificationException(Reason.MALFORMED, "control character 0x" + Integer.toHexString(b) + " at byte " + i);
      }
      if (b == '\n' && i + 1 < length && signedNote[i + 1] == '\n') {
        split = i;
      }
    }
    if (split < 0) {
      throw new VerificationException(Reason.MALFORMED, "no blank line before the signatures");
    }
    int start = split + 2;
    if (start == length || signedNote[length - 1] != '\n') {
      throw new VerificationException(Reason.MALFORMED, "signature block is empty or lacks its final newline");
    }
    int lines = 0;
    for (int i = start; i < length; i++) {
      if (signedNote[i] == '\n' && ++lines > Notes.MAX_SIGNATURES) {
        throw new VerificationException(
            Reason.TOO_MANY_SIGNATURES, "more than " + Notes.MAX_SIGNATURES + " signature lines");
      }
    }
    String text;
    String block;
    try {
      text = Utf8.decode(signedNote, 0, split + 1);
      block = Utf8.decode(signedNote, start, length - start);
    } catch (CharacterCodingException e) {
      throw new VerificationException(Reason.MALFORMED, "note is not valid UTF-8", e);
    }
    List<NoteSignature> signatures = new ArrayList<>(lines);
    for (int begin = 0; begin < block.length(); ) {
      int end = block.indexOf('\n', begin);
      signatures.add(NoteSignature.parseLine(block.substring(begin, end)));
      begin = end + 1;
    }
    return new Note(text, signatures);
  }

  /**
   * Returns the signed note bytes: the text, a blank line, and each signature line. Requires at least
   * one signature: a note without signatures has no encoding.
   *
   * @throws IllegalStateException if there are no signatures
   */
  public byte[] format() {
    if (signatures.isEmpty()) {
      throw new IllegalStateException("a signed note needs at least one signature");
    }
    StringBuilder note = new StringBuilder(text.length() + 128 * signatures.size());
    note.append(text).append('\n');
    for (NoteSignature signature : signatures) {
      note.append(signature.formatLine());
    }
    return note.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Checks the rules for a note text.
   *
   * @throws IllegalArgumentException if {@code text} is empty, lacks a final newline, holds a control
   *     character other than newline, or holds an unpaired surrogate
   */
  static void checkText(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
      throw new IllegalArgumentException("a note text is non-empty and ends in a newline");
    }
    if (Utf8.hasControlCharacter(text)) {
      throw new IllegalArgumentException("a note text holds no control character other than newline");
    }
    if (Utf8.hasUnpairedSurrogate(text)) {
      throw new IllegalArgumentException("a note text must be valid Unicode (unpaired surrogate)");
    }
  }
}
