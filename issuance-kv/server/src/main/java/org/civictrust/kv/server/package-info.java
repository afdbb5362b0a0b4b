/**
 * The issuance store's peers: {@link org.civictrust.kv.server.KvServer} runs one peer ({@link
 * org.civictrust.kv.server.KvPeerMain} as a process, {@link org.civictrust.kv.server.KvPeerProcess} as a
 * child of this JVM; {@link org.civictrust.kv.server.LocalKvCluster} three in one JVM), and {@link
 * org.civictrust.kv.server.KvBenchmark} measures them. Design, snapshot format and timing:
 * docs/design/issuance-kv.md.
 */
package org.civictrust.kv.server;
