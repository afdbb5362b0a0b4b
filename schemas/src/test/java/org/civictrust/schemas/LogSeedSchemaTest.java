package org.civictrust.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of the seed record (civictrust.documents.issued, beside IssuedDocument): the sequencer
 * tells a seed from an issued document by its pinned fingerprint, so a change to the schema must be
 * deliberate. After one, the failure messages print the new values to commit.
 */
class LogSeedSchemaTest {
  static final String LOG_SEED_FINGERPRINT = "7a7bcff2fe9edd10";
  static final String SEED_HEX = "c3017a7bcff2fe9edd10306c6f672e636976696374727573742e6578616d706c652f30060440fffefdfcfbfaf9f8f7f6"
      + "f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e040000102030405060708090a0b0c0d0e0f101112131415161718"
      + "191a1b1c1d1e1f0002c001000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1ffffefdfcfb"
      + "faf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0000102030405060708090a0b0c0d0e0f1011121314"
      + "15161718191a1b1c1d1e1f003e6c6f672e636976696374727573742e6578616d706c652f300a330a2e2e2e0a";

  static LogSeed seed() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      a[i] = (byte) i;
      b[i] = (byte) (0xff - i);
    }
    // A seed of 3 leaves: compact range [0, 2), [2, 3); tile 0/0 of width 3 (a, b, a).
    byte[] tile = ByteBuffer.allocate(96).put(a).put(b).put(a).array();
    return LogSeed.newBuilder().setOrigin("log.civictrust.example/0").setTreeSize(3)
        .setCompactRange(List.of(ByteBuffer.wrap(b), ByteBuffer.wrap(a)))
        .setPartialTiles(List.of(ByteBuffer.wrap(tile)))
        .setCheckpoint(ByteBuffer.wrap("log.civictrust.example/0\n3\n...\n".getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  @Test
  void theLogSeedSchemaFingerprintIsPinned() {
    assertEquals(LOG_SEED_FINGERPRINT, HexFormat.of().formatHex(Samples.codec(LogSeed.class).fingerprint()));
  }

  @Test
  void aFixedSeedHasItsGoldenBytesAndDecodesBackStrictly() throws Exception {
    AvroCodec<LogSeed> codec = Samples.codec(LogSeed.class);
    byte[] encoded = codec.encodeSingleObject(seed());
    assertEquals(SEED_HEX, HexFormat.of().formatHex(encoded));
    assertEquals(seed(), codec.decodeSingleObject(encoded));
    CanonicalDocumentTest.assertFault(RecordException.Fault.WRONG_SCHEMA,
        () -> Samples.codec(IssuedDocument.class).decodeSingleObject(encoded));
  }
}
