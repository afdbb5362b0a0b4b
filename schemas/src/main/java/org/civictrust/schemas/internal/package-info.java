/**
 * Helpers of {@code org.civictrust.schemas} that are not part of its API: the bounded Avro decoder,
 * a bounded LRU cache, a size-limited HTTP body reader, the JSON of the Confluent Schema Registry
 * REST API, and the Kafka serde adapter.
 *
 * <p>No other package or module may use these classes (CONVENTIONS.md, rule 1; the cli module's
 * ArchitectureTest enforces it). They may change without notice.
 */
package org.civictrust.schemas.internal;
