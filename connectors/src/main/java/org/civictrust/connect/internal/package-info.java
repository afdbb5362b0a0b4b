/**
 * The archive's machinery, for {@code org.civictrust.connect} only: {@link
 * org.civictrust.connect.internal.TileTree} (the growing edge of a tree in tiles), {@link
 * org.civictrust.connect.internal.LogArchiver} (one log's archiving: write once, verify, publish, durable
 * offsets, resume), {@link org.civictrust.connect.internal.ArchiveCheck} (the verification from the
 * entries up), {@link org.civictrust.connect.internal.LogFiles}, {@link
 * org.civictrust.connect.internal.Keys} and {@link org.civictrust.connect.internal.SinkConfig}.
 */
package org.civictrust.connect.internal;
