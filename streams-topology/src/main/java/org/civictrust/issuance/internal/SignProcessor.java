package org.civictrust.issuance.internal;

import java.nio.ByteBuffer;
import org.civictrust.schemas.Document;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuedEntry;
import org.civictrust.schemas.RecordException;
import org.civictrust.tlog.SignerKey;

/**
 * Signs the canonical document with the issuer key ({@link SignerKey#sign}: a plain, deterministic
 * 64-byte Ed25519 signature over the canonical document bytes) and builds the log entry, the canonical
 * {@link IssuedEntry}: documentHash, issuerId, issuerKeyId, issuerSignature, issuedAt, documentType,
 * each equal to the document's. Never refuses: every property was checked before, and the topology
 * does not connect this step to the rejection processor.
 */
public final class SignProcessor extends StepProcessor {
  /**
   * A signing step.
   *
   * @param next the next processor
   * @param reject the processor recording rejections
   */
  public SignProcessor(String next, String reject) {
    super(next, reject);
  }

  @Override
  protected Pending apply(Pending pending) {
    SignerKey signer = pending.key().signer()
        .orElseThrow(() -> new IllegalStateException("the policy chose a key without its signer"));
    Document document = pending.document();
    byte[] signature = signer.sign(pending.canonicalDocument());
    IssuedEntry entry = IssuedEntry.newBuilder()
        .setDocumentHash(ByteBuffer.wrap(pending.documentHash().clone()))
        .setIssuerId(document.getIssuerId())
        .setIssuerKeyId(document.getIssuerKeyId())
        .setIssuerSignature(ByteBuffer.wrap(signature))
        .setIssuedAt(document.getIssuedAt())
        .setDocumentType(document.getType())
        .build();
    try {
      return pending.withEntry(Documents.canonicalBytes(entry));
    } catch (RecordException e) {
      // The fields were checked and bounded: an entry that cannot be encoded is a bug, not bad input.
      throw new IllegalStateException("cannot encode the entry of a valid document", e);
    }
  }
}
