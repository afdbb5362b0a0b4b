/**
 * Helpers of {@code org.civictrust.tlog} that are not part of its API: strict UTF-8, the key-name,
 * key-ID and key-text rules of C2SP signed-note, and Ed25519 through Bouncy Castle's low-level API.
 * Strict base64 and strict decimals are public, in {@code org.civictrust.text}.
 *
 * <p>No other package or module may use these classes (CONVENTIONS.md, rule 1; the cli module's
 * ArchitectureTest enforces it). They may change without notice.
 */
package org.civictrust.tlog.internal;
