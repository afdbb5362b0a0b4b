package org.civictrust.kv.protocol;

import static org.civictrust.kv.server.internal.Commands.ISSUER;
import static org.civictrust.kv.server.internal.Commands.document;
import static org.civictrust.kv.server.internal.Commands.newKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.ReasonCode;
import org.civictrust.kv.protocol.Wire.MalformedException;
import org.junit.jupiter.api.Test;

/** The command and result encodings: round trips, and strict refusal of everything else. */
class CodecTest {
  static List<KvCommand> everyKind() {
    return List.of(
        new KvCommand.PutIssuer("r1", KvCommand.ABSENT, ISSUER, List.of("diploma", "birth-certificate"), 1000),
        new KvCommand.RotateKey("r2", KvCommand.ANY_VERSION, ISSUER, newKey(ISSUER).verifierKey().format(), 5, 9),
        new KvCommand.RetireKey("r3", 4, ISSUER, "0a1b2c3d", 5, 9),
        new KvCommand.RevokeKey("r4", KvCommand.ANY_VERSION, ISSUER, "0a1b2c3d", 5, 9, "compromisé"),
        new KvCommand.RecordDocument("r5", KvCommand.ABSENT, document(1), ISSUER, "0a1b2c3d", "log.example/0", 3, 7),
        new KvCommand.RecordDocument("r5b", KvCommand.ABSENT, document(2), ISSUER, "0a1b2c3d", "", -1, 7),
        new KvCommand.MarkAnchored("r6", 2, document(1), "log.example/0", 3, 8),
        new KvCommand.MarkAnchorFailed("r7", KvCommand.ANY_VERSION, document(1), "timeout", 9),
        new KvCommand.RevokeDocument("r8", KvCommand.ANY_VERSION, document(1), ISSUER, "", 10),
        new KvCommand.AdvanceWatermark("r9", KvCommand.ANY_VERSION, "log.example/0", 1L << 40, 11));
  }

  @Test
  void everyCommandRoundTrips() throws Exception {
    for (KvCommand command : everyKind()) {
      byte[] bytes = Codec.encode(command);
      assertEquals(command, Codec.decodeCommand(bytes));
      assertArrayEquals(bytes, Codec.encode(Codec.decodeCommand(bytes)));
      assertEquals(command.requestId(), Codec.peekRequestId(bytes));
    }
  }

  @Test
  void everyProperPrefixAndEveryExtensionIsMalformed() {
    for (KvCommand command : everyKind()) {
      byte[] bytes = Codec.encode(command);
      for (int length = 0; length < bytes.length; length++) {
        byte[] prefix = Arrays.copyOf(bytes, length);
        assertThrows(MalformedException.class, () -> Codec.decodeCommand(prefix), command.type() + " cut at " + length);
      }
      assertThrows(MalformedException.class, () -> Codec.decodeCommand(Arrays.copyOf(bytes, bytes.length + 1)));
    }
  }

  @Test
  void refusesUnknownFormatsTypesAndNonCanonicalOrInvalidFields() {
    byte[] good = Codec.encode(new KvCommand.PutIssuer("r", KvCommand.ANY_VERSION, "a", List.of("x", "y"), 1));
    byte[] otherFormat = good.clone();
    otherFormat[0] = 2;
    byte[] unknownType = good.clone();
    unknownType[1] = 42;
    byte[] unsorted = new Wire.Writer().u8(1).u8(1).string("r", 128).i64(-1).string("a", 256).u16(2)
        .string("y", 128).string("x", 128).i64(1).toByteArray();
    byte[] badUtf8 = new Wire.Writer().u8(1).u8(1).u16(1).raw(new byte[] {(byte) 0xC3}).i64(-1).toByteArray();
    byte[] spaceInRequestId = new Wire.Writer().u8(1).u8(1).string("a b", 128).i64(-1).string("a", 256).u16(1)
        .string("x", 128).i64(1).toByteArray();
    byte[] zeroValidity = new Wire.Writer().u8(1).u8(1).string("r", 128).i64(-1).string("a", 256).u16(1)
        .string("x", 128).i64(0).toByteArray();
    byte[] versionBelowAny = new Wire.Writer().u8(1).u8(1).string("r", 128).i64(-2).string("a", 256).u16(1)
        .string("x", 128).i64(1).toByteArray();
    byte[] notAVerifierKey = new Wire.Writer().u8(1).u8(2).string("r", 128).i64(-1).string("a", 256)
        .string("a+00000000+AAAA", 512).i64(0).i64(0).toByteArray();
    byte[] leafWithoutOrigin = new Wire.Writer().u8(1).u8(5).string("r", 128).i64(-1).raw(document(1).bytes())
        .string("a", 256).string("0a1b2c3d", 8).string("", 256).i64(3).i64(0).toByteArray();
    for (byte[] bad : List.of(otherFormat, unknownType, unsorted, badUtf8, spaceInRequestId, zeroValidity,
        versionBelowAny, notAVerifierKey, leafWithoutOrigin, new byte[Codec.MAX_COMMAND_SIZE + 1])) {
      assertThrows(MalformedException.class, () -> Codec.decodeCommand(bad));
    }
  }

  @Test
  void resultsRoundTripAndUnknownReasonsAreMalformed() throws Exception {
    KvResult result = new KvResult(ReasonCode.STALE_WATERMARK, 3, 77, "the watermark is at 9");
    assertEquals(result, Codec.decodeResult(Codec.encode(result)));
    byte[] unknown = Codec.encode(result);
    unknown[2] = 99;
    assertThrows(MalformedException.class, () -> Codec.decodeResult(unknown));
  }

  @Test
  void reasonCodeIdsAreStable() {
    String expected = "OK=0 MALFORMED=1 REQUEST_ID_CONFLICT=2 EXISTS=3 STALE_VERSION=4 UNKNOWN_ISSUER=5 UNKNOWN_KEY=6 "
        + "KEY_NAME_MISMATCH=7 KEY_REVOKED=8 ILLEGAL_TRANSITION=9 UNKNOWN_DOCUMENT=10 DOCUMENT_REVOKED=11 "
        + "ISSUER_MISMATCH=12 STALE_WATERMARK=13";
    StringBuilder actual = new StringBuilder();
    for (ReasonCode code : ReasonCode.values()) {
      actual.append(actual.length() == 0 ? "" : " ").append(code.name()).append('=').append(code.id());
    }
    assertEquals(expected, actual.toString());
  }

  @Test
  void aPutIssuerHasTheDocumentedBytes() {
    byte[] bytes = Codec.encode(new KvCommand.PutIssuer("r", KvCommand.ABSENT, "i", List.of("t"), 2));
    byte[] expected = new byte[] {1, 1, 0, 1, 'r', 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'i', 0, 1, 0, 1, 't',
        0, 0, 0, 0, 0, 0, 0, 2};
    assertArrayEquals(expected, bytes, new String(bytes, StandardCharsets.ISO_8859_1));
  }
}
