package org.civictrust.issuance.internal;

import java.util.Objects;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.civictrust.issuance.RequestDecoder;
import org.civictrust.issuance.internal.Pending.Received;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.RejectionReason;

/**
 * The first processor: captures the input record ({@link Received}) and decodes its value with the
 * configured {@link RequestDecoder}. A null value, or bytes the decoder refuses, become a refusal with
 * the decoder's fault; the original bytes travel on untouched. Input headers are dropped: no output
 * carries them.
 */
public final class DecodeProcessor extends ContextualProcessor<byte[], byte[], byte[], Pending> {
  private final RequestDecoder decoder;
  private final String sourceTopic;
  private final String next;
  private final String reject;

  /**
   * A decoder step.
   *
   * @param decoder the request decoder
   * @param sourceTopic the requests topic, named in rejections when Streams gives no record metadata
   * @param next the next processor
   * @param reject the processor recording rejections
   */
  public DecodeProcessor(RequestDecoder decoder, String sourceTopic, String next, String reject) {
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.sourceTopic = Objects.requireNonNull(sourceTopic, "sourceTopic");
    this.next = Objects.requireNonNull(next, "next");
    this.reject = Objects.requireNonNull(reject, "reject");
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    Received received = Received.of(record.key(), record.value(), record.timestamp(),
        context().recordMetadata(), sourceTopic);
    Pending pending = decode(Pending.received(received));
    Record<byte[], Pending> out = new Record<>(record.key(), pending, record.timestamp());
    context().forward(out, pending.refused() ? reject : next);
  }

  private Pending decode(Pending pending) {
    byte[] value = pending.received().value();
    if (value == null) {
      return pending.refuse(RejectionReason.MALFORMED, "the record has no value");
    }
    try {
      return pending.withRequest(Objects.requireNonNull(decoder.decode(value), "the decoder returned null"));
    } catch (RecordException e) {
      return pending.refuse(RejectionReason.of(e.fault()), e.getMessage());
    }
  }
}
