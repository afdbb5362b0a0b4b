package org.civictrust.issuance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.civictrust.issuance.internal.FramedRequestDecoder;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuanceRequest;

/**
 * A hand-written Avro binary writer for tests that need encodings Avro's own encoder never produces:
 * invalid UTF-8, over-long varints, arrays in several blocks, absurd lengths. Writes the fields of an
 * {@code IssuanceRequest} in schema order.
 */
final class AvroBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Starts single-object framing with the pinned request fingerprint. */
  static AvroBytes framed() {
    AvroBytes bytes = new AvroBytes();
    bytes.raw(0xC3, 0x01);
    bytes.out.writeBytes(FramedRequestDecoder.fingerprint());
    return bytes;
  }

  AvroBytes raw(int... values) {
    for (int value : values) {
      out.write(value);
    }
    return this;
  }

  /** A zig-zag varint, minimal. */
  AvroBytes varint(long value) {
    long zigzag = (value << 1) ^ (value >> 63);
    while ((zigzag & ~0x7FL) != 0) {
      out.write((int) ((zigzag & 0x7F) | 0x80));
      zigzag >>>= 7;
    }
    out.write((int) zigzag);
    return this;
  }

  AvroBytes bytes(byte[] value) {
    varint(value.length);
    out.writeBytes(value);
    return this;
  }

  AvroBytes string(String value) {
    return bytes(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Every field before {@code claims}: requestId, issuerId, issuerKeyId, documentId, documentType, subject. */
  AvroBytes head(IssuanceRequest request) {
    string(request.getRequestId()).string(request.getIssuerId());
    if (request.getIssuerKeyId() == null) {
      varint(0);
    } else {
      varint(1).string(request.getIssuerKeyId());
    }
    bytes(Documents.bytes(request.getDocumentId())).string(request.getDocumentType());
    return string(request.getSubject());
  }

  AvroBytes claim(Claim claim) {
    return string(claim.getName()).string(claim.getValue());
  }

  /** The whole request as Avro's encoder writes it: one block of claims. */
  AvroBytes canonical(IssuanceRequest request) {
    head(request);
    if (!request.getClaims().isEmpty()) {
      varint(request.getClaims().size());
      request.getClaims().forEach(this::claim);
    }
    return varint(0).varint(request.getExpiresAt()).varint(request.getRequestedAt());
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
