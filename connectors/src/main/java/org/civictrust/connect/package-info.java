/**
 * Archives of CivicTrust logs in C2SP tlog-tiles layout (https://c2sp.org/tlog-tiles): a Kafka Connect
 * sink that writes them, and the tools that verify them and restore a log's state from them.
 *
 * <ul>
 *   <li>{@link org.civictrust.connect.ArchiveSinkConnector} and {@link org.civictrust.connect.ArchiveSinkTask}:
 *       the Connect plugin. It reads {@code civictrust.log.entries} and {@code civictrust.log.checkpoints}
 *       and writes, below each log's prefix ({@link org.civictrust.connect.ArchiveLayout}), the entry
 *       bundles {@code tile/entries/<N>[.p/<W>]}, the tiles {@code tile/<L>/<N>[.p/<W>]} (section
 *       "Merkle Tree", byte for byte what the tile server serves) and the signed {@code checkpoint}
 *       (section "Checkpoints"). Tiles and bundles are written once; the checkpoint is replaced only by
 *       a newer one signed by the log's key and proven consistent with it (RFC 9162 section 2.1.4), so
 *       the archive never goes backwards and never shows a fork.
 *   <li>{@link org.civictrust.connect.ArchiveStore}: where archives live, a directory
 *       ({@link org.civictrust.connect.DirectoryStore}) or an S3-compatible bucket
 *       ({@link org.civictrust.connect.S3Store}, {@link org.civictrust.connect.S3Settings}).
 *   <li>{@link org.civictrust.connect.ArchiveVerifier}: recomputes every tile and the root from the
 *       entry bundles and checks them against the signed checkpoint, naming the first bad file with a
 *       stable {@link org.civictrust.connect.ArchiveFault} ({@link org.civictrust.connect.ArchiveReport}).
 *   <li>{@link org.civictrust.connect.ArchiveSnapshot}: the same checks, keeping the verified state a
 *       sequencer needs to continue the log: tree size, root, compact range, tile hashes, checkpoint,
 *       entries.
 *   <li>{@link org.civictrust.connect.ArchiveWriter}: writes a log's archive from its entries with the
 *       sink's machinery, for tools ({@code civictrust tlog tiles}, {@code civictrust replay}): every
 *       tile and bundle once, the partial ones of the sizes asked for, and a checkpoint the tree proves.
 *   <li>{@link org.civictrust.connect.LogReplay}: a log rebuilt into an archive from its published
 *       entries ({@code civictrust replay}), each published checkpoint checked against it with a
 *       finding, the latest that matches written as the archive's checkpoint.
 * </ul>
 */
package org.civictrust.connect;
