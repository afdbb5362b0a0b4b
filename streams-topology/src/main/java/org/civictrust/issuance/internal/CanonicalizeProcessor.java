package org.civictrust.issuance.internal;

import java.nio.ByteBuffer;
import org.civictrust.schemas.Document;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.RejectionReason;

/**
 * Builds the {@link Document} the issuer signs and its canonical bytes ({@link
 * Documents#canonicalBytes(Document)}): the pinned schema fingerprint, the request's document id, type,
 * issuer id, subject and expiry, the chosen key's ID, {@code issuedAt} = the record timestamp, and the
 * claims sorted by name. A canonical document over {@link Documents#MAX_DOCUMENT_SIZE} bytes is
 * OVERSIZE. Then its SHA-256, the document hash.
 */
public final class CanonicalizeProcessor extends StepProcessor {
  /**
   * A canonicalization step.
   *
   * @param next the next processor
   * @param reject the processor recording rejections
   */
  public CanonicalizeProcessor(String next, String reject) {
    super(next, reject);
  }

  @Override
  protected Pending apply(Pending pending) {
    IssuanceRequest request = pending.request();
    try {
      Document document = Document.newBuilder()
          .setSchemaFingerprint(ByteBuffer.wrap(Documents.DOCUMENT.fingerprint()))
          .setDocumentId(ByteBuffer.wrap(Documents.bytes(request.getDocumentId())))
          .setType(request.getDocumentType())
          .setIssuerId(request.getIssuerId())
          .setIssuerKeyId(pending.key().keyId())
          .setIssuedAt(pending.received().timestamp())
          .setExpiresAt(request.getExpiresAt())
          .setSubject(request.getSubject())
          .setClaims(Documents.sortedClaims(request.getClaims()))
          .build();
      byte[] canonical = Documents.canonicalBytes(document);
      return pending.withDocument(document, canonical, Documents.sha256(canonical));
    } catch (RecordException e) {
      return pending.refuse(RejectionReason.of(e.fault()), e.getMessage());
    }
  }
}
