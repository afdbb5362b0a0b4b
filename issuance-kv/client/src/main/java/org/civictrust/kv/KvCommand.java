package org.civictrust.kv;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.civictrust.kv.protocol.Fields;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.VerifierKey;

/**
 * A command that changes the store. Every command carries:
 *
 * <ul>
 *   <li>a {@linkplain #requestId() request id} chosen by the caller. The store remembers the outcome
 *       of every applied command under its request id, as part of the replicated state (and so of
 *       snapshots, across restarts and leader changes): sending the same command again returns the
 *       original {@link KvResult} and applies nothing; another command under a used request id gets
 *       {@link ReasonCode#REQUEST_ID_CONFLICT}. The table keeps the latest {@value
 *       #REMEMBERED_REQUESTS} request ids (oldest forgotten first, the same on every peer).
 *   <li>an {@linkplain #expectedVersion() expected version} of the record it targets, for
 *       compare-and-set: {@link #ANY_VERSION} (no condition), {@link #ABSENT} (the record must not
 *       exist: {@link ReasonCode#EXISTS} otherwise) or a version (the record must be at exactly that
 *       version: {@link ReasonCode#STALE_VERSION} otherwise).
 * </ul>
 *
 * Times are milliseconds since the epoch, given by the caller: applying a command never reads a
 * clock, so every peer computes the same state. Value checks happen in the constructors; rules that
 * depend on the state (does the issuer exist, is the step allowed) are applied by the store and
 * answered with a {@link ReasonCode}.
 */
public sealed interface KvCommand {
  /** No version condition. */
  long ANY_VERSION = -1;
  /** The target record must not exist yet. */
  long ABSENT = 0;
  /** How many request ids the store remembers. */
  int REMEMBERED_REQUESTS = 100_000;

  /** The kinds of command, with their stable wire ids. */
  enum Type {
    PUT_ISSUER(1), ROTATE_KEY(2), RETIRE_KEY(3), REVOKE_KEY(4), RECORD_DOCUMENT(5), MARK_ANCHORED(6),
    MARK_ANCHOR_FAILED(7), REVOKE_DOCUMENT(8), ADVANCE_WATERMARK(9);

    private final int id;

    Type(int id) {
      this.id = id;
    }

    /** The stable numeric id, as the wire format carries it. */
    public int id() {
      return id;
    }
  }

  /** The caller's request id: 1 to 128 printable ASCII characters. */
  String requestId();

  /** The expected version of the target record: {@link #ANY_VERSION}, {@link #ABSENT} or at least 1. */
  long expectedVersion();

  /** The kind of command. */
  Type type();

  /** A fresh random request id. */
  static String newRequestId() {
    return UUID.randomUUID().toString();
  }

  /**
   * {@code text} as a part of a deterministic request id: itself if it is at most 64 printable ASCII
   * characters without {@code :} or space, else the hex SHA-256 of its UTF-8 bytes (a request id is at
   * most 128 printable ASCII characters).
   */
  static String requestIdPart(String text) {
    boolean plain = text.length() <= 64 && text.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':');
    return plain ? text : HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void check(String requestId, long expectedVersion) {
    Fields.requestId(requestId);
    if (expectedVersion < ANY_VERSION) {
      throw new IllegalArgumentException("expectedVersion must be -1, 0 or a version");
    }
  }

  /**
   * Creates or replaces an issuer. Target: the issuer record.
   *
   * @param maxValidityMillis positive
   */
  record PutIssuer(String requestId, long expectedVersion, String issuerId, List<String> documentTypes,
      long maxValidityMillis) implements KvCommand {
    /**
     * Validates the command.
     *
     * @throws IllegalArgumentException if a field breaks its rule
     */
    public PutIssuer {
      check(requestId, expectedVersion);
      Fields.issuerId(issuerId);
      documentTypes = IssuerRecord.normalizedTypes(documentTypes);
      if (maxValidityMillis <= 0) {
        throw new IllegalArgumentException("maxValidityMillis must be positive");
      }
    }

    @Override
    public Type type() {
      return Type.PUT_ISSUER;
    }
  }

  /**
   * Adds a new active key to an issuer; each of the issuer's other active keys becomes retiring, with
   * an overlap window ending at {@code overlapUntil}. The first key of an issuer is added the same way.
   * Target: the new key (which must not exist; a revoked key is never added again).
   *
   * @param verifierKey the new key in C2SP vkey form, Ed25519, named after the issuer
   * @param at when the new key becomes active
   * @param overlapUntil end of the retiring keys' overlap window, not before {@code at}
   */
  record RotateKey(String requestId, long expectedVersion, String issuerId, String verifierKey, long at,
      long overlapUntil) implements KvCommand {
    /**
     * Validates the command.
     *
     * @throws IllegalArgumentException if a field breaks its rule
     */
    public RotateKey {
      check(requestId, expectedVersion);
      Fields.issuerId(issuerId);
      Objects.requireNonNull(verifierKey, "verifierKey");
      if (verifierKey.isEmpty() || verifierKey.length() > Fields.MAX_VERIFIER_KEY) {
        throw new IllegalArgumentException("verifierKey must be 1 to " + Fields.MAX_VERIFIER_KEY + " characters");
      }
      try {
        VerifierKey.parse(verifierKey);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("verifierKey is not a C2SP verifier key", e);
      }
      Fields.time(at, "at");
      Fields.time(overlapUntil, "overlapUntil");
      if (overlapUntil < at) {
        throw new IllegalArgumentException("overlapUntil must not be before at");
      }
    }

    @Override
    public Type type() {
      return Type.ROTATE_KEY;
    }
  }

  /** Makes an active key retiring, with an overlap window ending at {@code overlapUntil}. Target: the key. */
  record RetireKey(String requestId, long expectedVersion, String issuerId, String keyId, long at, long overlapUntil)
      implements KvCommand {
    /**
     * Validates the command.
     *
     * @throws IllegalArgumentException if a field breaks its rule
     */
    public RetireKey {
      check(requestId, expectedVersion);
      Fields.issuerId(issuerId);
      Fields.keyId(keyId);
      Fields.time(at, "at");
      Fields.time(overlapUntil, "overlapUntil");
      if (overlapUntil < at) {
        throw new IllegalArgumentException("overlapUntil must not be before at");
      }
    }

    @Override
    public Type type() {
      return Type.RETIRE_KEY;
    }
  }

  /**
   * Revokes an active or retiring key: nothing it signed at or after {@code cutoff} is accepted. Records
   * a {@link RevocationRecord}. Target: the key.
   */
  record RevokeKey(String requestId, long expectedVersion, String issuerId, String keyId, long cutoff, long at,
      String reason) implements KvCommand {
    /**
     * Validates the command.
     *
     * @throws IllegalArgumentException if a field breaks its rule
     */
    public RevokeKey {
      check(requestId, expectedVersion);
      Fields.issuerId(issuerId);
      Fields.keyId(keyId);
      Fields.time(cutoff, "cutoff");
      Fields.time(at, "at");
      Fields.reason(reason);
    }

    @Override
    public Type type() {
      return Type.REVOKE_KEY;
    }
  }

  /**
   * Records an issued document (state {@link DocumentState#ISSUED}); the issuer and the key must exist
   * and the key must not be revoked at {@code issuedAt}. Target: the document.
   *
   * @param origin the log's origin, or "" with {@code leafIndex} -1 if not sequenced yet
   */
  record RecordDocument(String requestId, long expectedVersion, Hash documentHash, String issuerId, String keyId,
      String origin, long leafIndex, long issuedAt) implements KvCommand {
    /**
     * Validates the command.
     *
     * @throws IllegalArgumentException if a field breaks its rule
     */
    public RecordDocument {
      check(requestId, expectedVersion);
      Objects.requireNonNull(documentHash, "documentHash");
      Fields.issuerId(issuerId);
      Fields.keyId(keyId);
      checkPosition(origin, leafIndex);
      Fields.time(issuedAt, "issuedAt");
    }

    @Override
    public Type type() {
      return Type.RECORD_DOCUMENT;
    }
  }

  /**
   * Marks one recorded document anchored at its log position (issued or anchor_failed → anchored).
   * Target: the document. For whole checkpoints use {@link AdvanceWatermark}.
   */
  record MarkAnchored(String requestId, long expectedVersion, Hash documentHash, String origin, long leafIndex,
      long at) implements KvCommand {
    /**
     * Validates the command.
     *
     * @throws IllegalArgumentException if a field breaks its rule
     */
    public MarkAnchored {
      check(requestId, expectedVersion);
      Objects.requireNonNull(documentHash, "documentHash");
      Fields.origin(origin);
      if (leafIndex < 0) {
        throw new IllegalArgumentException("leafIndex must not be negative");
      }
      Fields.time(at, "at");
    }

    @Override
    public Type type() {
      return Type.MARK_ANCHORED;
    }
  }

  /** Marks one recorded, issued document anchor_failed, with a reason. Target: the document. */
  record MarkAnchorFailed(String requestId, long expectedVersion, Hash documentHash, String reason, long at)
      implements KvCommand {
    /**
     * Validates the command.
     *
     * @throws IllegalArgumentException if a field breaks its rule
     */
    public MarkAnchorFailed {
      check(requestId, expectedVersion);
      Objects.requireNonNull(documentHash, "documentHash");
      Fields.reason(reason);
      Fields.time(at, "at");
    }

    @Override
    public Type type() {
      return Type.MARK_ANCHOR_FAILED;
    }
  }

  /**
   * Revokes a document of a known issuer, recorded or not (revocations are recorded by exception, most
   * documents never are). Records a {@link RevocationRecord}. Target: the document.
   */
  record RevokeDocument(String requestId, long expectedVersion, Hash documentHash, String issuerId, String reason,
      long at) implements KvCommand {
    /**
     * Validates the command.
     *
     * @throws IllegalArgumentException if a field breaks its rule
     */
    public RevokeDocument {
      check(requestId, expectedVersion);
      Objects.requireNonNull(documentHash, "documentHash");
      Fields.issuerId(issuerId);
      Fields.reason(reason);
      Fields.time(at, "at");
    }

    @Override
    public Type type() {
      return Type.REVOKE_DOCUMENT;
    }
  }

  /**
   * Records that a signed checkpoint of size {@code treeSize} covers the log {@code origin}: every leaf
   * below it is anchored. The same size again changes nothing; a smaller one is {@link
   * ReasonCode#STALE_WATERMARK}. Target: the log's watermark.
   */
  record AdvanceWatermark(String requestId, long expectedVersion, String origin, long treeSize, long at)
      implements KvCommand {
    /**
     * Validates the command.
     *
     * @throws IllegalArgumentException if a field breaks its rule
     */
    public AdvanceWatermark {
      check(requestId, expectedVersion);
      Fields.origin(origin);
      if (treeSize < 0) {
        throw new IllegalArgumentException("treeSize must not be negative");
      }
      Fields.time(at, "at");
    }

    @Override
    public Type type() {
      return Type.ADVANCE_WATERMARK;
    }
  }

  private static void checkPosition(String origin, long leafIndex) {
    Objects.requireNonNull(origin, "origin");
    if (origin.isEmpty() ? leafIndex != -1 : leafIndex < 0) {
      throw new IllegalArgumentException("origin and leafIndex are both given or both absent (\"\", -1)");
    }
    if (!origin.isEmpty()) {
      Fields.origin(origin);
    }
  }
}
