/**
 * The monitor's and witness's internals: the per-log view and its decisions ({@code LogView}), seeded
 * consistency proofs as evidence ({@code ConsistencyEvidence}), alert suppression, the stream processor
 * and its state stores, the witness's request grammar and durable state, strict text parsing. For
 * {@code org.civictrust.monitor} only.
 */
package org.civictrust.monitor.internal;
