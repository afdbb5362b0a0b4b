package org.civictrust.kv.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The shape of every text field the store keeps, checked by the value types' constructors (and so by
 * every decoder): lengths in UTF-8 bytes, and which characters are allowed. Failures are {@link
 * IllegalArgumentException}s whose messages name the field, never echo its value.
 */
public final class Fields {
  /** The longest request id, in characters (printable ASCII). */
  public static final int MAX_REQUEST_ID = 128;
  /** The longest issuer id, in UTF-8 bytes. */
  public static final int MAX_NAME = 256;
  /** The longest document type, in UTF-8 bytes. */
  public static final int MAX_DOCUMENT_TYPE = 128;
  /** The most document types of one issuer. */
  public static final int MAX_DOCUMENT_TYPES = 64;
  /** The longest log origin, in UTF-8 bytes. */
  public static final int MAX_ORIGIN = 256;
  /** The longest reason text, in UTF-8 bytes. */
  public static final int MAX_REASON = 512;
  /** The longest verifier key text, in bytes. */
  public static final int MAX_VERIFIER_KEY = 512;

  private Fields() {}

  /** 1 to 128 printable ASCII characters (0x21 to 0x7E): no spaces. */
  public static String requestId(String value) {
    require(value != null && !value.isEmpty() && value.length() <= MAX_REQUEST_ID, "requestId",
        "1 to " + MAX_REQUEST_ID + " characters");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      require(c >= 0x21 && c <= 0x7E, "requestId", "printable ASCII without spaces");
    }
    return value;
  }

  /**
   * A C2SP signed-note key name (the issuer id is the name of each of its keys): 1 to 256 bytes, no
   * '+', no whitespace, no control character, no unpaired surrogate.
   */
  public static String issuerId(String value) {
    return token(value, "issuerId", MAX_NAME, true);
  }

  /** A document type: 1 to 128 bytes, no whitespace or control character. */
  public static String documentType(String value) {
    return token(value, "documentType", MAX_DOCUMENT_TYPE, false);
  }

  /** A log origin: 1 to 256 bytes, no whitespace or control character. */
  public static String origin(String value) {
    return token(value, "origin", MAX_ORIGIN, false);
  }

  /** Free text of at most 512 bytes without control characters (spaces allowed; may be empty). */
  public static String reason(String value) {
    require(value != null, "reason", "present");
    require(value.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON, "reason", "at most " + MAX_REASON + " bytes");
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      require(cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) && !isLoneSurrogate(value, i), "reason",
          "free of control characters");
      i += Character.charCount(cp);
    }
    return value;
  }

  /** A C2SP key ID: exactly 8 lowercase hex digits. */
  public static String keyId(String value) {
    require(value != null && value.length() == 8, "keyId", "8 lowercase hex digits");
    for (int i = 0; i < 8; i++) {
      char c = value.charAt(i);
      require((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'), "keyId", "8 lowercase hex digits");
    }
    return value;
  }

  /** A time in milliseconds since the epoch: not negative. */
  public static long time(long value, String name) {
    require(value >= 0, name, "a time in milliseconds since the epoch, not negative");
    return value;
  }

  /** A time, or -1 for "never". */
  public static long optionalTime(long value, String name) {
    require(value >= -1, name, "a time in milliseconds since the epoch, or -1");
    return value;
  }

  /** A record version: 1 or more. */
  public static long version(long value) {
    require(value >= 1, "version", "at least 1");
    return value;
  }

  private static String token(String value, String name, int maxBytes, boolean noPlus) {
    require(value != null && !value.isEmpty(), name, "not empty");
    require(value.getBytes(StandardCharsets.UTF_8).length <= maxBytes, name, "at most " + maxBytes + " bytes");
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      boolean space = (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || Character.isSpaceChar(cp);
      require(cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) && !space && !(noPlus && cp == '+')
          && !isLoneSurrogate(value, i), name, noPlus ? "a signed-note key name (no '+', space or control character)"
              : "free of spaces and control characters");
      i += Character.charCount(cp);
    }
    return value;
  }

  private static boolean isLoneSurrogate(String value, int index) {
    return Character.isSurrogate(value.charAt(index)) && !Character.isSupplementaryCodePoint(value.codePointAt(index));
  }

  private static void require(boolean condition, String field, String rule) {
    if (!condition) {
      throw new IllegalArgumentException(field + " must be " + rule);
    }
  }
}
