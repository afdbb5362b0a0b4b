package org.civictrust.kv;

import java.util.Optional;

/**
 * The outcome of a command, stable: ids are never reused or renumbered, names never change. Every
 * command yields exactly one; anything but {@link #OK} means the command changed nothing (except that
 * its request id now remembers this outcome, see {@link KvCommand#requestId()}).
 */
public enum ReasonCode {
  /** Applied. */
  OK(0),
  /** The command does not decode or breaks a field rule (length, characters, range). */
  MALFORMED(1),
  /** The request id was already used by a different command; the first command's outcome stands. */
  REQUEST_ID_CONFLICT(2),
  /** The command creates a record that exists (expected version 0). */
  EXISTS(3),
  /** Compare-and-set failed: the record's version is not the expected one. */
  STALE_VERSION(4),
  /** No issuer with that id. */
  UNKNOWN_ISSUER(5),
  /** The issuer has no key with that key ID. */
  UNKNOWN_KEY(6),
  /** The verifier key is not named after the issuer, or is not an Ed25519 (type 0x01) key. */
  KEY_NAME_MISMATCH(7),
  /** The key is revoked: it cannot be retired, revoked again or added again (revocation is final). */
  KEY_REVOKED(8),
  /** The lifecycle does not allow this step from the record's current state. */
  ILLEGAL_TRANSITION(9),
  /** No document with that hash. */
  UNKNOWN_DOCUMENT(10),
  /** The document is revoked (final). */
  DOCUMENT_REVOKED(11),
  /** The document belongs to another issuer, or its log position differs from the one given. */
  ISSUER_MISMATCH(12),
  /** The watermark would move backwards. */
  STALE_WATERMARK(13);

  private final int id;

  ReasonCode(int id) {
    this.id = id;
  }

  /** The stable numeric id, as the wire format carries it. */
  public int id() {
    return id;
  }

  /** The code with that id, if any. */
  public static Optional<ReasonCode> fromId(int id) {
    for (ReasonCode code : values()) {
      if (code.id == id) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }
}
