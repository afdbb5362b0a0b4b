package org.civictrust.kv.server.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.civictrust.kv.DocumentRecord;
import org.civictrust.kv.DocumentState;
import org.civictrust.kv.IssuerRecord;
import org.civictrust.kv.IssuerView;
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
import org.civictrust.kv.Change;
import org.civictrust.kv.protocol.Wire.MalformedException;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.VerifierKey;
import org.civictrust.kv.protocol.Codec;
import org.civictrust.kv.protocol.Fields;
import org.civictrust.kv.protocol.Wire;

/**
 * The replicated state and its apply logic, with no Raft in it: {@link #apply} takes a log index and
 * a command's bytes and returns the result and the records written. It is deterministic (no clock, no
 * randomness, no iteration over unordered collections), never throws for a bad or refused command, and
 * changes nothing when the result is not {@link ReasonCode#OK} except remembering the result under the
 * command's request id. Not thread-safe: the state machine serializes access.
 */
public final class IssuanceState {
  private final TreeMap<String, IssuerRecord> issuers = new TreeMap<>();
  private final TreeMap<String, TreeMap<String, KeyRecord>> keys = new TreeMap<>();
  private final TreeMap<Hash, DocumentRecord> documents = new TreeMap<>();
  private final TreeMap<String, WatermarkRecord> watermarks = new TreeMap<>();
  private final TreeMap<String, RevocationRecord> revocations = new TreeMap<>();
  /** Request id → outcome, oldest first (evicted first). */
  private final LinkedHashMap<String, Remembered> requests = new LinkedHashMap<>();

  /** The outcome remembered under a request id: the SHA-256 of the command's bytes and its result. */
  record Remembered(Hash commandDigest, KvResult result) {}

  /** What applying one command did. */
  public record Applied(KvResult result, List<Change> changes) {
    public Applied {
      changes = List.copyOf(changes);
    }
  }

  /**
   * Applies the command encoded in {@code commandBytes} at log index {@code index}.
   *
   * @param index the log index, positive and greater than every index applied before
   */
  public Applied apply(long index, byte[] commandBytes) {
    KvCommand command;
    try {
      command = Codec.decodeCommand(commandBytes);
    } catch (MalformedException e) {
      return new Applied(new KvResult(ReasonCode.MALFORMED, 0, index, e.getMessage()), List.of());
    }
    Hash digest = sha256(commandBytes);
    Remembered seen = requests.get(command.requestId());
    if (seen != null) {
      if (seen.commandDigest().equals(digest)) {
        return new Applied(seen.result(), List.of());
      }
      return new Applied(new KvResult(ReasonCode.REQUEST_ID_CONFLICT, 0, index,
          "request id used by another command, applied at index " + seen.result().logIndex()), List.of());
    }
    List<Change> changes = new ArrayList<>();
    KvResult result = applyNew(index, command, changes);
    if (!result.ok()) {
      changes.clear();
    }
    remember(command.requestId(), new Remembered(digest, result));
    return new Applied(result, changes);
  }

  private KvResult applyNew(long index, KvCommand command, List<Change> changes) {
    switch (command.type()) {
      case PUT_ISSUER:
        return putIssuer(index, (PutIssuer) command, changes);
      case ROTATE_KEY:
        return rotateKey(index, (RotateKey) command, changes);
      case RETIRE_KEY:
        return retireKey(index, (RetireKey) command, changes);
      case REVOKE_KEY:
        return revokeKey(index, (RevokeKey) command, changes);
      case RECORD_DOCUMENT:
        return recordDocument(index, (RecordDocument) command, changes);
      case MARK_ANCHORED:
        return markAnchored(index, (MarkAnchored) command, changes);
      case MARK_ANCHOR_FAILED:
        return markAnchorFailed(index, (MarkAnchorFailed) command, changes);
      case REVOKE_DOCUMENT:
        return revokeDocument(index, (RevokeDocument) command, changes);
      case ADVANCE_WATERMARK:
        return advanceWatermark(index, (AdvanceWatermark) command, changes);
      default:
        return new KvResult(ReasonCode.MALFORMED, 0, index, "unhandled command type");
    }
  }

  private void remember(String requestId, Remembered remembered) {
    requests.put(requestId, remembered);
    if (requests.size() > KvCommand.REMEMBERED_REQUESTS) {
      Iterator<String> oldest = requests.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  // ---- commands

  private KvResult putIssuer(long index, PutIssuer c, List<Change> changes) {
    IssuerRecord current = issuers.get(c.issuerId());
    long version = current == null ? 0 : current.version();
    KvResult refused = versionCheck(c.expectedVersion(), version, index, "issuer");
    if (refused != null) {
      return refused;
    }
    IssuerRecord next = new IssuerRecord(c.issuerId(), c.documentTypes(), c.maxValidityMillis(), version + 1);
    issuers.put(c.issuerId(), next);
    changes.add(Change.of(index, next));
    return ok(next.version(), index);
  }

  private KvResult rotateKey(long index, RotateKey c, List<Change> changes) {
    if (!issuers.containsKey(c.issuerId())) {
      return refuse(ReasonCode.UNKNOWN_ISSUER, 0, index, "no issuer " + c.issuerId());
    }
    VerifierKey verifierKey = VerifierKey.parse(c.verifierKey());
    if (!verifierKey.name().equals(c.issuerId()) || verifierKey.type() != VerifierKey.TYPE_ED25519) {
      return refuse(ReasonCode.KEY_NAME_MISMATCH, 0, index,
          "the key is named " + verifierKey.name() + " (type " + verifierKey.type() + "), not an Ed25519 key of "
              + c.issuerId());
    }
    String keyId = String.format("%08x", verifierKey.keyId());
    TreeMap<String, KeyRecord> issuerKeys = keys.getOrDefault(c.issuerId(), new TreeMap<>());
    KeyRecord existing = issuerKeys.get(keyId);
    if (existing != null) {
      if (existing.state() == KeyState.REVOKED) {
        return refuse(ReasonCode.KEY_REVOKED, existing.version(), index, "key " + keyId + " is revoked for good");
      }
      return refuse(ReasonCode.EXISTS, existing.version(), index, "key " + keyId + " exists");
    }
    if (c.expectedVersion() > 0) {
      return refuse(ReasonCode.STALE_VERSION, 0, index, "key " + keyId + " does not exist");
    }
    for (KeyRecord key : new ArrayList<>(issuerKeys.values())) {
      if (key.state() == KeyState.ACTIVE) {
        KeyRecord retiring = new KeyRecord(key.issuerId(), key.keyId(), key.verifierKey(), KeyState.RETIRING,
            key.activeFrom(), c.at(), c.overlapUntil(), -1, -1, "", key.version() + 1);
        issuerKeys.put(key.keyId(), retiring);
        changes.add(Change.of(index, retiring));
      }
    }
    KeyRecord added = new KeyRecord(c.issuerId(), keyId, c.verifierKey(), KeyState.ACTIVE, c.at(), -1, -1, -1, -1,
        "", 1);
    issuerKeys.put(keyId, added);
    keys.put(c.issuerId(), issuerKeys);
    changes.add(Change.of(index, added));
    return ok(1, index);
  }

  private KvResult retireKey(long index, RetireKey c, List<Change> changes) {
    KeyLookup lookup = lookUpKey(c.issuerId(), c.keyId(), c.expectedVersion(), index);
    if (lookup.refused != null) {
      return lookup.refused;
    }
    KeyRecord key = lookup.key;
    if (key.state() != KeyState.ACTIVE) {
      return refuse(ReasonCode.ILLEGAL_TRANSITION, key.version(), index,
          "key " + key.keyId() + " is " + key.state().label() + ", only an active key retires");
    }
    KeyRecord retiring = new KeyRecord(key.issuerId(), key.keyId(), key.verifierKey(), KeyState.RETIRING,
        key.activeFrom(), c.at(), c.overlapUntil(), -1, -1, "", key.version() + 1);
    keys.get(c.issuerId()).put(key.keyId(), retiring);
    changes.add(Change.of(index, retiring));
    return ok(retiring.version(), index);
  }

  private KvResult revokeKey(long index, RevokeKey c, List<Change> changes) {
    KeyLookup lookup = lookUpKey(c.issuerId(), c.keyId(), c.expectedVersion(), index);
    if (lookup.refused != null) {
      return lookup.refused;
    }
    KeyRecord key = lookup.key;
    KeyRecord revoked = new KeyRecord(key.issuerId(), key.keyId(), key.verifierKey(), KeyState.REVOKED,
        key.activeFrom(), key.retiredAt(), key.overlapUntil(), c.cutoff(), c.at(), c.reason(), key.version() + 1);
    keys.get(c.issuerId()).put(key.keyId(), revoked);
    RevocationRecord revocation = new RevocationRecord(RevocationRecord.Kind.KEY, c.issuerId(), key.keyId(),
        c.cutoff(), c.at(), c.reason(), index);
    revocations.put(revocationKey(revocation), revocation);
    changes.add(Change.of(index, revoked));
    changes.add(Change.of(index, revocation));
    return ok(revoked.version(), index);
  }

  /** The key, or the refusal: unknown issuer or key, stale version, or already revoked. */
  private KeyLookup lookUpKey(String issuerId, String keyId, long expectedVersion, long index) {
    if (!issuers.containsKey(issuerId)) {
      return new KeyLookup(null, refuse(ReasonCode.UNKNOWN_ISSUER, 0, index, "no issuer " + issuerId));
    }
    KeyRecord key = keys.getOrDefault(issuerId, new TreeMap<>()).get(keyId);
    if (key == null) {
      return new KeyLookup(null, refuse(ReasonCode.UNKNOWN_KEY, 0, index, "issuer has no key " + keyId));
    }
    KvResult refused = versionCheck(expectedVersion, key.version(), index, "key");
    if (refused != null) {
      return new KeyLookup(null, refused);
    }
    if (key.state() == KeyState.REVOKED) {
      return new KeyLookup(null, refuse(ReasonCode.KEY_REVOKED, key.version(), index, "key " + keyId + " is revoked"));
    }
    return new KeyLookup(key, null);
  }

  private record KeyLookup(KeyRecord key, KvResult refused) {}

  private KvResult recordDocument(long index, RecordDocument c, List<Change> changes) {
    if (!issuers.containsKey(c.issuerId())) {
      return refuse(ReasonCode.UNKNOWN_ISSUER, 0, index, "no issuer " + c.issuerId());
    }
    KeyRecord key = keys.getOrDefault(c.issuerId(), new TreeMap<>()).get(c.keyId());
    if (key == null) {
      return refuse(ReasonCode.UNKNOWN_KEY, 0, index, "issuer has no key " + c.keyId());
    }
    if (!key.validSignatureAt(c.issuedAt())) {
      return refuse(ReasonCode.KEY_REVOKED, 0, index, "key " + c.keyId() + " is revoked from " + key.cutoff());
    }
    DocumentRecord existing = documents.get(c.documentHash());
    if (existing != null) {
      return refuse(ReasonCode.EXISTS, existing.version(), index, "document exists, " + existing.state().label());
    }
    if (c.expectedVersion() > 0) {
      return refuse(ReasonCode.STALE_VERSION, 0, index, "document does not exist");
    }
    DocumentRecord document = new DocumentRecord(c.documentHash(), c.issuerId(), c.keyId(), c.origin(),
        c.leafIndex(), c.issuedAt(), DocumentState.ISSUED, "", c.issuedAt(), 1);
    documents.put(c.documentHash(), document);
    changes.add(Change.of(index, document));
    return ok(1, index);
  }

  private KvResult markAnchored(long index, MarkAnchored c, List<Change> changes) {
    DocumentRecord document = documents.get(c.documentHash());
    if (document == null) {
      return refuse(ReasonCode.UNKNOWN_DOCUMENT, 0, index, "no document " + c.documentHash().toBase64());
    }
    KvResult refused = versionCheck(c.expectedVersion(), document.version(), index, "document");
    if (refused != null) {
      return refused;
    }
    if (document.state() == DocumentState.REVOKED) {
      return refuse(ReasonCode.DOCUMENT_REVOKED, document.version(), index, "the document is revoked");
    }
    if (!document.origin().isEmpty()
        && (!document.origin().equals(c.origin()) || document.leafIndex() != c.leafIndex())) {
      return refuse(ReasonCode.ISSUER_MISMATCH, document.version(), index,
          "the document is leaf " + document.leafIndex() + " of " + document.origin());
    }
    if (effectiveState(document) == DocumentState.ANCHORED) {
      return refuse(ReasonCode.ILLEGAL_TRANSITION, document.version(), index, "the document is anchored already");
    }
    DocumentRecord anchored = new DocumentRecord(document.documentHash(), document.issuerId(), document.keyId(),
        c.origin(), c.leafIndex(), document.issuedAt(), DocumentState.ANCHORED, "", c.at(), document.version() + 1);
    documents.put(c.documentHash(), anchored);
    changes.add(Change.of(index, anchored));
    return ok(anchored.version(), index);
  }

  private KvResult markAnchorFailed(long index, MarkAnchorFailed c, List<Change> changes) {
    DocumentRecord document = documents.get(c.documentHash());
    if (document == null) {
      return refuse(ReasonCode.UNKNOWN_DOCUMENT, 0, index, "no document " + c.documentHash().toBase64());
    }
    KvResult refused = versionCheck(c.expectedVersion(), document.version(), index, "document");
    if (refused != null) {
      return refused;
    }
    DocumentState state = effectiveState(document);
    if (state == DocumentState.REVOKED) {
      return refuse(ReasonCode.DOCUMENT_REVOKED, document.version(), index, "the document is revoked");
    }
    if (state != DocumentState.ISSUED) {
      return refuse(ReasonCode.ILLEGAL_TRANSITION, document.version(), index,
          "the document is " + state.label() + ", only an issued document fails to anchor");
    }
    DocumentRecord failed = new DocumentRecord(document.documentHash(), document.issuerId(), document.keyId(),
        document.origin(), document.leafIndex(), document.issuedAt(), DocumentState.ANCHOR_FAILED, c.reason(), c.at(),
        document.version() + 1);
    documents.put(c.documentHash(), failed);
    changes.add(Change.of(index, failed));
    return ok(failed.version(), index);
  }

  private KvResult revokeDocument(long index, RevokeDocument c, List<Change> changes) {
    if (!issuers.containsKey(c.issuerId())) {
      return refuse(ReasonCode.UNKNOWN_ISSUER, 0, index, "no issuer " + c.issuerId());
    }
    DocumentRecord document = documents.get(c.documentHash());
    long version = document == null ? 0 : document.version();
    if (document != null && !document.issuerId().equals(c.issuerId())) {
      return refuse(ReasonCode.ISSUER_MISMATCH, version, index, "the document was issued by " + document.issuerId());
    }
    KvResult refused = versionCheck(c.expectedVersion(), version, index, "document");
    if (refused != null) {
      return refused;
    }
    if (document != null && document.state() == DocumentState.REVOKED) {
      return refuse(ReasonCode.DOCUMENT_REVOKED, version, index, "the document is revoked already");
    }
    DocumentRecord revoked = document == null
        ? new DocumentRecord(c.documentHash(), c.issuerId(), "", "", -1, -1, DocumentState.REVOKED, c.reason(), c.at(), 1)
        : new DocumentRecord(document.documentHash(), document.issuerId(), document.keyId(), document.origin(),
            document.leafIndex(), document.issuedAt(), DocumentState.REVOKED, c.reason(), c.at(), version + 1);
    documents.put(c.documentHash(), revoked);
    RevocationRecord revocation = new RevocationRecord(RevocationRecord.Kind.DOCUMENT, c.issuerId(),
        c.documentHash().toBase64(), c.at(), c.at(), c.reason(), index);
    revocations.put(revocationKey(revocation), revocation);
    changes.add(Change.of(index, revoked));
    changes.add(Change.of(index, revocation));
    return ok(revoked.version(), index);
  }

  private KvResult advanceWatermark(long index, AdvanceWatermark c, List<Change> changes) {
    WatermarkRecord current = watermarks.get(c.origin());
    long version = current == null ? 0 : current.version();
    KvResult refused = versionCheck(c.expectedVersion(), version, index, "watermark");
    if (refused != null) {
      return refused;
    }
    if (current != null && c.treeSize() < current.treeSize()) {
      return refuse(ReasonCode.STALE_WATERMARK, version, index,
          "the watermark is at " + current.treeSize() + ", not moving back to " + c.treeSize());
    }
    if (current != null && c.treeSize() == current.treeSize()) {
      return new KvResult(ReasonCode.OK, version, index, "unchanged");
    }
    WatermarkRecord next = new WatermarkRecord(c.origin(), c.treeSize(), c.at(), version + 1);
    watermarks.put(c.origin(), next);
    changes.add(Change.of(index, next));
    return ok(next.version(), index);
  }

  private static KvResult versionCheck(long expected, long current, long index, String what) {
    if (expected == KvCommand.ANY_VERSION || expected == current) {
      return null;
    }
    if (expected == KvCommand.ABSENT) {
      return refuse(ReasonCode.EXISTS, current, index, "the " + what + " exists at version " + current);
    }
    return refuse(ReasonCode.STALE_VERSION, current, index,
        "the " + what + " is at version " + current + ", not " + expected);
  }

  private static KvResult ok(long version, long index) {
    return new KvResult(ReasonCode.OK, version, index, "");
  }

  private static KvResult refuse(ReasonCode reason, long version, long index, String detail) {
    return new KvResult(reason, version, index, detail);
  }

  private static String revocationKey(RevocationRecord r) {
    return r.kind().id() + "\n" + r.issuerId() + "\n" + r.subject();
  }

  // ---- reads

  /** The issuer with its keys. */
  public Optional<IssuerView> issuer(String issuerId) {
    IssuerRecord issuer = issuers.get(issuerId);
    if (issuer == null) {
      return Optional.empty();
    }
    return Optional.of(new IssuerView(issuer, new ArrayList<>(keys.getOrDefault(issuerId, new TreeMap<>()).values())));
  }

  /** Every issuer with its keys, in issuer-id order. */
  public List<IssuerView> issuers() {
    List<IssuerView> all = new ArrayList<>(issuers.size());
    for (String issuerId : issuers.keySet()) {
      all.add(issuer(issuerId).orElseThrow());
    }
    return all;
  }

  /** The document with its effective state (anchored if its log's watermark covers its leaf). */
  public Optional<DocumentRecord> document(Hash documentHash) {
    DocumentRecord document = documents.get(documentHash);
    return document == null ? Optional.empty() : Optional.of(document.withState(effectiveState(document)));
  }

  /** The log's anchored watermark. */
  public Optional<WatermarkRecord> watermark(String origin) {
    return Optional.ofNullable(watermarks.get(origin));
  }

  /** Every revocation: keys first, then documents, each by issuer and subject. */
  public List<RevocationRecord> revocations() {
    return new ArrayList<>(revocations.values());
  }

  /** How many request ids are remembered. */
  public int rememberedRequests() {
    return requests.size();
  }

  private DocumentState effectiveState(DocumentRecord document) {
    if ((document.state() == DocumentState.ISSUED || document.state() == DocumentState.ANCHOR_FAILED)
        && !document.origin().isEmpty()) {
      WatermarkRecord watermark = watermarks.get(document.origin());
      if (watermark != null && watermark.anchors(document.leafIndex())) {
        return DocumentState.ANCHORED;
      }
    }
    return document.state();
  }

  // ---- canonical encoding: the snapshot body and the digest

  /** The canonical encoding of the whole state (docs/design/issuance-kv.md, "Snapshot format"). */
  public byte[] encode() {
    Wire.Writer out = new Wire.Writer();
    out.u32(issuers.size());
    issuers.values().forEach(r -> Codec.write(out, r));
    int keyCount = 0;
    for (TreeMap<String, KeyRecord> issuerKeys : keys.values()) {
      keyCount += issuerKeys.size();
    }
    out.u32(keyCount);
    keys.values().forEach(issuerKeys -> issuerKeys.values().forEach(r -> Codec.write(out, r)));
    out.u32(documents.size());
    documents.values().forEach(r -> Codec.write(out, r));
    out.u32(watermarks.size());
    watermarks.values().forEach(r -> Codec.write(out, r));
    out.u32(revocations.size());
    revocations.values().forEach(r -> Codec.write(out, r));
    out.u32(requests.size());
    for (Map.Entry<String, Remembered> entry : requests.entrySet()) {
      out.string(entry.getKey(), Fields.MAX_REQUEST_ID).raw(entry.getValue().commandDigest().bytes())
          .bytes(Codec.encode(entry.getValue().result()));
    }
    return out.toByteArray();
  }

  /** SHA-256 of {@link #encode()}. */
  public Hash digest() {
    return sha256(encode());
  }

  /**
   * Decodes a state from its canonical encoding, strictly: every record valid, every collection in
   * canonical order without repeats, every key of a known issuer, nothing trailing.
   *
   * @throws MalformedException if the bytes are not a canonical state encoding
   */
  public static IssuanceState decode(byte[] body) throws MalformedException {
    IssuanceState state = new IssuanceState();
    Wire.Reader in = new Wire.Reader(body);
    int count = in.count("issuers", in.remaining());
    for (int i = 0; i < count; i++) {
      IssuerRecord issuer = Codec.readIssuer(in);
      if (!state.issuers.isEmpty() && state.issuers.lastKey().compareTo(issuer.issuerId()) >= 0) {
        throw new MalformedException("issuers out of order");
      }
      state.issuers.put(issuer.issuerId(), issuer);
    }
    count = in.count("keys", in.remaining());
    String previous = null;
    for (int i = 0; i < count; i++) {
      KeyRecord key = Codec.readKey(in);
      String sortKey = key.issuerId() + "\n" + key.keyId();
      if (previous != null && previous.compareTo(sortKey) >= 0) {
        throw new MalformedException("keys out of order");
      }
      previous = sortKey;
      if (!state.issuers.containsKey(key.issuerId())) {
        throw new MalformedException("a key of an unknown issuer");
      }
      state.keys.computeIfAbsent(key.issuerId(), id -> new TreeMap<>()).put(key.keyId(), key);
    }
    count = in.count("documents", in.remaining());
    for (int i = 0; i < count; i++) {
      DocumentRecord document = Codec.readDocument(in);
      if (!state.documents.isEmpty() && state.documents.lastKey().compareTo(document.documentHash()) >= 0) {
        throw new MalformedException("documents out of order");
      }
      state.documents.put(document.documentHash(), document);
    }
    count = in.count("watermarks", in.remaining());
    for (int i = 0; i < count; i++) {
      WatermarkRecord watermark = Codec.readWatermark(in);
      if (!state.watermarks.isEmpty() && state.watermarks.lastKey().compareTo(watermark.origin()) >= 0) {
        throw new MalformedException("watermarks out of order");
      }
      state.watermarks.put(watermark.origin(), watermark);
    }
    count = in.count("revocations", in.remaining());
    for (int i = 0; i < count; i++) {
      RevocationRecord revocation = Codec.readRevocation(in);
      String key = revocationKey(revocation);
      if (!state.revocations.isEmpty() && state.revocations.lastKey().compareTo(key) >= 0) {
        throw new MalformedException("revocations out of order");
      }
      state.revocations.put(key, revocation);
    }
    count = in.count("requests", KvCommand.REMEMBERED_REQUESTS);
    for (int i = 0; i < count; i++) {
      String requestId;
      try {
        requestId = Fields.requestId(in.string("requestId", Fields.MAX_REQUEST_ID));
      } catch (IllegalArgumentException e) {
        throw new MalformedException(e.getMessage());
      }
      Hash digest = Hash.of(in.raw("commandDigest", Hash.SIZE));
      KvResult result = Codec.decodeResult(in.bytes("result", 2 * Codec.MAX_DETAIL_BYTES));
      if (state.requests.put(requestId, new Remembered(digest, result)) != null) {
        throw new MalformedException("a request id remembered twice");
      }
    }
    in.end();
    return state;
  }

  static Hash sha256(byte[] bytes) {
    try {
      return Hash.of(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
