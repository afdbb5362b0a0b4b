package org.civictrust.tlog;

/**
 * A key that checks signatures on C2SP signed notes (c2sp.org/signed-note, section "Signatures"). It is
 * identified by its key name and 32-bit key ID: a verifier is consulted only for signature lines that
 * carry both, and lines matching no known verifier are ignored.
 *
 * <p>Verification fails closed: {@link #verify} returns normally only when the signature is valid and
 * otherwise throws, so a caller cannot drop the result by accident (the Tink style). {@link
 * VerifierKey} implements this for Ed25519 note signatures (type 0x01) and Ed25519
 * tlog-cosignature/v1 cosignatures (type 0x04). Implementations must be immutable and thread-safe.
 *
 * <p>Use {@link Notes#open} rather than calling {@link #verify} directly; it authenticates the note
 * before handing out its text and enforces the per-note rules (unknown keys ignored, every known key's
 * signature checked, at most {@value Notes#MAX_SIGNATURES} signature lines).
 */
public interface NoteVerifier {
  /** The key name this verifier answers for, exactly as in the signature line. */
  String name();

  /**
   * The key ID this verifier answers for, a big-endian uint32 held in an {@code int}. Two verifiers
   * with the same name and key ID are ambiguous and must not be used together.
   */
  int keyId();

  /**
   * Checks one signature over a note text.
   *
   * @param message the complete note text (UTF-8, ending in a newline, without the blank separator
   *     line); not modified
   * @param signature the decoded signature with its 4-byte key ID already removed; not modified
   * @throws VerificationException with {@link Reason#BAD_SIGNATURE} if the signature does not verify
   *     (including a signature of the wrong length for the key's type)
   */
  void verify(byte[] message, byte[] signature) throws VerificationException;
}
