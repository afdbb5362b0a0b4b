package org.civictrust.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden canonical bytes: if a schema or the canonical rules change by accident, these fail. After a
 * deliberate change, the failure messages print the new values to commit.
 */
class CanonicalDocumentTest {
  static final String BIRTH_CERTIFICATE_HEX = "10c4b53c6ab4193bc22000112233445566778899aabbccddeeff2262697274682d6365727469666963617465"
      + "3a72656769737472792e6578616d706c652f636976696c2d73746174757310306131623263336480f8b2e5bd6880e0"
      + "9ecce5ee0116416461204578616d706c65061262697274684461746514323032362d31312d3231146269727468506c"
      + "6163650c47656e6576610e706172656e7473364772616365204578616d706c653b20416c616e204578616d706c6500";
  static final String BIRTH_CERTIFICATE_SHA256 = "bb02cc3cbb461041caee79f79c465fe7bdd2628de9312d8ee74912a5bf4963b3";
  static final String ENTRY_HEX = "40bb02cc3cbb461041caee79f79c465fe7bdd2628de9312d8ee74912a5bf4963b33a72656769737472792e6578616d"
      + "706c652f636976696c2d7374617475731030613162326333648001000102030405060708090a0b0c0d0e0f101112"
      + "131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f80"
      + "f8b2e5bd682262697274682d6365727469666963617465";
  static final String DOCUMENT_FINGERPRINT = "c4b53c6ab4193bc2";

  static Document birthCertificate() {
    return Document.newBuilder()
        .setSchemaFingerprint(ByteBuffer.wrap(Documents.DOCUMENT.fingerprint()))
        .setDocumentId(ByteBuffer.wrap(HexFormat.of().parseHex("00112233445566778899aabbccddeeff")))
        .setType("birth-certificate")
        .setIssuerId("registry.example/civil-status")
        .setIssuerKeyId("0a1b2c3d")
        .setIssuedAt(1_795_000_000_000L)
        .setExpiresAt(4_102_444_800_000L)
        .setSubject("Ada Example")
        .setClaims(List.of(new Claim("birthDate", "2026-11-21"), new Claim("birthPlace", "Geneva"),
            new Claim("parents", "Grace Example; Alan Example")))
        .build();
  }

  static IssuedEntry entryFor(byte[] canonicalDocument) {
    byte[] signature = new byte[64];
    for (int i = 0; i < 64; i++) {
      signature[i] = (byte) i;
    }
    return IssuedEntry.newBuilder()
        .setDocumentHash(ByteBuffer.wrap(Documents.sha256(canonicalDocument)))
        .setIssuerId("registry.example/civil-status")
        .setIssuerKeyId("0a1b2c3d")
        .setIssuerSignature(ByteBuffer.wrap(signature))
        .setIssuedAt(1_795_000_000_000L)
        .setDocumentType("birth-certificate")
        .build();
  }

  @Test
  void theDocumentSchemaFingerprintIsPinned() {
    assertEquals(DOCUMENT_FINGERPRINT, HexFormat.of().formatHex(Documents.DOCUMENT.fingerprint()));
  }

  @Test
  void aFixedDocumentHasItsGoldenCanonicalBytesAndHash() throws Exception {
    byte[] canonical = Documents.canonicalBytes(birthCertificate());
    assertEquals(BIRTH_CERTIFICATE_HEX, HexFormat.of().formatHex(canonical));
    assertEquals(BIRTH_CERTIFICATE_SHA256, HexFormat.of().formatHex(Documents.sha256(canonical)));
    assertEquals(birthCertificate(), Documents.parseDocument(canonical));
  }

  @Test
  void aFixedEntryHasItsGoldenCanonicalBytes() throws Exception {
    byte[] entry = Documents.canonicalBytes(entryFor(Documents.canonicalBytes(birthCertificate())));
    assertEquals(ENTRY_HEX, HexFormat.of().formatHex(entry));
    assertEquals(entryFor(Documents.canonicalBytes(birthCertificate())), Documents.parseEntry(entry));
  }

  @Test
  void unsortedClaimsAreNotCanonical() {
    Document unsorted = Document.newBuilder(birthCertificate())
        .setClaims(List.of(new Claim("parents", "x"), new Claim("birthDate", "y"))).build();
    assertFault(RecordException.Fault.NOT_CANONICAL, () -> Documents.canonicalBytes(unsorted));
  }

  @Test
  void duplicateClaimNamesAreRefusedWhenSorting() {
    assertFault(RecordException.Fault.MALFORMED,
        () -> Documents.sortedClaims(List.of(new Claim("a", "1"), new Claim("a", "2"))));
  }

  @Test
  void aDocumentMustExpireAfterItIsIssuedAndCarryA16ByteId() {
    Document expired = Document.newBuilder(birthCertificate()).setExpiresAt(birthCertificate().getIssuedAt()).build();
    assertFault(RecordException.Fault.MALFORMED, () -> Documents.canonicalBytes(expired));
    Document shortId = Document.newBuilder(birthCertificate()).setDocumentId(ByteBuffer.wrap(new byte[15])).build();
    assertFault(RecordException.Fault.MALFORMED, () -> Documents.canonicalBytes(shortId));
  }

  @Test
  void aDocumentNamingAnotherSchemaIsRefused() {
    Document other = Document.newBuilder(birthCertificate()).setSchemaFingerprint(ByteBuffer.wrap(new byte[8])).build();
    assertFault(RecordException.Fault.WRONG_SCHEMA, () -> Documents.canonicalBytes(other));
  }

  @Test
  void trailingTruncatedAndOversizeBytesAreRefused() throws Exception {
    byte[] canonical = Documents.canonicalBytes(birthCertificate());
    byte[] trailing = java.util.Arrays.copyOf(canonical, canonical.length + 1);
    assertFault(RecordException.Fault.MALFORMED, () -> Documents.parseDocument(trailing));
    for (int cut = 0; cut < canonical.length; cut++) {
      byte[] truncated = java.util.Arrays.copyOf(canonical, cut);
      assertThrows(RecordException.class, () -> Documents.parseDocument(truncated), "cut at " + cut);
    }
    assertFault(RecordException.Fault.OVERSIZE, () -> Documents.parseDocument(new byte[Documents.MAX_DOCUMENT_SIZE + 1]));
  }

  @Test
  void hugeClaimedLengthsFailWithoutAllocating() {
    // Field 1, bytes: a zig-zag varint length of about 2^31, then nothing.
    byte[] hugeBytes = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
    assertFault(RecordException.Fault.MALFORMED, () -> Documents.parseDocument(hugeBytes));
    // A claims array claiming about 2^31 items after otherwise empty fields.
    byte[] hugeArray = {0, 0, 0, 0, 0, 2, 4, 0, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
    assertFault(RecordException.Fault.MALFORMED, () -> Documents.DOCUMENT.decode(hugeArray));
    // A million claims claimed by a 13-byte record: refused by the bound, before any allocation.
    byte[] millionItems = {0, 0, 0, 0, 0, 2, 4, 0, (byte) 0x80, (byte) 0x89, 0x7a};
    assertFault(RecordException.Fault.MALFORMED, () -> Documents.DOCUMENT.decode(millionItems));
  }

  @Test
  void invalidUtf8InAStringIsMalformed() throws Exception {
    Claim claim = new Claim("a", "b");
    byte[] bytes = AvroCodec.of(Claim.class, 100).encode(claim);
    bytes[bytes.length - 1] = (byte) 0xff;
    assertFault(RecordException.Fault.MALFORMED, () -> AvroCodec.of(Claim.class, 100).decode(bytes));
  }

  @Test
  void singleObjectEncodingPinsTheFingerprint() throws Exception {
    byte[] framed = Documents.DOCUMENT.encodeSingleObject(birthCertificate());
    assertEquals(birthCertificate(), Documents.DOCUMENT.decodeSingleObject(framed));
    framed[5] ^= 1;
    assertFault(RecordException.Fault.WRONG_SCHEMA, () -> Documents.DOCUMENT.decodeSingleObject(framed));
    assertFault(RecordException.Fault.MALFORMED, () -> Documents.DOCUMENT.decodeSingleObject(new byte[] {0, 1, 2}));
  }

  interface Action {
    void run() throws Exception;
  }

  static void assertFault(RecordException.Fault fault, Action action) {
    RecordException e = assertThrows(RecordException.class, action::run);
    assertEquals(fault, e.fault(), e.getMessage());
  }
}
