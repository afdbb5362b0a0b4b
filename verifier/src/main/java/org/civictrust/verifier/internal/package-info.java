/**
 * Helpers of {@code org.civictrust.verifier} that are not part of its API: strict JSON reading
 * (UTF-8 only, no duplicate or unknown fields, no trailing data, bounded size) and the quoting of
 * untrusted values in explanations. Strict base64 is {@code org.civictrust.text.StrictBase64}.
 *
 * <p>No other package or module may use these classes (CONVENTIONS.md, rule 1; the cli module's
 * ArchitectureTest enforces it). They may change without notice.
 */
package org.civictrust.verifier.internal;
