package org.civictrust.kv;

import org.civictrust.kv.protocol.Fields;

/**
 * The anchored watermark of one log: a signed checkpoint of size {@code treeSize} covers, and so
 * anchors, every leaf with index below it. It only moves forward.
 *
 * @param origin the log's origin
 * @param treeSize the size of the latest checkpoint recorded, not negative
 * @param at when it was recorded
 * @param version the record's version
 */
public record WatermarkRecord(String origin, long treeSize, long at, long version) {
  /**
   * Validates the record.
   *
   * @throws IllegalArgumentException if a field breaks its rule
   */
  public WatermarkRecord {
    Fields.origin(origin);
    if (treeSize < 0) {
      throw new IllegalArgumentException("treeSize must not be negative");
    }
    Fields.time(at, "at");
    Fields.version(version);
  }

  /** Whether the leaf {@code leafIndex} of this log is anchored. */
  public boolean anchors(long leafIndex) {
    return leafIndex >= 0 && leafIndex < treeSize;
  }
}
