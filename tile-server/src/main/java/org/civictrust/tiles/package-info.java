/**
 * Serves CivicTrust logs over HTTP in C2SP tlog-tiles layout ({@link org.civictrust.tiles.TileServer}),
 * from in-memory mirrors ({@link org.civictrust.tiles.LogMirror}) fed by the committed entries and
 * checkpoints topics ({@link org.civictrust.tiles.MirrorFeed}). A mirror publishes a checkpoint only
 * after recomputing its root from the entries, so it never serves a tree that does not match.
 */
package org.civictrust.tiles;
