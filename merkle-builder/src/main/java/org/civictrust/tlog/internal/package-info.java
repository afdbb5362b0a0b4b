/**
 * Helpers of {@code org.civictrust.tlog} that are not part of its API: strict base64 (RFC 4648
 * section 4, canonical only), strict UTF-8, the key-name, key-ID and key-text rules of C2SP
 * signed-note, strict decimals for tlog-checkpoint and tlog-proof, and Ed25519 through Bouncy
 * Castle's low-level API.
 *
 * <p>No other package or module may use these classes (CONVENTIONS.md, rule 1; the cli module's
 * ArchitectureTest enforces it). They may change without notice.
 */
package org.civictrust.tlog.internal;
