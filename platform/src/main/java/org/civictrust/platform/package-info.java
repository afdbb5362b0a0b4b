/**
 * Runs CivicTrust on Kafka: {@link org.civictrust.platform.EmbeddedBroker} (a real in-process KRaft
 * broker, the single-machine default), {@link org.civictrust.platform.Topics},
 * {@link org.civictrust.platform.StreamsSettings} (exactly-once v2), the
 * {@link org.civictrust.platform.Ticker} that moves record time on idle logs, and the whole
 * {@link org.civictrust.platform.Pipeline}; with an issuance store ({@link
 * org.civictrust.platform.IssuanceStoreConfig}) the pipeline seeds it, its policy gate reads it, and the
 * {@link org.civictrust.anchor.AnchorRecorder} records checkpoints and anchor failures in it (design:
 * {@code docs/design/issuance-kv.md}, "Wiring").
 */
package org.civictrust.platform;

import org.civictrust.anchor.AnchorRecorder;
