package org.civictrust.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** One sample record of every CivicTrust record type, and the topics of the contract that carry them. */
final class Samples {
  /** A topic of the contract, the codec of its values, and a sample value. */
  record TopicSample<T extends SpecificRecord>(String topic, AvroCodec<T> codec, T sample) {}

  static final int MAX_SIZE = 1 << 20;

  private Samples() {}

  static <T extends SpecificRecord> AvroCodec<T> codec(Class<T> type) {
    return AvroCodec.of(type, MAX_SIZE);
  }

  static Document document() {
    return CanonicalDocumentTest.birthCertificate();
  }

  static IssuanceRequest request() {
    Document d = document();
    return IssuanceRequest.newBuilder().setRequestId("req-0001").setIssuerId(d.getIssuerId())
        .setDocumentId(d.getDocumentId()).setDocumentType(d.getType()).setSubject(d.getSubject())
        .setClaims(d.getClaims()).setExpiresAt(d.getExpiresAt()).setRequestedAt(d.getIssuedAt()).build();
  }

  static List<TopicSample<?>> topics() throws RecordException {
    byte[] document = Documents.canonicalBytes(document());
    byte[] entry = Documents.canonicalBytes(CanonicalDocumentTest.entryFor(document));
    return List.of(
        new TopicSample<>("civictrust.issuance.requests", codec(IssuanceRequest.class), request()),
        new TopicSample<>("civictrust.issuance.rejected", codec(Rejection.class), Rejection.newBuilder()
            .setReason("UNKNOWN_ISSUER").setMessage("no issuer registry.example/unknown").setRequestId("req-0002")
            .setOriginalKey(null).setOriginalValue(ByteBuffer.wrap(new byte[] {(byte) 0xc3, 1, 2}))
            .setSourceTopic("civictrust.issuance.requests").setSourcePartition(0).setSourceOffset(41)
            .setRejectedAt(1_795_000_000_000L).build()),
        new TopicSample<>("civictrust.documents.issued", codec(IssuedDocument.class), IssuedDocument.newBuilder()
            .setRequestId("req-0001").setDocument(ByteBuffer.wrap(document)).setEntry(ByteBuffer.wrap(entry)).build()),
        new TopicSample<>("civictrust.log.entries", codec(LogEntry.class), LogEntry.newBuilder()
            .setOrigin("log.civictrust.example").setLeafIndex(7).setEntry(ByteBuffer.wrap(entry))
            .setRequestId("req-0001").build()),
        new TopicSample<>("civictrust.log.checkpoints", codec(SignedCheckpoint.class), SignedCheckpoint.newBuilder()
            .setOrigin("log.civictrust.example").setTreeSize(8).setRootHash(ByteBuffer.wrap(new byte[32]))
            .setNote(ByteBuffer.wrap("log.civictrust.example\n8\n...\n".getBytes(StandardCharsets.UTF_8))).build()),
        new TopicSample<>("civictrust.receipts", codec(Receipt.class), Receipt.newBuilder().setRequestId("req-0001")
            .setDocument(ByteBuffer.wrap(document)).setEntry(ByteBuffer.wrap(entry)).setTlogProof("c2sp.org/tlog-proof@v1\n")
            .build()),
        new TopicSample<>("civictrust.documents.status", codec(DocumentStatus.class), DocumentStatus.newBuilder()
            .setRequestId("req-0001").setDocumentHash(ByteBuffer.wrap(Documents.sha256(document)))
            .setStatus(Status.ANCHORED).setOrigin("log.civictrust.example").setLeafIndex(7L)
            .setAt(1_795_000_000_250L).build()));
  }
}
