package org.civictrust.tlog;

/**
 * A key that signs C2SP signed notes (c2sp.org/signed-note, section "Signatures"): it has a key name
 * and a 32-bit key ID, which together identify it in a signature line
 * {@code — <name> base64(keyId || signature)}, and it turns the note text into the signature bytes
 * that follow the key ID.
 *
 * <p>What exactly is signed depends on the signature type: an Ed25519 note key ({@link SignerKey},
 * type 0x01) signs the note text itself; a tlog-cosignature/v1 cosigner ({@link CosignerKey#at}, type
 * 0x04) signs {@code "cosignature/v1\ntime <t>\n"} followed by the text, and prefixes the timestamp.
 *
 * <p>Use {@link Notes#sign(String, NoteSigner...)} rather than calling {@link #sign} directly; it
 * assembles the signature lines exactly as Go's {@code golang.org/x/mod/sumdb/note.Sign} does.
 * Implementations must be safe for use by several threads and must never expose private key material
 * through {@code toString()}.
 */
public interface NoteSigner {
  /**
   * The key name: non-empty, without Unicode spaces or {@code '+'} (C2SP signed-note, section
   * "Format"). It appears verbatim in the signature line.
   */
  String name();

  /**
   * The key ID, a big-endian uint32 held in an {@code int} (compare with {@code ==}; print with
   * {@code %08x}). For the standard types it is
   * {@code SHA-256(name || 0x0A || type || public key)[:4]}.
   */
  int keyId();

  /**
   * Signs a note text.
   *
   * @param message the complete note text, UTF-8, ending in a newline; not modified
   * @return the signature bytes without the 4-byte key ID: 64 bytes for type 0x01, 72 for type 0x04
   */
  byte[] sign(byte[] message);
}
