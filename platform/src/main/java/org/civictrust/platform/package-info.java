/**
 * Runs CivicTrust on Kafka: {@link org.civictrust.platform.EmbeddedBroker} (a real in-process KRaft
 * broker, the single-machine default), {@link org.civictrust.platform.Topics},
 * {@link org.civictrust.platform.StreamsSettings} (exactly-once v2) and the
 * {@link org.civictrust.platform.Ticker} that moves record time on idle logs.
 */
package org.civictrust.platform;
