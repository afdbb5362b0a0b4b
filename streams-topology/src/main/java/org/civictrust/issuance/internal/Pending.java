package org.civictrust.issuance.internal;

import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.civictrust.issuance.IssuerKey;
import org.civictrust.schemas.Document;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.RejectionReason;

/**
 * One request on its way through the topology's processors: what each step learned about it, and, once
 * a step refuses it, the {@link Refusal}. Immutable: each step returns a new value. It travels only
 * between processors of one sub-topology (never serialized). Fields a step has not reached yet are null.
 */
public final class Pending {
  private final Received received;
  private final IssuanceRequest request;
  private final String requestId;
  private final byte[] requestDigest;
  private final IssuerKey key;
  private final Document document;
  private final byte[] canonicalDocument;
  private final byte[] documentHash;
  private final byte[] entry;
  private final Refusal refusal;

  private Pending(Received received, IssuanceRequest request, String requestId, byte[] requestDigest,
      IssuerKey key, Document document, byte[] canonicalDocument, byte[] documentHash, byte[] entry,
      Refusal refusal) {
    this.received = Objects.requireNonNull(received, "received");
    this.request = request;
    this.requestId = requestId;
    this.requestDigest = requestDigest;
    this.key = key;
    this.document = document;
    this.canonicalDocument = canonicalDocument;
    this.documentHash = documentHash;
    this.entry = entry;
    this.refusal = refusal;
  }

  /** A record just read, before decoding. */
  public static Pending received(Received received) {
    return new Pending(received, null, null, null, null, null, null, null, null, null);
  }

  /** The request decoded. */
  public Pending withRequest(IssuanceRequest decoded) {
    return new Pending(received, Objects.requireNonNull(decoded), null, null, null, null, null, null, null, null);
  }

  /** The request's id has a valid shape: rejections name it from now on. */
  public Pending withRequestId(String id) {
    return new Pending(received, request, Objects.requireNonNull(id), null, null, null, null, null, null, null);
  }

  /**
   * The requestId is new; {@code digest} is the SHA-256 of the value bytes. From now on the outcome is
   * remembered under the requestId.
   */
  public Pending withRequestDigest(byte[] digest) {
    return new Pending(received, request, requestId, Objects.requireNonNull(digest), null, null, null, null, null, null);
  }

  /** The issuer key chosen by the policy. */
  public Pending withKey(IssuerKey signingKey) {
    return new Pending(received, request, requestId, requestDigest, Objects.requireNonNull(signingKey),
        null, null, null, null, null);
  }

  /** The document, its canonical bytes and their SHA-256. */
  public Pending withDocument(Document doc, byte[] canonical, byte[] hash) {
    return new Pending(received, request, requestId, requestDigest, key, Objects.requireNonNull(doc),
        Objects.requireNonNull(canonical), Objects.requireNonNull(hash), null, null);
  }

  /** The canonical {@code IssuedEntry} bytes, signature included. */
  public Pending withEntry(byte[] entryBytes) {
    return new Pending(received, request, requestId, requestDigest, key, document, canonicalDocument,
        documentHash, Objects.requireNonNull(entryBytes), null);
  }

  /** The request is rejected for {@code reason}. */
  public Pending refuse(RejectionReason reason, String message) {
    return new Pending(received, request, requestId, requestDigest, key, document, canonicalDocument,
        documentHash, entry, new Refusal(reason, message));
  }

  /** Whether a step refused the request. */
  public boolean refused() {
    return refusal != null;
  }

  /** Whether the outcome is remembered under the requestId: the request got past request-id deduplication. */
  public boolean remembered() {
    return requestDigest != null;
  }

  /** The input record. */
  public Received received() {
    return received;
  }

  /** The decoded request, or null. */
  public IssuanceRequest request() {
    return request;
  }

  /** The requestId once its shape was checked, or null. */
  public String requestId() {
    return requestId;
  }

  /** SHA-256 of the value bytes once the requestId proved new, or null. The array is shared: do not modify. */
  public byte[] requestDigest() {
    return requestDigest;
  }

  /** The signing key, or null. */
  public IssuerKey key() {
    return key;
  }

  /** The document, or null. */
  public Document document() {
    return document;
  }

  /** The canonical document bytes, or null. The array is shared: do not modify. */
  public byte[] canonicalDocument() {
    return canonicalDocument;
  }

  /** SHA-256 of the canonical document, or null. The array is shared: do not modify. */
  public byte[] documentHash() {
    return documentHash;
  }

  /** The canonical entry bytes, or null. The array is shared: do not modify. */
  public byte[] entry() {
    return entry;
  }

  /** Why the request is rejected, or null. */
  public Refusal refusal() {
    return refusal;
  }

  /**
   * The input record as it arrived: its original key and value bytes (either may be null), where it came
   * from, and its timestamp, the time of every decision about it. The arrays are the record's own, never
   * modified.
   *
   * @param key the original key bytes, or null
   * @param value the original value bytes, or null
   * @param topic the source topic
   * @param partition the source partition, -1 if unknown
   * @param offset the source offset, -1 if unknown
   * @param timestamp the record timestamp, milliseconds since the epoch
   */
  public record Received(byte[] key, byte[] value, String topic, int partition, long offset, long timestamp) {
    /** The record read from {@code metadata}, or from {@code fallbackTopic} when Streams gives no metadata. */
    public static Received of(byte[] key, byte[] value, long timestamp, Optional<RecordMetadata> metadata,
        String fallbackTopic) {
      if (metadata.isPresent()) {
        RecordMetadata m = metadata.get();
        return new Received(key, value, m.topic(), m.partition(), m.offset(), timestamp);
      }
      return new Received(key, value, fallbackTopic, -1, -1L, timestamp);
    }
  }

  /**
   * Why a request is rejected: a stable reason and a short message for humans, at most {@link
   * #MAX_MESSAGE_LENGTH} characters (longer messages are cut), so that a rejection is never much larger
   * than the record it rejects.
   *
   * @param reason the stable reason code
   * @param message what did not fit
   */
  public record Refusal(RejectionReason reason, String message) {
    /** The longest message kept. */
    public static final int MAX_MESSAGE_LENGTH = 512;

    /** Validates and bounds the message. */
    public Refusal {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      if (message.length() > MAX_MESSAGE_LENGTH) {
        int end = MAX_MESSAGE_LENGTH - 1;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
          end--;
        }
        message = message.substring(0, end) + "…";
      }
    }

    /**
     * Whether the rejection is the request's final outcome, remembered under its request id (a retry
     * gets DUPLICATE_REQUEST). False only for {@link RejectionReason#ISSUANCE_STATE_UNAVAILABLE} and
     * {@link RejectionReason#NO_SIGNER_KEY}, which blame the deployment at the moment of processing, not
     * the request: a retry of those is evaluated again, and replaying the requests topic may decide
     * those requests otherwise.
     */
    public boolean isFinal() {
      return reason != RejectionReason.ISSUANCE_STATE_UNAVAILABLE && reason != RejectionReason.NO_SIGNER_KEY;
    }
  }
}
