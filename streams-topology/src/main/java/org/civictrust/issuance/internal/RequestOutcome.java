package org.civictrust.issuance.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What became of a requestId: the value of the request-outcomes store. It holds the SHA-256 of the
 * request's value bytes (to tell a retry from a conflicting reuse of the id) and either the hash of the
 * issued document or the reason code of the rejection. Byte format, version 1:
 *
 * <pre>
 *   0x01 || requestDigest[32] || 0x01 || documentHash[32]     issued
 *   0x01 || requestDigest[32] || 0x02 || reason (ASCII A-Z_)  rejected
 * </pre>
 *
 * @param requestDigest SHA-256 of the request value bytes, 32 bytes
 * @param documentHash SHA-256 of the issued canonical document, 32 bytes; null when rejected
 * @param reason the rejection reason code; null when issued
 */
public record RequestOutcome(byte[] requestDigest, byte[] documentHash, String reason) {
  private static final byte VERSION = 0x01;
  private static final byte ISSUED = 0x01;
  private static final byte REJECTED = 0x02;
  private static final int HASH_SIZE = 32;
  private static final int HEADER_SIZE = 2 + HASH_SIZE;
  private static final Pattern REASON = Pattern.compile("[A-Z][A-Z_]{0,63}");

  /** Validates and copies the fields. */
  public RequestOutcome {
    requestDigest = checkHash(requestDigest, "requestDigest").clone();
    if ((documentHash == null) == (reason == null)) {
      throw new IllegalArgumentException("an outcome is either issued (a document hash) or rejected (a reason)");
    }
    documentHash = documentHash == null ? null : checkHash(documentHash, "documentHash").clone();
    if (reason != null && !REASON.matcher(reason).matches()) {
      throw new IllegalArgumentException("a reason code is 1 to 64 of A-Z and _");
    }
  }

  /** The request was issued as the document of that hash. */
  public static RequestOutcome issued(byte[] requestDigest, byte[] documentHash) {
    return new RequestOutcome(requestDigest, Objects.requireNonNull(documentHash, "documentHash"), null);
  }

  /** The request was rejected for that reason. */
  public static RequestOutcome rejected(byte[] requestDigest, String reason) {
    return new RequestOutcome(requestDigest, null, Objects.requireNonNull(reason, "reason"));
  }

  /** SHA-256 of the request value bytes (a copy). */
  @Override
  public byte[] requestDigest() {
    return requestDigest.clone();
  }

  /** SHA-256 of the issued canonical document (a copy), or null when rejected. */
  @Override
  public byte[] documentHash() {
    return documentHash == null ? null : documentHash.clone();
  }

  /** Whether the request was issued. */
  public boolean isIssued() {
    return documentHash != null;
  }

  /** Whether {@code digest} is this request's digest: the same value bytes. */
  public boolean sameRequest(byte[] digest) {
    return Arrays.equals(requestDigest, digest);
  }

  /** The store bytes. */
  public byte[] format() {
    byte[] tail = isIssued() ? documentHash : reason.getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = new byte[HEADER_SIZE + tail.length];
    bytes[0] = VERSION;
    System.arraycopy(requestDigest, 0, bytes, 1, HASH_SIZE);
    bytes[1 + HASH_SIZE] = isIssued() ? ISSUED : REJECTED;
    System.arraycopy(tail, 0, bytes, HEADER_SIZE, tail.length);
    return bytes;
  }

  /**
   * Parses store bytes written by {@link #format}.
   *
   * @throws IllegalStateException if they are not: the store is corrupt, a real fault
   */
  public static RequestOutcome parse(byte[] bytes) {
    if (bytes == null || bytes.length <= HEADER_SIZE || bytes[0] != VERSION) {
      throw new IllegalStateException("a request outcome of an unknown version or size");
    }
    byte[] digest = Arrays.copyOfRange(bytes, 1, 1 + HASH_SIZE);
    byte[] tail = Arrays.copyOfRange(bytes, HEADER_SIZE, bytes.length);
    try {
      switch (bytes[1 + HASH_SIZE]) {
        case ISSUED:
          return issued(digest, tail);
        case REJECTED:
          return rejected(digest, new String(tail, StandardCharsets.US_ASCII));
        default:
          throw new IllegalStateException("a request outcome of an unknown kind");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("a corrupt request outcome", e);
    }
  }

  /** For the DUPLICATE_REQUEST message: {@code issued as document <hex>} or {@code rejected as <REASON>}. */
  public String describe() {
    return isIssued() ? "issued as document " + HexFormat.of().formatHex(documentHash) : "rejected as " + reason;
  }

  private static byte[] checkHash(byte[] hash, String name) {
    if (hash == null || hash.length != HASH_SIZE) {
      throw new IllegalArgumentException(name + " must be 32 bytes");
    }
    return hash;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RequestOutcome
        && Arrays.equals(((RequestOutcome) other).requestDigest, requestDigest)
        && Arrays.equals(((RequestOutcome) other).documentHash, documentHash)
        && Objects.equals(((RequestOutcome) other).reason, reason);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(requestDigest) * 31 + Arrays.hashCode(documentHash) * 7 + Objects.hashCode(reason);
  }

  @Override
  public String toString() {
    return "RequestOutcome[" + describe() + "]";
  }
}
