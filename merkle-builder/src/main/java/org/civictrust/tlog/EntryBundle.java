package org.civictrust.tlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Entry bundles of C2SP tlog-tiles ("Log entries"): up to 256 consecutive log entries, each prefixed
 * with its length as a big-endian uint16, so an entry holds at most 65,535 bytes.
 */
public final class EntryBundle {
  /** The largest entry a bundle can carry. */
  public static final int MAX_ENTRY_SIZE = 0xffff;

  private EntryBundle() {}

  /**
   * Formats {@code entries} as a bundle.
   *
   * @throws IllegalArgumentException unless there are 1 to 256 entries of at most 65,535 bytes
   */
  public static byte[] format(List<byte[]> entries) {
    if (entries.isEmpty() || entries.size() > Tile.FULL_WIDTH) {
      throw new IllegalArgumentException("a bundle holds 1 to 256 entries, got " + entries.size());
    }
    int size = 0;
    for (byte[] entry : entries) {
      Objects.requireNonNull(entry, "entry");
      if (entry.length > MAX_ENTRY_SIZE) {
        throw new IllegalArgumentException("an entry holds at most 65535 bytes, got " + entry.length);
      }
      size += 2 + entry.length;
    }
    byte[] bundle = new byte[size];
    int at = 0;
    for (byte[] entry : entries) {
      bundle[at++] = (byte) (entry.length >>> 8);
      bundle[at++] = (byte) entry.length;
      System.arraycopy(entry, 0, bundle, at, entry.length);
      at += entry.length;
    }
    return bundle;
  }

  /**
   * Parses a bundle that must hold exactly {@code count} entries and nothing after them.
   *
   * @throws VerificationException MALFORMED if a length runs past the end, the count differs, or
   *     bytes trail the last entry
   */
  public static List<byte[]> parse(byte[] bundle, int count) throws VerificationException {
    if (count < 1 || count > Tile.FULL_WIDTH) {
      throw new IllegalArgumentException("a bundle holds 1 to 256 entries, not " + count);
    }
    List<byte[]> entries = new ArrayList<>(count);
    int at = 0;
    while (at < bundle.length) {
      if (entries.size() == count) {
        throw new VerificationException(Reason.MALFORMED,
            (bundle.length - at) + " bytes trail the " + count + " entries of the bundle");
      }
      if (bundle.length - at < 2) {
        throw new VerificationException(Reason.MALFORMED, "bundle ends inside a length prefix at byte " + at);
      }
      int length = (bundle[at] & 0xff) << 8 | (bundle[at + 1] & 0xff);
      at += 2;
      if (bundle.length - at < length) {
        throw new VerificationException(Reason.MALFORMED, "entry " + entries.size() + " of " + length
            + " bytes runs past the end of the bundle");
      }
      entries.add(java.util.Arrays.copyOfRange(bundle, at, at + length));
      at += length;
    }
    if (entries.size() != count) {
      throw new VerificationException(Reason.MALFORMED,
          "bundle holds " + entries.size() + " entries, expected " + count);
    }
    return entries;
  }
}
