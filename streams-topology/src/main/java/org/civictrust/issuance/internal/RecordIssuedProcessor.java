package org.civictrust.issuance.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuedDocument;
import org.civictrust.schemas.RecordException;

/**
 * Records an issued document: the document hash into the document-hashes store, the outcome "issued"
 * into the request-outcomes store, and the {@link IssuedDocument} (single-object encoded) forwarded to
 * the issued sink, keyed by the UTF-8 bytes of the requestId, with the request's record timestamp and
 * no headers. Under exactly-once processing the store writes and the output commit together.
 */
public final class RecordIssuedProcessor extends ContextualProcessor<byte[], Pending, byte[], byte[]> {
  /** The codec of issued documents: a canonical document, an entry and a requestId. */
  public static final AvroCodec<IssuedDocument> CODEC =
      AvroCodec.of(IssuedDocument.class, Documents.MAX_DOCUMENT_SIZE + Documents.MAX_ENTRY_SIZE + 1024);

  private final String outcomesStore;
  private final String documentsStore;
  private final String sink;
  private KeyValueStore<String, byte[]> outcomes;
  private KeyValueStore<Bytes, String> documents;

  /**
   * A processor writing both stores and forwarding to {@code sink}.
   *
   * @param outcomesStore the request-outcomes store
   * @param documentsStore the document-hashes store
   * @param sink the issued sink
   */
  public RecordIssuedProcessor(String outcomesStore, String documentsStore, String sink) {
    this.outcomesStore = Objects.requireNonNull(outcomesStore, "outcomesStore");
    this.documentsStore = Objects.requireNonNull(documentsStore, "documentsStore");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    super.init(context);
    outcomes = context.getStateStore(outcomesStore);
    documents = context.getStateStore(documentsStore);
  }

  @Override
  public void process(Record<byte[], Pending> record) {
    Pending pending = record.value();
    String requestId = pending.requestId();
    documents.put(Bytes.wrap(pending.documentHash()), requestId);
    outcomes.put(requestId, RequestOutcome.issued(pending.requestDigest(), pending.documentHash()).format());
    IssuedDocument issued = IssuedDocument.newBuilder()
        .setRequestId(requestId)
        .setDocument(ByteBuffer.wrap(pending.canonicalDocument()))
        .setEntry(ByteBuffer.wrap(pending.entry()))
        .build();
    byte[] value;
    try {
      value = CODEC.encodeSingleObject(issued);
    } catch (RecordException e) {
      throw new IllegalStateException("cannot encode the issued document of request " + requestId, e);
    }
    byte[] key = requestId.getBytes(StandardCharsets.UTF_8);
    context().forward(new Record<>(key, value, record.timestamp()), sink);
  }
}
