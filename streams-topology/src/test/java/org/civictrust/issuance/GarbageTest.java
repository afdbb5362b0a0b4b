package org.civictrust.issuance;

import static org.civictrust.issuance.Fixtures.T0;
import static org.civictrust.issuance.Fixtures.encode;
import static org.civictrust.issuance.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.streams.test.TestRecord;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.Rejection;
import org.civictrust.schemas.RejectionReason;
import org.junit.jupiter.api.Test;

/**
 * Bad input of many shapes: each record yields exactly one rejection with its original bytes, and no
 * exception reaches the stream thread (the driver would rethrow it).
 */
class GarbageTest {
  static final Set<String> DECODING_REASONS = Set.of("MALFORMED", "WRONG_SCHEMA", "OVERSIZE");

  /** Sends each value (keyed by its index) and checks one rejection each, for a decoding reason, bytes preserved. */
  static List<Rejection> assertAllRejected(List<byte[]> values) {
    List<Rejection> rejections = new ArrayList<>();
    try (Harness harness = new Harness()) {
      for (int i = 0; i < values.size(); i++) {
        harness.send(Integer.toString(i).getBytes(StandardCharsets.UTF_8), values.get(i), T0 + i);
      }
      assertEquals(0, harness.issuedRecords().size());
      List<TestRecord<byte[], byte[]>> records = harness.rejectedRecords();
      assertEquals(values.size(), records.size(), "one rejection per record");
      for (int i = 0; i < values.size(); i++) {
        Rejection rejection = Harness.rejection(records.get(i).value());
        assertTrue(DECODING_REASONS.contains(rejection.getReason()), rejection.getReason());
        assertArrayEquals(values.get(i), rejection.getOriginalValue() == null ? null : Documents.bytes(rejection.getOriginalValue()));
        assertEquals(i, rejection.getSourceOffset());
        assertEquals(T0 + i, rejection.getRejectedAt());
        rejections.add(rejection);
      }
    }
    return rejections;
  }

  static String reason(byte[] value) {
    return assertAllRejected(List.of(value)).get(0).getReason();
  }

  @Test
  void randomBytesOfManyLengthsAreMalformed() {
    Random random = new Random(20261121);
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] value = new byte[random.nextInt(i < 200 ? 64 : 4096)];
      random.nextBytes(value);
      values.add(value);
    }
    assertAllRejected(values);
  }

  @Test
  void randomBodiesBehindThePinnedFingerprintAreRejected() {
    Random random = new Random(7);
    byte[] header = Arrays.copyOf(encode(request("req-1")), 10);
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] value = Arrays.copyOf(header, 10 + random.nextInt(256));
      for (int j = 10; j < value.length; j++) {
        value[j] = (byte) random.nextInt();
      }
      values.add(value);
    }
    assertAllRejected(values);
  }

  @Test
  void anEmptyValueIsMalformed() {
    assertEquals("MALFORMED", reason(new byte[0]));
  }

  @Test
  void aNullValueIsMalformedAndKeepsItsKey() {
    try (Harness harness = new Harness()) {
      harness.send("tombstone".getBytes(StandardCharsets.UTF_8), null, T0);
      Rejection rejection = harness.onlyRejection();
      assertEquals("MALFORMED", rejection.getReason());
      assertNull(rejection.getOriginalValue());
      assertArrayEquals("tombstone".getBytes(StandardCharsets.UTF_8), Documents.bytes(rejection.getOriginalKey()));
    }
  }

  @Test
  void aNullKeyAndANullValueAreStillOneRejection() {
    try (Harness harness = new Harness()) {
      harness.send(null, null, T0);
      List<TestRecord<byte[], byte[]>> records = harness.rejectedRecords();
      assertEquals(1, records.size());
      assertNull(records.get(0).key());
      Rejection rejection = Harness.rejection(records.get(0).value());
      assertNull(rejection.getOriginalKey());
      assertNull(rejection.getOriginalValue());
    }
  }

  @Test
  void everyTruncationOfAValidRecordIsMalformed() {
    byte[] valid = encode(request("req-1"));
    List<byte[]> values = new ArrayList<>();
    for (int length = 0; length < valid.length; length++) {
      values.add(Arrays.copyOf(valid, length));
    }
    for (Rejection rejection : assertAllRejected(values)) {
      assertEquals("MALFORMED", rejection.getReason());
    }
  }

  @Test
  void trailingBytesAreMalformed() {
    byte[] valid = encode(request("req-1"));
    assertEquals("MALFORMED", reason(Arrays.copyOf(valid, valid.length + 1)));
  }

  @Test
  void aValidRecordWithAnotherSchemasFingerprintIsWrongSchema() {
    byte[] value = encode(request("req-1"));
    System.arraycopy(Documents.DOCUMENT.fingerprint(), 0, value, 2, 8);
    assertEquals("WRONG_SCHEMA", reason(value));
    value[9] ^= 1;
    assertEquals("WRONG_SCHEMA", reason(value));
  }

  @Test
  void bytesWithoutTheSingleObjectMagicAreMalformed() {
    byte[] value = encode(request("req-1"));
    value[1] = 0x02;
    assertEquals("MALFORMED", reason(value));
    assertEquals("MALFORMED", reason(Arrays.copyOfRange(value, 10, value.length)), "bare Avro binary");
  }

  @Test
  void everySingleBitFlipOfAValidRecordYieldsExactlyOneOutput() {
    byte[] valid = encode(request("req-1"));
    int n = valid.length * 8;
    try (Harness harness = new Harness()) {
      for (int bit = 0; bit < n; bit++) {
        byte[] flipped = valid.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        harness.send(null, flipped, T0);
      }
      int issued = harness.issuedRecords().size();
      List<TestRecord<byte[], byte[]>> rejected = harness.rejectedRecords();
      assertEquals(n, issued + rejected.size());
      for (TestRecord<byte[], byte[]> record : rejected) {
        assertTrue(Set.of(RejectionReason.values()).stream().anyMatch(
            r -> r.name().equals(Harness.rejection(record.value()).getReason())));
      }
    }
  }

  @Test
  void aLengthLargerThanTheRecordIsMalformedWithoutAllocatingIt() {
    assertEquals("MALFORMED", reason(AvroBytes.framed().varint(Integer.MAX_VALUE).toByteArray()));
    assertEquals("MALFORMED", reason(AvroBytes.framed().varint(Long.MAX_VALUE).toByteArray()));
    assertEquals("MALFORMED", reason(AvroBytes.framed().varint(-5).toByteArray()));
    IssuanceRequest request = request("req-1").build();
    assertEquals("MALFORMED", reason(AvroBytes.framed().head(request).varint(Integer.MAX_VALUE).toByteArray()),
        "a claim count of 2^31 - 1");
  }

  @Test
  void theHandWrittenEncodingMatchesAvrosSoTheNonCanonicalCasesBelowDifferOnlyAsIntended() {
    IssuanceRequest request = request("req-1").build();
    assertArrayEquals(encode(request("req-1")), AvroBytes.framed().canonical(request).toByteArray());
  }

  @Test
  void invalidUtf8IsMalformedNotSilentlyReplaced() {
    IssuanceRequest request = request("req-1").setSubject("\u00e9").build();
    byte[] value = AvroBytes.framed().canonical(request).toByteArray();
    int at = indexOf(value, new byte[] {(byte) 0xC3, (byte) 0xA9});
    value[at + 1] = 0x28;
    assertEquals("MALFORMED", reason(value), "C3 28 is not UTF-8");
  }

  @Test
  void anOverlongVarintIsMalformed() {
    IssuanceRequest request = request("req-1").build();
    byte[] value = AvroBytes.framed().head(request).varint(request.getClaims().size())
        .claim(request.getClaims().get(0)).claim(request.getClaims().get(1)).claim(request.getClaims().get(2))
        .varint(0).varint(request.getExpiresAt()).raw(0x80 | 2, 0x00).toByteArray();
    assertEquals("MALFORMED", reason(value), "requestedAt 1 written in two bytes");
  }

  @Test
  void claimsSplitIntoSeveralBlocksAreMalformed() {
    IssuanceRequest request = request("req-1").build();
    List<Claim> claims = request.getClaims();
    byte[] twoBlocks = AvroBytes.framed().head(request).varint(1).claim(claims.get(0))
        .varint(2).claim(claims.get(1)).claim(claims.get(2)).varint(0)
        .varint(request.getExpiresAt()).varint(request.getRequestedAt()).toByteArray();
    assertEquals("MALFORMED", reason(twoBlocks));
  }

  @Test
  void aMegabyteOfZerosIsRejectedWithItsBytes() {
    byte[] zeros = new byte[1 << 20];
    assertEquals("MALFORMED", reason(zeros));
    byte[] framed = Arrays.copyOf(encode(request("req-1")), 1 << 20);
    assertEquals("OVERSIZE", reason(framed));
  }

  /** The only index of {@code sequence} in {@code bytes}. */
  private static int indexOf(byte[] bytes, byte[] sequence) {
    int found = -1;
    for (int i = 0; i + sequence.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + sequence.length, sequence, 0, sequence.length)) {
        assertEquals(-1, found, "the sequence occurs once");
        found = i;
      }
    }
    assertTrue(found >= 0, "the sequence occurs");
    return found;
  }
}
