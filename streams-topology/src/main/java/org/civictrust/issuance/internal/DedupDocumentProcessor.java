package org.civictrust.issuance.internal;

import java.util.HexFormat;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.civictrust.schemas.RejectionReason;

/**
 * Deduplication by canonical document hash: if the document-hashes store already holds this SHA-256,
 * the same canonical document was issued under another requestId, and this request is
 * DUPLICATE_DOCUMENT (remembered under its own requestId like any rejection). Only issued documents
 * enter the store.
 *
 * <p>The canonical document contains {@code issuedAt} (the record timestamp) and the signing key's ID,
 * so the same request content sent under another requestId in another millisecond has another hash:
 * this store catches exact re-submissions, not re-issuance of the same document id later.
 */
public final class DedupDocumentProcessor extends StepProcessor {
  private final String storeName;
  private KeyValueStore<Bytes, String> documents;

  /**
   * A document deduplication step reading the store {@code storeName}.
   *
   * @param storeName the document-hashes store
   * @param next the next processor
   * @param reject the processor recording rejections
   */
  public DedupDocumentProcessor(String storeName, String next, String reject) {
    super(next, reject);
    this.storeName = Objects.requireNonNull(storeName, "storeName");
  }

  @Override
  public void init(ProcessorContext<byte[], Pending> context) {
    super.init(context);
    documents = context.getStateStore(storeName);
  }

  @Override
  protected Pending apply(Pending pending) {
    String original = documents.get(Bytes.wrap(pending.documentHash()));
    if (original == null) {
      return pending;
    }
    return pending.refuse(RejectionReason.DUPLICATE_DOCUMENT, "document "
        + HexFormat.of().formatHex(pending.documentHash()) + " was already issued for request " + original);
  }
}
