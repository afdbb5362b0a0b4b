package org.civictrust.kv.server.internal;

import static org.civictrust.kv.server.internal.Commands.DAY;
import static org.civictrust.kv.server.internal.Commands.ISSUER;
import static org.civictrust.kv.server.internal.Commands.document;
import static org.civictrust.kv.server.internal.Commands.keyId;
import static org.civictrust.kv.server.internal.Commands.newKey;
import static org.civictrust.kv.server.internal.Commands.putIssuer;
import static org.civictrust.kv.server.internal.Commands.rotate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.civictrust.kv.Change;
import org.civictrust.kv.DocumentState;
import org.civictrust.kv.KeyRecord;
import org.civictrust.kv.KeyState;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.ReasonCode;
import org.civictrust.kv.RevocationRecord;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.SignerKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.civictrust.kv.protocol.Codec;
import org.civictrust.kv.protocol.Wire;

/** The apply logic without Raft: rules, reason codes, idempotency, determinism. */
class IssuanceStateTest {
  private IssuanceState state;
  private long index;

  @BeforeEach
  void emptyState() {
    state = new IssuanceState();
    index = 0;
  }

  private KvResult apply(KvCommand command) {
    return applyBytes(Codec.encode(command)).result();
  }

  private IssuanceState.Applied applyBytes(byte[] bytes) {
    return state.apply(++index, bytes);
  }

  /** Applies {@code command}, asserts its reason, and asserts that a refusal changed no record. */
  private KvResult expect(ReasonCode reason, KvCommand command) {
    byte[] before = state.encode();
    IssuanceState.Applied applied = applyBytes(Codec.encode(command));
    assertEquals(reason, applied.result().reason(), applied.result().detail());
    if (reason != ReasonCode.OK) {
      assertTrue(applied.changes().isEmpty());
      assertRecordsEqual(before, state.encode());
    }
    return applied.result();
  }

  /** The encodings agree except for the request-id table at the end, which gained one entry. */
  private static void assertRecordsEqual(byte[] before, byte[] after) {
    assertArrayEquals(Arrays.copyOf(before, recordsLength(before)), Arrays.copyOf(after, recordsLength(after)));
    assertTrue(after.length > before.length, "the refusal is remembered under its request id");
  }

  /** The length of the record sections of a state encoding (everything before the request table). */
  private static int recordsLength(byte[] encoding) {
    try {
      Wire.Reader in = new Wire.Reader(encoding);
      int count = in.count("issuers", in.remaining());
      for (int i = 0; i < count; i++) {
        Codec.readIssuer(in);
      }
      count = in.count("keys", in.remaining());
      for (int i = 0; i < count; i++) {
        Codec.readKey(in);
      }
      count = in.count("documents", in.remaining());
      for (int i = 0; i < count; i++) {
        Codec.readDocument(in);
      }
      count = in.count("watermarks", in.remaining());
      for (int i = 0; i < count; i++) {
        Codec.readWatermark(in);
      }
      count = in.count("revocations", in.remaining());
      for (int i = 0; i < count; i++) {
        Codec.readRevocation(in);
      }
      return in.position();
    } catch (Wire.MalformedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void createsAnIssuerAndVersionsEveryWrite() {
    assertEquals(1, expect(ReasonCode.OK, putIssuer("a", KvCommand.ABSENT)).version());
    assertEquals(2, expect(ReasonCode.OK, putIssuer("b", KvCommand.ANY_VERSION)).version());
    assertEquals(3, expect(ReasonCode.OK, putIssuer("c", 2)).version());
    assertEquals(3, state.issuer(ISSUER).orElseThrow().issuer().version());
  }

  @Test
  void compareAndSetRefusesAStaleVersionAndAnExistingRecord() {
    expect(ReasonCode.OK, putIssuer("a", KvCommand.ABSENT));
    expect(ReasonCode.OK, putIssuer("b", 1));
    KvResult stale = expect(ReasonCode.STALE_VERSION, putIssuer("c", 1));
    assertEquals(2, stale.version(), "a refusal reports the current version");
    expect(ReasonCode.EXISTS, putIssuer("d", KvCommand.ABSENT));
    assertEquals(2, state.issuer(ISSUER).orElseThrow().issuer().version());
  }

  @Test
  void aRetriedCommandReturnsTheOriginalResultAndAppliesNothing() {
    KvResult first = expect(ReasonCode.OK, putIssuer("same", KvCommand.ANY_VERSION));
    byte[] before = state.encode();
    IssuanceState.Applied retry = applyBytes(Codec.encode(putIssuer("same", KvCommand.ANY_VERSION)));
    assertEquals(first, retry.result(), "same result, logIndex of the first application included");
    assertTrue(retry.changes().isEmpty());
    assertArrayEquals(before, state.encode());
    assertEquals(1, state.issuer(ISSUER).orElseThrow().issuer().version());
  }

  @Test
  void aRetryOfARefusedCommandRepeatsTheRefusalEvenOnceItWouldPass() {
    KvResult refused = expect(ReasonCode.STALE_VERSION, putIssuer("cas", 1));
    expect(ReasonCode.OK, putIssuer("create", KvCommand.ABSENT));
    assertEquals(refused, apply(putIssuer("cas", 1)));
  }

  @Test
  void anotherCommandUnderAUsedRequestIdIsAConflictAndChangesNothing() {
    expect(ReasonCode.OK, putIssuer("id-1", KvCommand.ANY_VERSION));
    byte[] before = state.encode();
    KvResult conflict = apply(new KvCommand.PutIssuer("id-1", KvCommand.ANY_VERSION, ISSUER, List.of("permit"), DAY));
    assertEquals(ReasonCode.REQUEST_ID_CONFLICT, conflict.reason());
    assertArrayEquals(before, state.encode(), "not even remembered: the first outcome stays");
  }

  @Test
  void malformedBytesAreRefusedAndChangeNothing() {
    byte[] good = Codec.encode(putIssuer("x", KvCommand.ANY_VERSION));
    byte[] before = state.encode();
    for (byte[] bad : List.of(new byte[0], new byte[] {1}, Arrays.copyOf(good, good.length - 1),
        Arrays.copyOf(good, good.length + 1), new byte[] {2, 1, 0, 1, 'x'})) {
      IssuanceState.Applied applied = applyBytes(bad);
      assertEquals(ReasonCode.MALFORMED, applied.result().reason());
      assertTrue(applied.changes().isEmpty());
    }
    assertArrayEquals(before, state.encode());
  }

  @Test
  void rotatingAddsAnActiveKeyAndRetiresTheActiveOnesWithTheOverlapWindow() {
    expect(ReasonCode.OK, putIssuer("i", KvCommand.ABSENT));
    SignerKey first = newKey(ISSUER);
    SignerKey second = newKey(ISSUER);
    expect(ReasonCode.OK, rotate("k1", first, 1000, 1000));
    IssuanceState.Applied rotation = applyBytes(Codec.encode(rotate("k2", second, 5000, 5000 + DAY)));
    assertEquals(ReasonCode.OK, rotation.result().reason());
    assertEquals(2, rotation.changes().size(), "the retired key and the new one");
    KeyRecord old = state.issuer(ISSUER).orElseThrow().key(keyId(first)).orElseThrow();
    assertEquals(KeyState.RETIRING, old.state());
    assertEquals(5000 + DAY, old.overlapUntil());
    assertTrue(old.acceptsRequestAt(5000 + DAY - 1));
    assertFalse(old.acceptsRequestAt(5000 + DAY));
    assertEquals(2, old.version());
    assertEquals(keyId(second), state.issuer(ISSUER).orElseThrow().defaultKey().orElseThrow().keyId());
  }

  @Test
  void aKeyMustBeAnEd25519KeyNamedAfterItsIssuer() {
    expect(ReasonCode.OK, putIssuer("i", KvCommand.ABSENT));
    expect(ReasonCode.KEY_NAME_MISMATCH, new KvCommand.RotateKey("k", KvCommand.ANY_VERSION, ISSUER,
        newKey("someone.else/issuer").verifierKey().format(), 0, 0));
    expect(ReasonCode.UNKNOWN_ISSUER, rotate("k2", newKey("unknown.example/issuer"), 0, 0));
  }

  @Test
  void revokingAKeyRecordsARevocationAndARevokedKeyIsNeverRevived() {
    expect(ReasonCode.OK, putIssuer("i", KvCommand.ABSENT));
    SignerKey key = newKey(ISSUER);
    expect(ReasonCode.OK, rotate("k1", key, 0, 0));
    IssuanceState.Applied revoked = applyBytes(Codec.encode(
        new KvCommand.RevokeKey("r1", KvCommand.ANY_VERSION, ISSUER, keyId(key), 7000, 9000, "compromised")));
    assertEquals(ReasonCode.OK, revoked.result().reason());
    RevocationRecord revocation = state.revocations().get(0);
    assertEquals(RevocationRecord.Kind.KEY, revocation.kind());
    assertEquals(7000, revocation.cutoff());
    assertEquals(revoked.result().logIndex(), revocation.index());
    assertTrue(revoked.changes().stream().anyMatch(c -> c.revocation().isPresent()));

    expect(ReasonCode.KEY_REVOKED, rotate("revive", key, 10_000, 10_000));
    expect(ReasonCode.KEY_REVOKED,
        new KvCommand.RevokeKey("r2", KvCommand.ANY_VERSION, ISSUER, keyId(key), 1, 1, "again"));
    expect(ReasonCode.KEY_REVOKED, new KvCommand.RetireKey("t", KvCommand.ANY_VERSION, ISSUER, keyId(key), 1, 1));
    KeyRecord record = state.issuer(ISSUER).orElseThrow().key(keyId(key)).orElseThrow();
    assertTrue(record.validSignatureAt(6999));
    assertFalse(record.validSignatureAt(7000));
  }

  @Test
  void retiringAKeyThatIsNotActiveIsAnIllegalTransition() {
    expect(ReasonCode.OK, putIssuer("i", KvCommand.ABSENT));
    SignerKey key = newKey(ISSUER);
    expect(ReasonCode.OK, rotate("k1", key, 0, 0));
    expect(ReasonCode.OK, new KvCommand.RetireKey("t1", KvCommand.ANY_VERSION, ISSUER, keyId(key), 10, 20));
    expect(ReasonCode.ILLEGAL_TRANSITION, new KvCommand.RetireKey("t2", KvCommand.ANY_VERSION, ISSUER, keyId(key), 30, 40));
    expect(ReasonCode.UNKNOWN_KEY, new KvCommand.RetireKey("t3", KvCommand.ANY_VERSION, ISSUER, "0000abcd", 30, 40));
    expect(ReasonCode.STALE_VERSION, new KvCommand.RetireKey("t4", 1, ISSUER, keyId(key), 30, 40));
  }

  @Test
  void documentsMoveFromIssuedToAnchoredAndNotBack() {
    SignerKey key = issuerWithKey();
    Hash doc = document(1);
    expect(ReasonCode.OK, recordDocument("d", doc, key, "log.example/0", 4));
    expect(ReasonCode.EXISTS, recordDocument("d2", doc, key, "log.example/0", 4));
    assertEquals(DocumentState.ISSUED, state.document(doc).orElseThrow().state());
    expect(ReasonCode.ISSUER_MISMATCH, new KvCommand.MarkAnchored("a0", KvCommand.ANY_VERSION, doc, "log.example/0", 5, 9));
    expect(ReasonCode.OK, new KvCommand.MarkAnchored("a1", KvCommand.ANY_VERSION, doc, "log.example/0", 4, 9));
    assertEquals(DocumentState.ANCHORED, state.document(doc).orElseThrow().state());
    expect(ReasonCode.ILLEGAL_TRANSITION, new KvCommand.MarkAnchored("a2", KvCommand.ANY_VERSION, doc, "log.example/0", 4, 9));
    expect(ReasonCode.ILLEGAL_TRANSITION, new KvCommand.MarkAnchorFailed("f", KvCommand.ANY_VERSION, doc, "late", 9));
  }

  @Test
  void anchoringOrFailingAnUnknownDocumentIsRefused() {
    issuerWithKey();
    expect(ReasonCode.UNKNOWN_DOCUMENT, new KvCommand.MarkAnchored("a", KvCommand.ANY_VERSION, document(9), "log", 0, 1));
    expect(ReasonCode.UNKNOWN_DOCUMENT, new KvCommand.MarkAnchorFailed("f", KvCommand.ANY_VERSION, document(9), "x", 1));
  }

  @Test
  void recordingADocumentNeedsAKnownIssuerAndKeyNotRevokedAtItsIssueTime() {
    SignerKey key = issuerWithKey();
    SignerKey stranger = newKey("unknown.example/i");
    expect(ReasonCode.UNKNOWN_ISSUER, new KvCommand.RecordDocument("u", KvCommand.ANY_VERSION, document(1),
        stranger.name(), keyId(stranger), "", -1, 5));
    expect(ReasonCode.UNKNOWN_KEY, new KvCommand.RecordDocument("k", KvCommand.ANY_VERSION, document(1), ISSUER,
        "0badc0de", "", -1, 5));
    expect(ReasonCode.OK, new KvCommand.RevokeKey("r", KvCommand.ANY_VERSION, ISSUER, keyId(key), 100, 200, ""));
    expect(ReasonCode.OK, new KvCommand.RecordDocument("before", KvCommand.ANY_VERSION, document(2), ISSUER,
        keyId(key), "", -1, 99));
    expect(ReasonCode.KEY_REVOKED, new KvCommand.RecordDocument("after", KvCommand.ANY_VERSION, document(3), ISSUER,
        keyId(key), "", -1, 100));
  }

  @Test
  void oneWatermarkWriteAnchorsEveryLeafBelowIt() {
    SignerKey key = issuerWithKey();
    for (int leaf = 0; leaf < 10; leaf++) {
      expect(ReasonCode.OK, recordDocument("d" + leaf, document(leaf), key, "log.example/0", leaf));
    }
    expect(ReasonCode.OK, new KvCommand.MarkAnchorFailed("f7", KvCommand.ANY_VERSION, document(7), "timeout", 50));
    IssuanceState.Applied advanced = applyBytes(Codec.encode(
        new KvCommand.AdvanceWatermark("w", KvCommand.ANY_VERSION, "log.example/0", 6, 60)));
    assertEquals(1, advanced.changes().size(), "one record written for six leaves");
    for (int leaf = 0; leaf < 10; leaf++) {
      DocumentState expected = leaf < 6 ? DocumentState.ANCHORED : leaf == 7 ? DocumentState.ANCHOR_FAILED
          : DocumentState.ISSUED;
      assertEquals(expected, state.document(document(leaf)).orElseThrow().state(), "leaf " + leaf);
    }
    expect(ReasonCode.OK, new KvCommand.AdvanceWatermark("w8", KvCommand.ANY_VERSION, "log.example/0", 8, 70));
    assertEquals(DocumentState.ANCHORED, state.document(document(7)).orElseThrow().state(),
        "a later checkpoint anchors a document that failed to anchor");
    KvResult same = expect(ReasonCode.OK, new KvCommand.AdvanceWatermark("w8b", KvCommand.ANY_VERSION, "log.example/0", 8, 80));
    assertEquals(2, same.version(), "the same size again writes nothing");
    expect(ReasonCode.STALE_WATERMARK, new KvCommand.AdvanceWatermark("w3", KvCommand.ANY_VERSION, "log.example/0", 3, 90));
    assertEquals(8, state.watermark("log.example/0").orElseThrow().treeSize());
  }

  @Test
  void revokingADocumentWorksUnrecordedAndIsFinal() {
    SignerKey key = issuerWithKey();
    expect(ReasonCode.OK, new KvCommand.RevokeDocument("r", KvCommand.ANY_VERSION, document(1), ISSUER, "fraud", 10));
    assertEquals(DocumentState.REVOKED, state.document(document(1)).orElseThrow().state());
    expect(ReasonCode.DOCUMENT_REVOKED,
        new KvCommand.RevokeDocument("r2", KvCommand.ANY_VERSION, document(1), ISSUER, "again", 11));
    expect(ReasonCode.EXISTS, recordDocument("rec", document(1), key, "log", 0));
    expect(ReasonCode.UNKNOWN_ISSUER,
        new KvCommand.RevokeDocument("r3", KvCommand.ANY_VERSION, document(2), "nobody.example/x", "x", 12));
    expect(ReasonCode.OK, recordDocument("rec2", document(3), key, "log", 1));
    expect(ReasonCode.OK, new KvCommand.RevokeDocument("r4", KvCommand.ANY_VERSION, document(3), ISSUER, "", 13));
    expect(ReasonCode.DOCUMENT_REVOKED, new KvCommand.MarkAnchored("a", KvCommand.ANY_VERSION, document(3), "log", 1, 14));
    assertEquals(2, state.revocations().size());
  }

  @Test
  void theSameCommandsGiveTheSameStateAndTheEncodingRoundTrips() throws Exception {
    List<byte[]> commands = new java.util.ArrayList<>();
    SignerKey first = newKey(ISSUER);
    SignerKey second = newKey(ISSUER);
    commands.add(Codec.encode(putIssuer("1", KvCommand.ABSENT)));
    commands.add(Codec.encode(rotate("2", first, 1, 1)));
    commands.add(Codec.encode(rotate("3", second, 2, 100)));
    commands.add(Codec.encode(new KvCommand.RecordDocument("4", KvCommand.ABSENT, document(1), ISSUER, keyId(second),
        "log", 0, 5)));
    commands.add(Codec.encode(new KvCommand.AdvanceWatermark("5", KvCommand.ANY_VERSION, "log", 1, 6)));
    commands.add(Codec.encode(new KvCommand.RevokeKey("6", KvCommand.ANY_VERSION, ISSUER, keyId(first), 1, 7, "old")));
    commands.add(Codec.encode(putIssuer("7", 5)));
    commands.add(new byte[] {9, 9});
    IssuanceState one = new IssuanceState();
    IssuanceState two = new IssuanceState();
    for (int i = 0; i < commands.size(); i++) {
      one.apply(i + 1, commands.get(i));
      two.apply(i + 1, commands.get(i).clone());
    }
    assertArrayEquals(one.encode(), two.encode());
    assertEquals(one.digest(), two.digest());
    IssuanceState decoded = IssuanceState.decode(one.encode());
    assertArrayEquals(one.encode(), decoded.encode());
    assertEquals(one.issuers(), decoded.issuers());
    assertEquals(7, decoded.rememberedRequests());
    // The decoded state remembers the request ids: a retry still returns the original result.
    KvResult original = one.apply(20, commands.get(6)).result();
    assertEquals(original, decoded.apply(21, commands.get(6)).result());
  }

  @Test
  void theRequestTableForgetsTheOldestIdsFirst() {
    expect(ReasonCode.OK, putIssuer("first", KvCommand.ABSENT));
    for (int i = 0; i < KvCommand.REMEMBERED_REQUESTS; i++) {
      state.apply(++index, Codec.encode(new KvCommand.AdvanceWatermark("w" + i, KvCommand.ANY_VERSION, "log", i, 0)));
    }
    assertEquals(KvCommand.REMEMBERED_REQUESTS, state.rememberedRequests());
    KvResult again = apply(putIssuer("first", KvCommand.ABSENT));
    assertEquals(ReasonCode.EXISTS, again.reason(), "forgotten: applied as a new command");
    KvResult recent = apply(new KvCommand.AdvanceWatermark("w" + (KvCommand.REMEMBERED_REQUESTS - 1),
        KvCommand.ANY_VERSION, "log", KvCommand.REMEMBERED_REQUESTS - 1, 0));
    assertEquals(ReasonCode.OK, recent.reason());
    assertTrue(recent.logIndex() < index, "still remembered: the original result");
  }

  @Test
  void changesCarryTheCommandsIndexAndNewRecords() {
    IssuanceState.Applied applied = applyBytes(Codec.encode(putIssuer("c", KvCommand.ABSENT)));
    Change change = applied.changes().get(0);
    assertEquals(applied.result().logIndex(), change.index());
    assertEquals(state.issuer(ISSUER).orElseThrow().issuer(), change.issuer().orElseThrow());
  }

  private SignerKey issuerWithKey() {
    expect(ReasonCode.OK, putIssuer("issuer", KvCommand.ABSENT));
    SignerKey key = newKey(ISSUER);
    expect(ReasonCode.OK, rotate("key", key, 0, 0));
    return key;
  }

  private static KvCommand.RecordDocument recordDocument(String requestId, Hash hash, SignerKey key, String origin,
      long leaf) {
    return new KvCommand.RecordDocument(requestId, KvCommand.ANY_VERSION, hash, ISSUER, keyId(key), origin, leaf, 1);
  }
}
