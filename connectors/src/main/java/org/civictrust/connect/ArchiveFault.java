package org.civictrust.connect;

/**
 * What is wrong with an archive, or with what a sink was asked to put in it: a stable code that
 * operators, scripts and tests rely on. Each fault has a numeric id that is never reused or renumbered.
 * Assert on faults, never on messages.
 */
public enum ArchiveFault {
  /** The log's prefix holds no {@code checkpoint}. */
  CHECKPOINT_MISSING(1),
  /**
   * A checkpoint is not a checkpoint of this log signed by its key (bad signature, unknown key, other
   * origin, not a checkpoint), or its record contradicts its note; {@link ArchiveException#reason()}
   * says which check failed.
   */
  CHECKPOINT_INVALID(2),
  /** An entry bundle the checkpoint's tree needs is not in the archive. */
  BUNDLE_MISSING(3),
  /** An entry bundle does not parse as the number of entries its path promises. */
  BUNDLE_MALFORMED(4),
  /**
   * An entry bundle's entries do not hash to the archive's level-0 tile, while the archive's tiles do
   * give the checkpoint's root: the bundle is the part that is wrong.
   */
  BUNDLE_MISMATCH(5),
  /** A tile the checkpoint's tree needs is not in the archive. */
  TILE_MISSING(6),
  /** A tile's length is not 32 bytes times its width. */
  TILE_MALFORMED(7),
  /** A tile differs from the one recomputed from the entry bundles, which give the checkpoint's root. */
  TILE_MISMATCH(8),
  /**
   * The root recomputed from the entry bundles is not the checkpoint's, and the archive's tiles do not
   * give it either.
   */
  ROOT_MISMATCH(9),
  /** A file written once (a tile or an entry bundle) already exists with other bytes; it was left as it is. */
  IMMUTABLE_CONFLICT(10),
  /**
   * A checkpoint signed by the log that contradicts the archive: its root is not the root of the
   * archived entries at its size, or no consistency proof leads to it from the archive's checkpoint.
   */
  INCONSISTENT_CHECKPOINT(11),
  /** The archive's checkpoint changed while the sink was replacing it: another writer is at work. */
  CHECKPOINT_CHANGED(12),
  /** A record of the log's topics does not decode (or holds an entry too long for an entry bundle). */
  MALFORMED_RECORD(13),
  /** The entries topic lacks an entry the log needs: after leaf N-1 comes a leaf above N. */
  ENTRIES_MISSING(14);

  private final int id;

  ArchiveFault(int id) {
    this.id = id;
  }

  /** The stable numeric id of this fault. */
  public int id() {
    return id;
  }
}
