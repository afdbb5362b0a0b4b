package org.civictrust.issuance.internal;

import java.util.Objects;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.RejectionReason;

/**
 * Deduplication by requestId, before any other check, so that a retry gets the original outcome even
 * when the request has since gone stale or its key was revoked. The requestId must be 1 to {@link
 * #MAX_REQUEST_ID_LENGTH} characters (MALFORMED if empty, OVERSIZE if longer); then, in the
 * request-outcomes store:
 *
 * <ul>
 *   <li>no outcome yet: the request goes on, and its outcome will be remembered (unless it is a
 *       rejection that is not {@linkplain Pending.Refusal#isFinal() final});
 *   <li>an outcome for the same value bytes (same SHA-256): DUPLICATE_REQUEST, stating the original
 *       outcome, whether it was issued or rejected;
 *   <li>an outcome for other value bytes: REQUEST_ID_CONFLICT.
 * </ul>
 *
 * Neither refusal is remembered: the store keeps the first outcome for ever.
 */
public final class DedupRequestProcessor extends StepProcessor {
  /** The longest requestId, in Unicode code points. */
  public static final int MAX_REQUEST_ID_LENGTH = 128;

  private final String storeName;
  private KeyValueStore<String, byte[]> outcomes;

  /**
   * A deduplication step reading the store {@code storeName}.
   *
   * @param storeName the request-outcomes store
   * @param next the next processor
   * @param reject the processor recording rejections
   */
  public DedupRequestProcessor(String storeName, String next, String reject) {
    super(next, reject);
    this.storeName = Objects.requireNonNull(storeName, "storeName");
  }

  @Override
  public void init(ProcessorContext<byte[], Pending> context) {
    super.init(context);
    outcomes = context.getStateStore(storeName);
  }

  @Override
  protected Pending apply(Pending pending) {
    String requestId = pending.request().getRequestId();
    if (requestId.isEmpty()) {
      return pending.refuse(RejectionReason.MALFORMED, "requestId is empty");
    }
    if (requestId.length() > MAX_REQUEST_ID_LENGTH
        && requestId.codePointCount(0, requestId.length()) > MAX_REQUEST_ID_LENGTH) {
      return pending.refuse(RejectionReason.OVERSIZE, "requestId is longer than " + MAX_REQUEST_ID_LENGTH + " characters");
    }
    Pending named = pending.withRequestId(requestId);
    byte[] digest = Documents.sha256(pending.received().value());
    byte[] stored = outcomes.get(requestId);
    if (stored == null) {
      return named.withRequestDigest(digest);
    }
    RequestOutcome original = RequestOutcome.parse(stored);
    if (original.sameRequest(digest)) {
      return named.refuse(RejectionReason.DUPLICATE_REQUEST, "a retry of request " + requestId
          + ", which was " + original.describe());
    }
    return named.refuse(RejectionReason.REQUEST_ID_CONFLICT, "requestId " + requestId
        + " was already used for a request with other bytes, which was " + original.describe());
  }
}
