package org.civictrust.issuance.internal;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.civictrust.issuance.internal.Pending.Received;
import org.civictrust.issuance.internal.Pending.Refusal;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.Rejection;

/**
 * Records a rejection: if the request got past request-id deduplication ({@link Pending#remembered()})
 * and the refusal is {@linkplain Refusal#isFinal() final}, the outcome
 * "rejected with this reason" goes into the request-outcomes store, so that a retry repeats it as
 * DUPLICATE_REQUEST (a retry after a transient rejection, such as ISSUANCE_STATE_UNAVAILABLE, finds no
 * outcome and is evaluated again); then the {@link Rejection} (single-object encoded) is forwarded to the
 * rejected sink, keyed by the original key bytes, with the request's record timestamp and no headers. It
 * carries the reason, the message, the requestId when known, the original key and value bytes exactly
 * as read, and the source topic, partition and offset.
 */
public final class RecordRejectedProcessor extends ContextualProcessor<byte[], Pending, byte[], byte[]> {
  /** The codec of rejections; a rejection is as large as the record it rejects, plus a few hundred bytes. */
  public static final AvroCodec<Rejection> CODEC = AvroCodec.of(Rejection.class, Integer.MAX_VALUE);

  private final String outcomesStore;
  private final String sink;
  private KeyValueStore<String, byte[]> outcomes;

  /**
   * A processor writing the request-outcomes store and forwarding to {@code sink}.
   *
   * @param outcomesStore the request-outcomes store
   * @param sink the rejected sink
   */
  public RecordRejectedProcessor(String outcomesStore, String sink) {
    this.outcomesStore = Objects.requireNonNull(outcomesStore, "outcomesStore");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    super.init(context);
    outcomes = context.getStateStore(outcomesStore);
  }

  @Override
  public void process(Record<byte[], Pending> record) {
    Pending pending = record.value();
    Refusal refusal = pending.refusal();
    Received received = pending.received();
    if (pending.remembered() && refusal.isFinal()) {
      outcomes.put(pending.requestId(),
          RequestOutcome.rejected(pending.requestDigest(), refusal.reason().name()).format());
    }
    Rejection rejection = Rejection.newBuilder()
        .setReason(refusal.reason().name())
        .setMessage(refusal.message())
        .setRequestId(pending.requestId())
        .setOriginalKey(received.key() == null ? null : ByteBuffer.wrap(received.key()))
        .setOriginalValue(received.value() == null ? null : ByteBuffer.wrap(received.value()))
        .setSourceTopic(received.topic())
        .setSourcePartition(received.partition())
        .setSourceOffset(received.offset())
        .setRejectedAt(received.timestamp())
        .build();
    byte[] value;
    try {
      value = CODEC.encodeSingleObject(rejection);
    } catch (RecordException e) {
      throw new IllegalStateException("cannot encode a rejection", e);
    }
    context().forward(new Record<>(received.key(), value, received.timestamp()), sink);
  }
}
