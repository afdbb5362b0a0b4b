/**
 * The issuance store's wire protocol, shared by its client and its peers (as Ratis keeps its protocol
 * apart from client and server): the binary encodings of commands, results, records and queries
 * ({@link org.civictrust.kv.protocol.Wire}, {@link org.civictrust.kv.protocol.Codec}, {@link
 * org.civictrust.kv.protocol.Queries}), the field rules both sides check ({@link
 * org.civictrust.kv.protocol.Fields}) and the Raft group and client settings ({@link
 * org.civictrust.kv.protocol.RaftSettings}). Public because two modules use it; applications use
 * {@code org.civictrust.kv}. Formats: docs/design/issuance-kv.md.
 */
package org.civictrust.kv.protocol;
