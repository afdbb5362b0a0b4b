/**
 * Strict parsing of the text forms that transparency logs sign, one implementation each for every
 * CivicTrust module: parse to the spec grammar, reject trailing bytes, bound every length before
 * allocating (CONVENTIONS.md, rule 7).
 *
 * <ul>
 *   <li>{@link org.civictrust.text.StrictBase64}: RFC 4648 section 4 standard base64, padded, canonical
 *       only, with a byte bound checked before decoding.
 *   <li>{@link org.civictrust.text.StrictDecimal}: the decimals of C2SP tlog-checkpoint ("Note text",
 *       the tree size) and tlog-proof (the index): {@code 0|[1-9][0-9]*}, within {@code [0, 2^63 - 1]}.
 *   <li>{@link org.civictrust.text.TextLines}: newline-terminated lines (C2SP signed-note, "Format"),
 *       {@code <keyword> <value>} lines.
 * </ul>
 *
 * <p>Every failure is a checked {@link org.civictrust.text.MalformedTextException}. This package
 * depends on nothing of CivicTrust, so {@code org.civictrust.tlog} can build on it without a cycle; the
 * callers that verify turn the exception into their own reason code ({@code
 * VerificationException.malformed}). No I/O.
 */
package org.civictrust.text;
