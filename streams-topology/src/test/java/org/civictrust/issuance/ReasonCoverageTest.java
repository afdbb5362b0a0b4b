package org.civictrust.issuance;

import static org.civictrust.issuance.Fixtures.T0;
import static org.civictrust.issuance.Fixtures.encode;
import static org.civictrust.issuance.Fixtures.keyId;
import static org.civictrust.issuance.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.test.TestRecord;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.RejectionReason;
import org.junit.jupiter.api.Test;

/**
 * Every reason code of {@link RejectionReason} but the anchor processor's is reachable through the
 * topology: a reason added to the enum without a way to reach it (or without a test), and not listed
 * as the anchor processor's, fails here.
 */
class ReasonCoverageTest {
  /** The reasons the anchor processor writes (its tests reach them); the issuance topology never does. */
  static final Set<RejectionReason> ANCHOR_PROCESSOR_REASONS = EnumSet.of(RejectionReason.SEED_MALFORMED,
      RejectionReason.SEED_WRONG_LOG, RejectionReason.SEED_BAD_CHECKPOINT, RejectionReason.SEED_ROOT_MISMATCH,
      RejectionReason.SEED_TILE_MISMATCH, RejectionReason.SEED_LOG_NOT_EMPTY, RejectionReason.CORRUPT_ISSUED_DOCUMENT,
      RejectionReason.LOG_AWAITING_SEED);

  @Test
  void everyRejectionReasonIsReachable() {
    byte[] wrongSchema = encode(request("w"));
    System.arraycopy(Documents.DOCUMENT.fingerprint(), 0, wrongSchema, 2, 8);
    byte[] shared = Fixtures.documentId("shared");
    byte[] original = encode(request("dup").setDocumentId(ByteBuffer.wrap(shared)));
    List<byte[]> values = List.of(
        new byte[] {1, 2, 3},
        wrongSchema,
        encode(request("r".repeat(200))),
        encode(request("e").setExpiresAt(T0)),
        encode(request("f").setRequestedAt(T0 + 3_600_000L)),
        encode(request("s").setRequestedAt(T0 - 30L * 86_400_000L)),
        encode(request("u").setIssuerId("nobody")),
        encode(request("t").setDocumentType("diploma")),
        encode(request("v").setExpiresAt(T0 + 100 * Fixtures.YEAR)),
        encode(request("k").setIssuerKeyId("00000000")),
        encode(request("n").setIssuerKeyId(keyId(Fixtures.CIVIL_REVOKED))),
        encode(request("a").setIssuerId(Fixtures.LICENCES).setDocumentType("driving-licence")),
        encode(request("i").setIssuerKeyId(keyId(Fixtures.CIVIL_RETIRING))),
        encode(request("g").setIssuerId(Fixtures.UNSIGNED)),
        encode(request("x").setIssuerId(Fixtures.UNAVAILABLE)),
        original,
        original,
        encode(request("dup").setSubject("Someone Else")),
        encode(request("dup2").setDocumentId(ByteBuffer.wrap(shared))));
    Set<RejectionReason> seen = EnumSet.noneOf(RejectionReason.class);
    try (Harness harness = new Harness()) {
      for (byte[] value : values) {
        harness.send("key".getBytes(StandardCharsets.UTF_8), value, T0);
      }
      assertEquals(1, harness.issuedRecords().size(), "only the first 'dup' is issued");
      for (TestRecord<byte[], byte[]> record : harness.rejectedRecords()) {
        seen.add(RejectionReason.valueOf(Harness.rejection(record.value()).getReason()));
      }
    }
    assertEquals(EnumSet.complementOf(EnumSet.copyOf(ANCHOR_PROCESSOR_REASONS)), seen);
  }
}
