package org.civictrust.tlog;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictBase64;
import org.civictrust.text.StrictDecimal;
import org.civictrust.text.TextLines;
import org.civictrust.tlog.internal.Utf8;

/**
 * A transparency log checkpoint (C2SP tlog-checkpoint, section "Note text"): the text of a signed note
 * stating a log's tree head.
 *
 * <pre>
 *   &lt;origin&gt;\n
 *   &lt;tree size, 0|[1-9][0-9]*&gt;\n
 *   &lt;base64 root hash&gt;\n
 *   [&lt;extension line&gt;\n ...]
 * </pre>
 *
 * <p>Parsing is strict: every line non-empty and newline-terminated, no control characters (so no CR),
 * the tree size without sign or leading zero, the root hash exactly 44 characters of canonical base64.
 * Tree sizes are {@code long}s, so sizes of 2^63 and above, though grammatical, are rejected as beyond
 * this implementation's limit. {@link #open} verifies the log's signature before parsing.
 *
 * @param origin the log's identity, non-empty, no newline or control character; by convention a
 *     schema-less URL, but nothing here assumes that
 * @param treeSize the number of leaves, {@code >= 0}
 * @param rootHash the RFC 6962 / RFC 9162 root hash of the first {@code treeSize} leaves
 * @param extensions the optional extension lines, each non-empty, without newline or control character;
 *     copied
 */
public record Checkpoint(String origin, long treeSize, Hash rootHash, List<String> extensions) {
  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a field breaks the rules above
   */
  public Checkpoint {
    checkLine(origin, "origin");
    if (treeSize < 0) {
      throw new IllegalArgumentException("tree size must be >= 0, got " + treeSize);
    }
    Objects.requireNonNull(rootHash, "rootHash");
    extensions = List.copyOf(extensions);
    for (String extension : extensions) {
      checkLine(extension, "extension line");
    }
  }

  /** Returns a checkpoint without extension lines. */
  public static Checkpoint of(String origin, long treeSize, Hash rootHash) {
    return new Checkpoint(origin, treeSize, rootHash, List.of());
  }

  /** Returns the note text: origin, size, base64 root hash and extension lines, each ending in "\n". */
  public String format() {
    StringBuilder text = new StringBuilder(origin.length() + 80);
    text.append(origin).append('\n').append(treeSize).append('\n').append(rootHash.toBase64()).append('\n');
    for (String extension : extensions) {
      text.append(extension).append('\n');
    }
    return text.toString();
  }

  /**
   * Parses a checkpoint note text strictly. The text should come from {@link VerifiedNote#text()}: use
   * {@link #open} to verify and parse in the right order.
   *
   * @throws VerificationException with {@link Reason#MALFORMED} if the text is not a checkpoint: fewer
   *     than 3 lines, an empty line, no final newline, a control character (CR included) or unpaired
   *     surrogate, a malformed or too large tree size, or a root hash that is not 44 characters of
   *     canonical base64
   */
  public static Checkpoint parse(String text) throws VerificationException {
    Objects.requireNonNull(text, "text");
    if (text.length() > Notes.MAX_NOTE_SIZE) {
      throw new VerificationException(Reason.MALFORMED, "checkpoint text exceeds " + Notes.MAX_NOTE_SIZE);
    }
    if (Utf8.hasControlCharacter(text) || Utf8.hasUnpairedSurrogate(text)) {
      throw new VerificationException(Reason.MALFORMED, "checkpoint holds a control character or invalid Unicode");
    }
    try {
      List<String> lines = TextLines.split(text, false);
      if (lines.size() < 3) {
        throw new VerificationException(Reason.MALFORMED, "checkpoint has " + lines.size() + " lines, needs 3");
      }
      long treeSize = StrictDecimal.parseUint63(lines.get(1), "tree size");
      Hash rootHash = Hash.of(StrictBase64.decodeExactly(lines.get(2), Hash.SIZE, "root hash"));
      return new Checkpoint(lines.get(0), treeSize, rootHash, lines.subList(3, lines.size()));
    } catch (MalformedTextException e) {
      throw VerificationException.malformed(e);
    }
  }

  /**
   * Verifies a signed checkpoint from the log, then parses it, then checks its origin: the order C2SP
   * tlog-proof section "Verifying a tlog proof" step 2 requires. Witness cosignatures are ignored; see
   * {@link #open(byte[], String, NoteVerifier, Collection, int)}.
   *
   * @param signedNote the signed checkpoint note
   * @param expectedOrigin the origin the caller trusts {@code logKey} for
   * @param logKey the log's verifier key
   * @throws VerificationException as {@link Notes#open} does (MALFORMED, TOO_MANY_SIGNATURES,
   *     BAD_SIGNATURE, UNKNOWN_KEY if the log did not sign), MALFORMED if the text is not a checkpoint,
   *     UNKNOWN_ORIGIN if its origin is not {@code expectedOrigin}
   */
  public static Checkpoint open(byte[] signedNote, String expectedOrigin, NoteVerifier logKey)
      throws VerificationException {
    return open(Notes.open(signedNote, List.of(logKey)), expectedOrigin);
  }

  /**
   * As {@link #open(byte[], String, NoteVerifier)}, then also requires cosignatures from at least
   * {@code quorum} of {@code witnesses} (C2SP tlog-proof, "Verifying a tlog proof", step 3), checked
   * by {@link Cosignatures#verifyQuorum}. The log signature and origin are checked first.
   *
   * @throws VerificationException as the other overload does, or as {@link Cosignatures#verifyQuorum}
   *     does
   */
  public static Checkpoint open(
      byte[] signedNote, String expectedOrigin, NoteVerifier logKey,
      Collection<VerifierKey> witnesses, int quorum) throws VerificationException {
    VerifiedNote note = Notes.open(signedNote, List.of(logKey));
    Checkpoint checkpoint = open(note, expectedOrigin);
    Cosignatures.verifyQuorum(note, witnesses, quorum);
    return checkpoint;
  }

  private static Checkpoint open(VerifiedNote note, String expectedOrigin) throws VerificationException {
    Objects.requireNonNull(expectedOrigin, "expectedOrigin");
    Checkpoint checkpoint = parse(note.text());
    if (!checkpoint.origin().equals(expectedOrigin)) {
      throw new VerificationException(
          Reason.UNKNOWN_ORIGIN, "checkpoint origin " + checkpoint.origin() + " is not " + expectedOrigin);
    }
    return checkpoint;
  }

  private static void checkLine(String line, String what) {
    Objects.requireNonNull(line, what);
    if (!TextLines.isLine(line)) {
      throw new IllegalArgumentException(what + " must be non-empty, one line, without control characters");
    }
  }
}
