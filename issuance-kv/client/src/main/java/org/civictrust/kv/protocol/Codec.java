package org.civictrust.kv.protocol;

import java.util.ArrayList;
import java.util.List;
import org.civictrust.kv.DocumentRecord;
import org.civictrust.kv.DocumentState;
import org.civictrust.kv.IssuerRecord;
import org.civictrust.kv.KeyRecord;
import org.civictrust.kv.KeyState;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvCommand.AdvanceWatermark;
import org.civictrust.kv.KvCommand.MarkAnchorFailed;
import org.civictrust.kv.KvCommand.MarkAnchored;
import org.civictrust.kv.KvCommand.PutIssuer;
import org.civictrust.kv.KvCommand.RecordDocument;
import org.civictrust.kv.KvCommand.RetireKey;
import org.civictrust.kv.KvCommand.RevokeDocument;
import org.civictrust.kv.KvCommand.RevokeKey;
import org.civictrust.kv.KvCommand.RotateKey;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.ReasonCode;
import org.civictrust.kv.RevocationRecord;
import org.civictrust.kv.WatermarkRecord;
import org.civictrust.kv.protocol.Wire.MalformedException;
import org.civictrust.tlog.Hash;

/**
 * The binary encodings of commands, results and records (docs/design/issuance-kv.md, "Wire format").
 * Decoding is strict and canonical: a command decodes only if encoding the decoded command gives the
 * same bytes back, so "the same command" means "the same bytes" and a command has one digest.
 */
public final class Codec {
  /** The format version byte that starts every command and result. */
  public static final int FORMAT = 1;
  /** The largest command accepted, in bytes. */
  public static final int MAX_COMMAND_SIZE = 16 * 1024;
  /** The longest result detail, in UTF-8 bytes. */
  public static final int MAX_DETAIL_BYTES = 4 * KvResult.MAX_DETAIL;

  private Codec() {}

  // ---- commands

  /** The canonical bytes of {@code command}. */
  public static byte[] encode(KvCommand command) {
    Wire.Writer out = new Wire.Writer().u8(FORMAT).u8(command.type().id())
        .string(command.requestId(), Fields.MAX_REQUEST_ID).i64(command.expectedVersion());
    switch (command.type()) {
      case PUT_ISSUER: {
        PutIssuer c = (PutIssuer) command;
        out.string(c.issuerId(), Fields.MAX_NAME).u16(c.documentTypes().size());
        c.documentTypes().forEach(t -> out.string(t, Fields.MAX_DOCUMENT_TYPE));
        out.i64(c.maxValidityMillis());
        break;
      }
      case ROTATE_KEY: {
        RotateKey c = (RotateKey) command;
        out.string(c.issuerId(), Fields.MAX_NAME).string(c.verifierKey(), Fields.MAX_VERIFIER_KEY).i64(c.at())
            .i64(c.overlapUntil());
        break;
      }
      case RETIRE_KEY: {
        RetireKey c = (RetireKey) command;
        out.string(c.issuerId(), Fields.MAX_NAME).string(c.keyId(), 8).i64(c.at()).i64(c.overlapUntil());
        break;
      }
      case REVOKE_KEY: {
        RevokeKey c = (RevokeKey) command;
        out.string(c.issuerId(), Fields.MAX_NAME).string(c.keyId(), 8).i64(c.cutoff()).i64(c.at())
            .string(c.reason(), Fields.MAX_REASON);
        break;
      }
      case RECORD_DOCUMENT: {
        RecordDocument c = (RecordDocument) command;
        out.raw(c.documentHash().bytes()).string(c.issuerId(), Fields.MAX_NAME).string(c.keyId(), 8)
            .string(c.origin(), Fields.MAX_ORIGIN).i64(c.leafIndex()).i64(c.issuedAt());
        break;
      }
      case MARK_ANCHORED: {
        MarkAnchored c = (MarkAnchored) command;
        out.raw(c.documentHash().bytes()).string(c.origin(), Fields.MAX_ORIGIN).i64(c.leafIndex()).i64(c.at());
        break;
      }
      case MARK_ANCHOR_FAILED: {
        MarkAnchorFailed c = (MarkAnchorFailed) command;
        out.raw(c.documentHash().bytes()).string(c.reason(), Fields.MAX_REASON).i64(c.at());
        break;
      }
      case REVOKE_DOCUMENT: {
        RevokeDocument c = (RevokeDocument) command;
        out.raw(c.documentHash().bytes()).string(c.issuerId(), Fields.MAX_NAME).string(c.reason(), Fields.MAX_REASON)
            .i64(c.at());
        break;
      }
      case ADVANCE_WATERMARK: {
        AdvanceWatermark c = (AdvanceWatermark) command;
        out.string(c.origin(), Fields.MAX_ORIGIN).i64(c.treeSize()).i64(c.at());
        break;
      }
      default:
        throw new IllegalStateException("unhandled command type " + command.type());
    }
    return out.toByteArray();
  }

  /**
   * Decodes a command, strictly: known format and type, every field within its rules, no trailing
   * bytes, canonical.
   *
   * @throws MalformedException if the bytes are not the canonical encoding of a valid command
   */
  public static KvCommand decodeCommand(byte[] bytes) throws MalformedException {
    if (bytes.length > MAX_COMMAND_SIZE) {
      throw new MalformedException("a command of " + bytes.length + " bytes exceeds " + MAX_COMMAND_SIZE);
    }
    Wire.Reader in = new Wire.Reader(bytes);
    int format = in.u8("format");
    if (format != FORMAT) {
      throw new MalformedException("unknown command format " + format);
    }
    int type = in.u8("type");
    String requestId = in.string("requestId", Fields.MAX_REQUEST_ID);
    long expectedVersion = in.i64("expectedVersion");
    KvCommand command;
    try {
      switch (type) {
        case 1: {
          String issuerId = in.string("issuerId", Fields.MAX_NAME);
          int count = in.u16("documentTypes");
          if (count > Fields.MAX_DOCUMENT_TYPES) {
            throw new MalformedException("too many document types");
          }
          List<String> types = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            types.add(in.string("documentType", Fields.MAX_DOCUMENT_TYPE));
          }
          command = new PutIssuer(requestId, expectedVersion, issuerId, types, in.i64("maxValidityMillis"));
          break;
        }
        case 2:
          command = new RotateKey(requestId, expectedVersion, in.string("issuerId", Fields.MAX_NAME),
              in.string("verifierKey", Fields.MAX_VERIFIER_KEY), in.i64("at"), in.i64("overlapUntil"));
          break;
        case 3:
          command = new RetireKey(requestId, expectedVersion, in.string("issuerId", Fields.MAX_NAME),
              in.string("keyId", 8), in.i64("at"), in.i64("overlapUntil"));
          break;
        case 4:
          command = new RevokeKey(requestId, expectedVersion, in.string("issuerId", Fields.MAX_NAME),
              in.string("keyId", 8), in.i64("cutoff"), in.i64("at"), in.string("reason", Fields.MAX_REASON));
          break;
        case 5:
          command = new RecordDocument(requestId, expectedVersion, hash(in), in.string("issuerId", Fields.MAX_NAME),
              in.string("keyId", 8), in.string("origin", Fields.MAX_ORIGIN), in.i64("leafIndex"), in.i64("issuedAt"));
          break;
        case 6:
          command = new MarkAnchored(requestId, expectedVersion, hash(in), in.string("origin", Fields.MAX_ORIGIN),
              in.i64("leafIndex"), in.i64("at"));
          break;
        case 7:
          command = new MarkAnchorFailed(requestId, expectedVersion, hash(in), in.string("reason", Fields.MAX_REASON),
              in.i64("at"));
          break;
        case 8:
          command = new RevokeDocument(requestId, expectedVersion, hash(in), in.string("issuerId", Fields.MAX_NAME),
              in.string("reason", Fields.MAX_REASON), in.i64("at"));
          break;
        case 9:
          command = new AdvanceWatermark(requestId, expectedVersion, in.string("origin", Fields.MAX_ORIGIN),
              in.i64("treeSize"), in.i64("at"));
          break;
        default:
          throw new MalformedException("unknown command type " + type);
      }
    } catch (IllegalArgumentException e) {
      throw new MalformedException(e.getMessage());
    }
    in.end();
    if (!java.util.Arrays.equals(encode(command), bytes)) {
      throw new MalformedException("not the canonical encoding (document types unsorted or repeated)");
    }
    return command;
  }

  /**
   * The request id of an encoded command, if its envelope (format, type byte, request id) is readable:
   * used to tell a client which request a malformed command was.
   */
  public static String peekRequestId(byte[] bytes) {
    try {
      Wire.Reader in = new Wire.Reader(bytes);
      in.u8("format");
      in.u8("type");
      return Fields.requestId(in.string("requestId", Fields.MAX_REQUEST_ID));
    } catch (MalformedException | IllegalArgumentException e) {
      return "";
    }
  }

  // ---- results

  /** The bytes of {@code result}. */
  public static byte[] encode(KvResult result) {
    return new Wire.Writer().u8(FORMAT).u16(result.reason().id()).i64(result.version()).i64(result.logIndex())
        .string(truncate(result.detail()), MAX_DETAIL_BYTES).toByteArray();
  }

  /**
   * Decodes a result.
   *
   * @throws MalformedException if the bytes are not a valid result
   */
  public static KvResult decodeResult(byte[] bytes) throws MalformedException {
    Wire.Reader in = new Wire.Reader(bytes);
    int format = in.u8("format");
    if (format != FORMAT) {
      throw new MalformedException("unknown result format " + format);
    }
    int id = in.u16("reason");
    ReasonCode reason = ReasonCode.fromId(id).orElseThrow(() -> new MalformedException("unknown reason " + id));
    long version = in.i64("version");
    long logIndex = in.i64("logIndex");
    String detail = in.string("detail", MAX_DETAIL_BYTES);
    in.end();
    try {
      return new KvResult(reason, version, logIndex, detail);
    } catch (IllegalArgumentException e) {
      throw new MalformedException(e.getMessage());
    }
  }

  private static String truncate(String detail) {
    String text = detail.length() > KvResult.MAX_DETAIL ? detail.substring(0, KvResult.MAX_DETAIL) : detail;
    while (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_DETAIL_BYTES) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }

  // ---- records

  public static void write(Wire.Writer out, IssuerRecord r) {
    out.string(r.issuerId(), Fields.MAX_NAME).u16(r.documentTypes().size());
    r.documentTypes().forEach(t -> out.string(t, Fields.MAX_DOCUMENT_TYPE));
    out.i64(r.maxValidityMillis()).i64(r.version());
  }

  public static IssuerRecord readIssuer(Wire.Reader in) throws MalformedException {
    String issuerId = in.string("issuerId", Fields.MAX_NAME);
    int count = in.u16("documentTypes");
    if (count > Fields.MAX_DOCUMENT_TYPES) {
      throw new MalformedException("too many document types");
    }
    List<String> types = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      types.add(in.string("documentType", Fields.MAX_DOCUMENT_TYPE));
    }
    long maxValidity = in.i64("maxValidityMillis");
    long version = in.i64("version");
    try {
      IssuerRecord record = new IssuerRecord(issuerId, types, maxValidity, version);
      if (!record.documentTypes().equals(types)) {
        throw new MalformedException("document types unsorted or repeated");
      }
      return record;
    } catch (IllegalArgumentException e) {
      throw new MalformedException(e.getMessage());
    }
  }

  public static void write(Wire.Writer out, KeyRecord r) {
    out.string(r.issuerId(), Fields.MAX_NAME).string(r.keyId(), 8).string(r.verifierKey(), Fields.MAX_VERIFIER_KEY)
        .u8(r.state().id()).i64(r.activeFrom()).i64(r.retiredAt()).i64(r.overlapUntil()).i64(r.cutoff())
        .i64(r.revokedAt()).string(r.reason(), Fields.MAX_REASON).i64(r.version());
  }

  public static KeyRecord readKey(Wire.Reader in) throws MalformedException {
    String issuerId = in.string("issuerId", Fields.MAX_NAME);
    String keyId = in.string("keyId", 8);
    String verifierKey = in.string("verifierKey", Fields.MAX_VERIFIER_KEY);
    int stateId = in.u8("state");
    KeyState state = KeyState.fromId(stateId).orElseThrow(() -> new MalformedException("unknown key state"));
    long activeFrom = in.i64("activeFrom");
    long retiredAt = in.i64("retiredAt");
    long overlapUntil = in.i64("overlapUntil");
    long cutoff = in.i64("cutoff");
    long revokedAt = in.i64("revokedAt");
    String reason = in.string("reason", Fields.MAX_REASON);
    long version = in.i64("version");
    try {
      return new KeyRecord(issuerId, keyId, verifierKey, state, activeFrom, retiredAt, overlapUntil, cutoff,
          revokedAt, reason, version);
    } catch (IllegalArgumentException e) {
      throw new MalformedException(e.getMessage());
    }
  }

  public static void write(Wire.Writer out, DocumentRecord r) {
    out.raw(r.documentHash().bytes()).string(r.issuerId(), Fields.MAX_NAME).string(r.keyId(), 8)
        .string(r.origin(), Fields.MAX_ORIGIN).i64(r.leafIndex()).i64(r.issuedAt()).u8(r.state().id())
        .string(r.reason(), Fields.MAX_REASON).i64(r.stateAt()).i64(r.version());
  }

  public static DocumentRecord readDocument(Wire.Reader in) throws MalformedException {
    Hash hash = hash(in);
    String issuerId = in.string("issuerId", Fields.MAX_NAME);
    String keyId = in.string("keyId", 8);
    String origin = in.string("origin", Fields.MAX_ORIGIN);
    long leafIndex = in.i64("leafIndex");
    long issuedAt = in.i64("issuedAt");
    int stateId = in.u8("state");
    DocumentState state = DocumentState.fromId(stateId)
        .orElseThrow(() -> new MalformedException("unknown document state"));
    String reason = in.string("reason", Fields.MAX_REASON);
    long stateAt = in.i64("stateAt");
    long version = in.i64("version");
    try {
      return new DocumentRecord(hash, issuerId, keyId, origin, leafIndex, issuedAt, state, reason, stateAt, version);
    } catch (IllegalArgumentException e) {
      throw new MalformedException(e.getMessage());
    }
  }

  public static void write(Wire.Writer out, WatermarkRecord r) {
    out.string(r.origin(), Fields.MAX_ORIGIN).i64(r.treeSize()).i64(r.at()).i64(r.version());
  }

  public static WatermarkRecord readWatermark(Wire.Reader in) throws MalformedException {
    String origin = in.string("origin", Fields.MAX_ORIGIN);
    long treeSize = in.i64("treeSize");
    long at = in.i64("at");
    long version = in.i64("version");
    try {
      return new WatermarkRecord(origin, treeSize, at, version);
    } catch (IllegalArgumentException e) {
      throw new MalformedException(e.getMessage());
    }
  }

  public static void write(Wire.Writer out, RevocationRecord r) {
    out.u8(r.kind().id()).string(r.issuerId(), Fields.MAX_NAME).string(r.subject(), 64).i64(r.cutoff())
        .i64(r.revokedAt()).string(r.reason(), Fields.MAX_REASON).i64(r.index());
  }

  public static RevocationRecord readRevocation(Wire.Reader in) throws MalformedException {
    int kindId = in.u8("kind");
    RevocationRecord.Kind kind;
    if (kindId == RevocationRecord.Kind.KEY.id()) {
      kind = RevocationRecord.Kind.KEY;
    } else if (kindId == RevocationRecord.Kind.DOCUMENT.id()) {
      kind = RevocationRecord.Kind.DOCUMENT;
    } else {
      throw new MalformedException("unknown revocation kind");
    }
    String issuerId = in.string("issuerId", Fields.MAX_NAME);
    String subject = in.string("subject", 64);
    long cutoff = in.i64("cutoff");
    long revokedAt = in.i64("revokedAt");
    String reason = in.string("reason", Fields.MAX_REASON);
    long index = in.i64("index");
    try {
      return new RevocationRecord(kind, issuerId, subject, cutoff, revokedAt, reason, index);
    } catch (IllegalArgumentException e) {
      throw new MalformedException(e.getMessage());
    }
  }

  private static Hash hash(Wire.Reader in) throws MalformedException {
    return Hash.of(in.raw("documentHash", Hash.SIZE));
  }
}
