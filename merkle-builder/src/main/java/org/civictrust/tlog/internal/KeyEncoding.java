package org.civictrust.tlog.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictBase64;

/**
 * The text forms shared by C2SP signed-note verifier keys and Go's signer keys, and the rules for key
 * names and key IDs (C2SP signed-note, sections "Signatures" and "Verifier keys"):
 *
 * <pre>
 *   key ID = SHA-256(key name || 0x0A || signature type || public key)[:4]   (big-endian uint32)
 *   vkey   = key name "+" hex8(key ID) "+" base64(signature type || key material)
 * </pre>
 *
 * <p>The hex key ID is accepted only as exactly 8 lowercase digits, the spec's "fixed length lowercase
 * Base 16" (Go also accepts uppercase). For use by {@code org.civictrust.tlog} only.
 */
public final class KeyEncoding {
  private KeyEncoding() {}

  /** The three parts of {@code name+hex8(id)+base64(material)}; {@code material} starts with the type. */
  public record Parts(String name, int keyId, byte[] material) {}

  /**
   * Reports whether {@code name} is a valid key name: non-empty, no Unicode space (Go's
   * {@code unicode.IsSpace}: the White_Space property), no {@code '+'}, and, beyond the spec, no
   * control character and no unpaired surrogate (such a name could never appear in a valid note).
   */
  public static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || Utf8.hasUnpairedSurrogate(name)) {
      return false;
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (cp == '+' || cp < 0x20 || isUnicodeSpace(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  /**
   * Returns {@code name}.
   *
   * @throws IllegalArgumentException if it is not a valid key name
   */
  public static String checkName(String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "key name must be non-empty, without spaces, '+' or control characters");
    }
    return name;
  }

  /** Unicode White_Space, as Go's {@code unicode.IsSpace} tests it. */
  private static boolean isUnicodeSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0d) || cp == 0x85 || Character.isSpaceChar(cp);
  }

  /** Computes the key ID of a key: {@code SHA-256(name || 0x0A || type || publicKey)[:4]}. */
  public static int keyId(String name, byte type, byte[] publicKey) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    sha.update(name.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) '\n');
    sha.update(type);
    sha.update(publicKey);
    byte[] d = sha.digest();
    return (d[0] & 0xff) << 24 | (d[1] & 0xff) << 16 | (d[2] & 0xff) << 8 | (d[3] & 0xff);
  }

  /** The 8 lowercase hex digits of a key ID. */
  public static String hex8(int keyId) {
    return String.format("%08x", keyId);
  }

  /**
   * Formats {@code name+hex8(keyId)+base64(material)}.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid key name
   */
  public static String format(String name, int keyId, byte[] material) {
    return checkName(name) + "+" + hex8(keyId) + "+" + StrictBase64.encode(material);
  }

  /**
   * Parses {@code name+hex8(keyId)+base64(material)} strictly. The name ends at the first {@code '+'}
   * (names cannot hold one), the ID is exactly 8 lowercase hex digits, the rest is canonical base64 of
   * at most {@code maxMaterial} bytes (checked before decoding). Messages never echo the input, which
   * may be a private key.
   *
   * @throws IllegalArgumentException if {@code text} does not have this form
   */
  public static Parts parse(String text, int maxMaterial) {
    Objects.requireNonNull(text, "text");
    int plus1 = text.indexOf('+');
    if (plus1 < 0) {
      throw new IllegalArgumentException("key text must be name+id+key");
    }
    String name = checkName(text.substring(0, plus1));
    int plus2 = plus1 + 9;
    if (text.length() <= plus2 || text.charAt(plus2) != '+') {
      throw new IllegalArgumentException("key ID must be 8 hex digits followed by '+'");
    }
    int keyId = 0;
    for (int i = plus1 + 1; i < plus2; i++) {
      char c = text.charAt(i);
      int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
      if (digit < 0) {
        throw new IllegalArgumentException("key ID must be 8 lowercase hex digits");
      }
      keyId = keyId << 4 | digit;
    }
    String key64 = text.substring(plus2 + 1);
    if (key64.isEmpty()) {
      throw new IllegalArgumentException("key material is empty");
    }
    byte[] material;
    try {
      material = StrictBase64.decode(key64, maxMaterial, "key material");
    } catch (MalformedTextException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return new Parts(name, keyId, material);
  }
}
