package org.civictrust.issuance;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.civictrust.issuance.internal.CanonicalizeProcessor;
import org.civictrust.issuance.internal.DecodeProcessor;
import org.civictrust.issuance.internal.DedupDocumentProcessor;
import org.civictrust.issuance.internal.DedupRequestProcessor;
import org.civictrust.issuance.internal.PolicyProcessor;
import org.civictrust.issuance.internal.RecordIssuedProcessor;
import org.civictrust.issuance.internal.RecordRejectedProcessor;
import org.civictrust.issuance.internal.RecordTimestamps;
import org.civictrust.issuance.internal.SignProcessor;
import org.civictrust.issuance.internal.ValidateProcessor;

/**
 * The issuance topology: every record of the requests topic becomes exactly one issued document or one
 * rejection. A pure factory: {@link #build} returns a {@link Topology} and starts nothing.
 *
 * <pre>
 * requests-source ─▶ decode ─▶ dedup-request-id ─▶ validate ─▶ policy ─▶ canonicalize ─▶ dedup-document ─▶ sign
 *                        │            │                │          │            │                │            ▼
 *                        └────────────┴────────────────┴──────────┴────────────┴────────────────┘    record-issued
 *                                                      ▼ refused                                             ▼
 *                                       record-rejected ─▶ rejected-sink                               issued-sink
 * stores: request-outcomes (read by dedup-request-id; written by record-issued and record-rejected)
 *         document-hashes  (read by dedup-document; written by record-issued)
 * </pre>
 *
 * <p>Every node is named (the constants below, each prefixed {@code issuance-}), so names in metrics,
 * logs and changelog topics ({@code <application.id>-issuance-request-outcomes-changelog},
 * {@code <application.id>-issuance-document-hashes-changelog}) never shift when the topology changes.
 * The topology has no repartition topic: deduplication is per partition of the requests topic (see
 * docs/design/issuance-topology.md).
 */
public final class IssuanceTopology {
  /** The source reading the requests topic as raw bytes. */
  public static final String SOURCE = "issuance-requests-source";
  /** Decodes the value with the configured {@link RequestDecoder}. */
  public static final String DECODE = "issuance-decode";
  /** Checks the requestId and deduplicates by it. */
  public static final String DEDUP_REQUEST = "issuance-dedup-request-id";
  /** Checks fields, sizes and the time window. */
  public static final String VALIDATE = "issuance-validate";
  /** The issuer policy gate; chooses the signing key. */
  public static final String POLICY = "issuance-policy";
  /** Builds the canonical document and its hash. */
  public static final String CANONICALIZE = "issuance-canonicalize";
  /** Deduplicates by canonical document hash. */
  public static final String DEDUP_DOCUMENT = "issuance-dedup-document";
  /** Signs the document and builds the log entry. */
  public static final String SIGN = "issuance-sign";
  /** Writes both stores and the issued document. */
  public static final String RECORD_ISSUED = "issuance-record-issued";
  /** Writes the request-outcomes store and the rejection. */
  public static final String RECORD_REJECTED = "issuance-record-rejected";
  /** The sink of the issued topic. */
  public static final String ISSUED_SINK = "issuance-issued-sink";
  /** The sink of the rejected topic. */
  public static final String REJECTED_SINK = "issuance-rejected-sink";
  /** The persistent, changelogged store requestId → outcome. */
  public static final String REQUEST_OUTCOMES_STORE = "issuance-request-outcomes";
  /** The persistent, changelogged store document hash → requestId. */
  public static final String DOCUMENT_HASHES_STORE = "issuance-document-hashes";

  private IssuanceTopology() {}

  /**
   * The issuance topology for {@code config}. Each call returns a new, independent topology; nothing is
   * started and no connection is made.
   */
  public static Topology build(IssuanceConfig config) {
    IssuanceTopics topics = config.topics();
    Topology topology = new Topology();
    topology.addSource(AutoOffsetReset.earliest(), SOURCE, new RecordTimestamps(),
        Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), topics.requests());
    topology.addProcessor(DECODE,
        () -> new DecodeProcessor(config.decoder(), topics.requests(), DEDUP_REQUEST, RECORD_REJECTED), SOURCE);
    topology.addProcessor(DEDUP_REQUEST,
        () -> new DedupRequestProcessor(REQUEST_OUTCOMES_STORE, VALIDATE, RECORD_REJECTED), DECODE);
    topology.addProcessor(VALIDATE, () -> new ValidateProcessor(config.maxRequestAgeMillis(),
        config.maxClockSkewMillis(), POLICY, RECORD_REJECTED), DEDUP_REQUEST);
    topology.addProcessor(POLICY,
        () -> new PolicyProcessor(config.registry(), CANONICALIZE, RECORD_REJECTED), VALIDATE);
    topology.addProcessor(CANONICALIZE, () -> new CanonicalizeProcessor(DEDUP_DOCUMENT, RECORD_REJECTED), POLICY);
    topology.addProcessor(DEDUP_DOCUMENT,
        () -> new DedupDocumentProcessor(DOCUMENT_HASHES_STORE, SIGN, RECORD_REJECTED), CANONICALIZE);
    topology.addProcessor(SIGN, () -> new SignProcessor(RECORD_ISSUED, RECORD_REJECTED), DEDUP_DOCUMENT);
    topology.addProcessor(RECORD_ISSUED,
        () -> new RecordIssuedProcessor(REQUEST_OUTCOMES_STORE, DOCUMENT_HASHES_STORE, ISSUED_SINK), SIGN);
    topology.addProcessor(RECORD_REJECTED, () -> new RecordRejectedProcessor(REQUEST_OUTCOMES_STORE, REJECTED_SINK),
        DECODE, DEDUP_REQUEST, VALIDATE, POLICY, CANONICALIZE, DEDUP_DOCUMENT);
    topology.addSink(ISSUED_SINK, topics.issued(),
        Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), RECORD_ISSUED);
    topology.addSink(REJECTED_SINK, topics.rejected(),
        Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), RECORD_REJECTED);
    topology.addStateStore(requestOutcomesStore(), DEDUP_REQUEST, RECORD_ISSUED, RECORD_REJECTED);
    topology.addStateStore(documentHashesStore(), DEDUP_DOCUMENT, RECORD_ISSUED);
    return topology;
  }

  private static StoreBuilder<KeyValueStore<String, byte[]>> requestOutcomesStore() {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REQUEST_OUTCOMES_STORE),
        Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(Map.of());
  }

  private static StoreBuilder<KeyValueStore<Bytes, String>> documentHashesStore() {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DOCUMENT_HASHES_STORE),
        Serdes.Bytes(), Serdes.String()).withLoggingEnabled(Map.of());
  }
}
