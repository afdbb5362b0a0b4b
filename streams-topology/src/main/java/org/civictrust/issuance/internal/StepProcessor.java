package org.civictrust.issuance.internal;

import java.util.Objects;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A processor for one step of the issuance: it applies {@link #apply} to the {@link Pending} request
 * and forwards the result to the next step, or, if the step refused it, to the processor that records
 * rejections. Steps never throw for a property of the input; an exception is a real fault.
 */
public abstract class StepProcessor extends ContextualProcessor<byte[], Pending, byte[], Pending> {
  private final String next;
  private final String reject;

  /**
   * A step that forwards to {@code next}, or to {@code reject} when it refuses the request.
   *
   * @param next the name of the next processor
   * @param reject the name of the processor that records rejections
   */
  protected StepProcessor(String next, String reject) {
    this.next = Objects.requireNonNull(next, "next");
    this.reject = Objects.requireNonNull(reject, "reject");
  }

  @Override
  public final void process(Record<byte[], Pending> record) {
    Pending result = apply(record.value());
    context().forward(record.withValue(result), result.refused() ? reject : next);
  }

  /**
   * Applies the step to a request no earlier step refused.
   *
   * @return the request with what this step learned, or refused
   */
  protected abstract Pending apply(Pending pending);
}
