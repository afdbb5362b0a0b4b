/**
 * The CivicTrust issuance topology (issue #3): a Kafka Streams application, run with
 * {@code exactly_once_v2}, that turns each record of {@code civictrust.issuance.requests} into exactly
 * one output: a signed {@link org.civictrust.schemas.IssuedDocument} on {@code civictrust.documents.issued}
 * (the canonical document and its log entry, the canonical {@link org.civictrust.schemas.IssuedEntry}
 * that becomes an RFC 9162 leaf) or a {@link org.civictrust.schemas.Rejection} on
 * {@code civictrust.issuance.rejected} with a stable {@link org.civictrust.schemas.RejectionReason} and
 * the original bytes.
 *
 * <ul>
 *   <li>{@link org.civictrust.issuance.IssuanceTopology#build} is a pure factory of the {@code Topology};
 *       {@link org.civictrust.issuance.IssuanceConfig} holds what it needs and the Streams properties.
 *   <li>{@link org.civictrust.issuance.RequestDecoder}: Avro single-object encoding with the pinned
 *       fingerprint by default; other wire formats plug in here.
 *   <li>{@link org.civictrust.issuance.IssuerRegistry}: issuers, document types, validity and key
 *       lifecycle ({@link org.civictrust.issuance.KeyState}) as of a request's record time; {@link
 *       org.civictrust.issuance.IssuerRegistryFile} loads a fixed one from JSON, {@link
 *       org.civictrust.issuance.KvIssuerRegistry} reads the Raft-replicated issuance store (issue #4)
 *       through its bounded cache and fails closed when it cannot show it is fresh.
 * </ul>
 *
 * <p>Issuer keys are C2SP signed-note Ed25519 keys (signature type 0x01) named by the issuer id; the
 * issuer signature is a plain Ed25519 signature over the canonical document bytes. Time comes from
 * record timestamps only, so replaying the requests into an empty deployment reproduces byte-identical
 * outputs. Helpers live in {@code org.civictrust.issuance.internal}, for this package only. Design:
 * {@code docs/design/issuance-topology.md}.
 */
package org.civictrust.issuance;
