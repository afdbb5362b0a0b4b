/**
 * issuance-kv: the Raft-replicated store of issuance state (Apache Ratis 3.3, gRPC transport), three
 * peers by default. It holds what issuance decisions must agree on across the deployment and keep
 * through the loss of any one machine: the issuers ({@link org.civictrust.kv.IssuerRecord}), their
 * keys and each key's lifecycle ({@link org.civictrust.kv.KeyRecord}: active, retiring with an overlap
 * window, revoked with a cutoff), document status ({@link org.civictrust.kv.DocumentRecord}: issued,
 * anchored, anchor_failed, revoked), revocations ({@link org.civictrust.kv.RevocationRecord}) and
 * each log's anchored watermark ({@link org.civictrust.kv.WatermarkRecord}: a checkpoint of size N
 * anchors every leaf below N, one write per checkpoint).
 *
 * <ul>
 *   <li>Changes are {@link org.civictrust.kv.KvCommand}s with a request id (applied at most once, the
 *       retry gets the original result, across restarts and leader changes) and an expected version
 *       (compare-and-set). Each yields a {@link org.civictrust.kv.KvResult} with a stable {@link
 *       org.civictrust.kv.ReasonCode}; a refused command changes nothing.
 *   <li>{@link org.civictrust.kv.KvClient} finds the leader, retries with the same request id, and
 *       reads linearizably (ReadIndex). The peers are in the server module ({@code
 *       org.civictrust.kv.server}, artifact {@code issuance-kv-server}); this client module does not
 *       bring ratis-server.
 *   <li>{@link org.civictrust.kv.IssuanceCache} is the policy gate's bounded local cache, kept fresh
 *       by the change stream within a stated bound; {@link org.civictrust.kv.RevocationExport} exports
 *       the revocations as a C2SP signed note for offline verifiers.
 * </ul>
 *
 * Design, wire and snapshot formats, reason codes and the freshness bound: docs/design/issuance-kv.md.
 */
package org.civictrust.kv;
