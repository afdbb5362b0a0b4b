package org.civictrust.schemas;

/**
 * The names of CivicTrust's topics: part of the wire contract, written here once. Each log is one
 * partition of the log topics ({@link #ISSUED}, {@link #ENTRIES}, {@link #CHECKPOINTS}, {@link
 * #RECEIPTS}, {@link #STATUS}) and of the monitors' topics; the record format of each is in {@code
 * docs/formats.md}.
 */
public final class Topics {
  /** Issuance requests (IssuanceRequest, single-object encoded or Confluent wire format), from issuers. */
  public static final String REQUESTS = "civictrust.issuance.requests";
  /** Rejected requests (Rejection: a stable reason and the original bytes), kept forever. */
  public static final String REJECTED = "civictrust.issuance.rejected";
  /** Issued documents (IssuedDocument), the anchor processor's input; partition i is log i. */
  public static final String ISSUED = "civictrust.documents.issued";
  /** Each log's entries (LogEntry), in leaf order, kept forever. */
  public static final String ENTRIES = "civictrust.log.entries";
  /** Each log's signed checkpoints (SignedCheckpoint), kept forever. */
  public static final String CHECKPOINTS = "civictrust.log.checkpoints";
  /** Receipts (Receipt: a C2SP tlog-proof with the document and its signature), kept forever. */
  public static final String RECEIPTS = "civictrust.receipts";
  /** Document statuses (DocumentStatus): anchored or anchor_failed, per document. */
  public static final String STATUS = "civictrust.documents.status";
  /** What monitors observed (MonitorObservation), kept forever. */
  public static final String GOSSIP = "civictrust.monitor.gossip";
  /** What monitors raised (MonitorIncident), kept forever. */
  public static final String INCIDENTS = "civictrust.monitor.incidents";

  private Topics() {}
}
