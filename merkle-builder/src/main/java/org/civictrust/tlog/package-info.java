/**
 * The CivicTrust trust core: a transparency log's Merkle tree and the signed statements about it,
 * byte-compatible with the transparency ecosystem, with no I/O.
 *
 * <ul>
 *   <li>RFC 9162 section 2.1: {@link org.civictrust.tlog.Rfc9162} hashing, {@link
 *       org.civictrust.tlog.Hash}, {@link org.civictrust.tlog.CompactRange} (incremental append, merge),
 *       {@link org.civictrust.tlog.InclusionProofs} (2.1.3) and {@link
 *       org.civictrust.tlog.ConsistencyProofs} (2.1.4): which nodes, fetch through a {@link
 *       org.civictrust.tlog.HashReader}, compute, check.
 *   <li>C2SP tlog-tiles: {@link org.civictrust.tlog.Tile} paths and layout, {@link
 *       org.civictrust.tlog.EntryBundle}, {@link org.civictrust.tlog.TileHashReader}, {@link
 *       org.civictrust.tlog.MemoryTiles}.
 *   <li>C2SP signed-note: {@link org.civictrust.tlog.Notes} ({@code sign}/{@code open}), {@link
 *       org.civictrust.tlog.Note}, {@link org.civictrust.tlog.SignerKey}, {@link
 *       org.civictrust.tlog.VerifierKey}.
 *   <li>C2SP tlog-checkpoint: {@link org.civictrust.tlog.Checkpoint}; tlog-cosignature/v1: {@link
 *       org.civictrust.tlog.CosignerKey}, {@link org.civictrust.tlog.Cosignatures}; tlog-proof: {@link
 *       org.civictrust.tlog.TlogProof}.
 * </ul>
 *
 * <p>Every verification fails closed with a {@link org.civictrust.tlog.VerificationException}
 * carrying a stable {@link org.civictrust.tlog.Reason}. Tree sizes are limited to 2^63 - 1.
 */
package org.civictrust.tlog;
