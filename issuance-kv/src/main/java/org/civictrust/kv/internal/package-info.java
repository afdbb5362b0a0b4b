/**
 * The inside of issuance-kv, for {@code org.civictrust.kv} only: the pure apply logic ({@link
 * org.civictrust.kv.internal.IssuanceState}, no Raft in it), the Ratis state machine around it ({@link
 * org.civictrust.kv.internal.IssuanceStateMachine}), the binary encodings ({@link
 * org.civictrust.kv.internal.Wire}, {@link org.civictrust.kv.internal.Codec}, {@link
 * org.civictrust.kv.internal.Queries}), the snapshot file format and storage, the in-memory change log
 * and the Ratis settings.
 */
package org.civictrust.kv.internal;
