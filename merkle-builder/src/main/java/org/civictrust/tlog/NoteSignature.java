package org.civictrust.tlog;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictBase64;
import org.civictrust.tlog.internal.KeyEncoding;

/**
 * One signature line of a C2SP signed note (c2sp.org/signed-note, section "Signatures"):
 *
 * <pre>
 *   — &lt;name&gt; base64(keyId || signature)
 * </pre>
 *
 * <p>Holds the key name, the 4-byte key ID as a big-endian uint32 in an {@code int}, and the signature
 * bytes that follow the ID. A {@code NoteSignature} by itself proves nothing: it is only a parsed line.
 * {@link Notes#open} says which ones verified. The signature array is copied in and out; equality is
 * by content.
 *
 * @param name the key name: non-empty, no Unicode spaces, no {@code '+'}, no control characters
 * @param keyId the key ID
 * @param signature the signature bytes without the key ID; at least one byte (the spec's minimum of 5
 *     decoded bytes including the ID)
 */
public record NoteSignature(String name, int keyId, byte[] signature) {
  /** The em dash (U+2014) and space that start every signature line. */
  static final String LINE_PREFIX = "\u2014 ";

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the name is invalid or the signature empty
   */
  public NoteSignature {
    KeyEncoding.checkName(name);
    Objects.requireNonNull(signature, "signature");
    if (signature.length == 0) {
      throw new IllegalArgumentException("a signature holds at least one byte after the key ID");
    }
    signature = signature.clone();
  }

  /** Returns a copy of the signature bytes (without the key ID). */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** Returns {@code base64(keyId || signature)}, the last field of the signature line. */
  public String base64() {
    byte[] raw = new byte[4 + signature.length];
    raw[0] = (byte) (keyId >>> 24);
    raw[1] = (byte) (keyId >>> 16);
    raw[2] = (byte) (keyId >>> 8);
    raw[3] = (byte) keyId;
    System.arraycopy(signature, 0, raw, 4, signature.length);
    return StrictBase64.encode(raw);
  }

  /** Returns the signature line including its final newline. */
  String formatLine() {
    return LINE_PREFIX + name + " " + base64() + "\n";
  }

  /**
   * Parses one signature line without its newline: the em dash and space, a valid key name, one space,
   * canonical padded base64 of at least 5 bytes.
   *
   * @throws VerificationException with {@link Reason#MALFORMED} if {@code line} is not such a line
   */
  static NoteSignature parseLine(String line) throws VerificationException {
    if (!line.startsWith(LINE_PREFIX)) {
      throw new VerificationException(Reason.MALFORMED, "a signature line starts with an em dash and a space");
    }
    int space = line.indexOf(' ', LINE_PREFIX.length());
    if (space < 0) {
      throw new VerificationException(Reason.MALFORMED, "a signature line is '— <name> <base64>'");
    }
    String name = line.substring(LINE_PREFIX.length(), space);
    if (!KeyEncoding.isValidName(name)) {
      throw new VerificationException(Reason.MALFORMED, "invalid key name in signature line");
    }
    byte[] raw;
    try {
      raw = StrictBase64.decode(line.substring(space + 1), Notes.MAX_NOTE_SIZE, "signature of " + name);
    } catch (MalformedTextException e) {
      throw VerificationException.malformed(e);
    }
    if (raw.length < 5) {
      throw new VerificationException(Reason.MALFORMED, "signature of " + name + " is shorter than 5 bytes");
    }
    int keyId = (raw[0] & 0xff) << 24 | (raw[1] & 0xff) << 16 | (raw[2] & 0xff) << 8 | (raw[3] & 0xff);
    return new NoteSignature(name, keyId, Arrays.copyOfRange(raw, 4, raw.length));
  }

  /** Equal when name, key ID and signature bytes are equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof NoteSignature
        && ((NoteSignature) other).name.equals(name)
        && ((NoteSignature) other).keyId == keyId
        && MessageDigest.isEqual(((NoteSignature) other).signature, signature);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + keyId) * 31 + Arrays.hashCode(signature);
  }

  /** Returns the signature line without its newline. */
  @Override
  public String toString() {
    return LINE_PREFIX + name + " " + base64();
  }
}
