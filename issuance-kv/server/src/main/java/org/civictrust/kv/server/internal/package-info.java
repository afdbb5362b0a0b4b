/**
 * The inside of the peers, for {@code org.civictrust.kv.server} only: the pure apply logic ({@link
 * org.civictrust.kv.server.internal.IssuanceState}, no Raft in it), the Ratis state machine around it
 * ({@link org.civictrust.kv.server.internal.IssuanceStateMachine}), the snapshot file format and
 * storage, the in-memory change log and the peers' Ratis settings.
 */
package org.civictrust.kv.server.internal;
