/**
 * Offline verification of CivicTrust receipts: the public API of the {@code verifier} module, for
 * anyone who holds a receipt and wants to know, without asking anyone, whether the document it carries
 * was issued by a trusted issuer and logged in a trusted transparency log.
 *
 * <ul>
 *   <li>{@link org.civictrust.verifier.Receipt}: the receipt file ({@code
 *       application/vnd.civictrust.receipt.v1+json}): the canonical document, the log entry and a C2SP
 *       tlog-proof (c2sp.org/tlog-proof, "Format").
 *   <li>{@link org.civictrust.verifier.TrustStore}: the trusted logs and issuers, with their C2SP
 *       verifier keys (c2sp.org/signed-note, "Verifier keys"), and for each log optionally the
 *       witnesses a quorum of which must cosign its checkpoints (c2sp.org/tlog-policy).
 *   <li>{@link org.civictrust.verifier.ReceiptVerifier}: verifies a receipt at a given time, following
 *       C2SP tlog-proof "Verifying a tlog proof" (log signature and origin, witness cosignatures when
 *       required, then the RFC 9162 section 2.1.3.2 inclusion proof), then the document's commitment,
 *       issuer and signature.
 *   <li>{@link org.civictrust.verifier.RevocationSnapshot}: the issuance store's signed list of revoked
 *       issuer keys and documents (a C2SP signed note), opened with the trust store's revocation keys;
 *       a verifier handed one reports revoked documents as REVOKED.
 *   <li>{@link org.civictrust.verifier.Verdict}: the result, with a stable {@link
 *       org.civictrust.verifier.Status}, the deciding {@link org.civictrust.verifier.Check}, an
 *       explanation stating the evidence, the authenticated facts, and the same evidence typed ({@link
 *       org.civictrust.verifier.Evidence}: quorum and who cosigned, the revocation that decided,
 *       expected and found hashes and keys).
 * </ul>
 *
 * <p>Verification fails closed and never throws for bad input. The module opens no network connection
 * and no file (the caller hands it bytes), and does not depend on Kafka.
 */
package org.civictrust.verifier;
