package org.civictrust.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.civictrust.tiles.LogMirror;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.VerificationException;

/**
 * Compares an archived log with what the tile server serves for it: {@link LogMirror} (tile-server),
 * fed the same entries and checkpoint.
 */
final class MirrorComparison {
  private MirrorComparison() {}

  /** The tile server's mirror of the first {@code size} entries of {@code log}, checkpoint {@code size} published. */
  static LogMirror mirror(SyntheticLog log, long size) throws VerificationException {
    LogMirror mirror = new LogMirror(log.origin, log.vkey);
    for (long i = 0; i < size; i++) {
      mirror.appendEntry(i, log.entry(i));
    }
    mirror.offerCheckpoint(log.checkpoint(size));
    assertEquals(size, mirror.checkpointSize(), "the mirror published the checkpoint");
    return mirror;
  }

  /**
   * Asserts that every tile and entry bundle within the mirror's tree that the archive holds below
   * {@code prefix} is byte for byte the mirror's, and that the archive holds every tile and bundle of
   * that tree. Returns the number of files compared.
   */
  static int assertSameAsMirror(ArchiveStore store, String prefix, LogMirror mirror) throws IOException {
    int compared = 0;
    Set<String> seen = new HashSet<>();
    long size = mirror.checkpointSize();
    for (String key : store.list(prefix + "tile/")) {
      String path = key.substring(prefix.length());
      boolean bundle = path.startsWith("tile/entries/");
      Tile tile;
      try {
        tile = bundle ? Tile.parseEntriesPath(path) : Tile.parsePath(path);
      } catch (IllegalArgumentException notATile) {
        // Not the archive's: s3proxy's filesystem backend leaves its temporary file when stopped mid-write.
        System.out.println("not a tile or bundle, not compared: " + key);
        continue;
      }
      byte[] served = bundle ? mirror.entryBundle(tile) : mirror.tile(tile);
      if (served == null) {
        long hashes = size >>> (Tile.HEIGHT * tile.level());
        assertTrue(tile.index() * Tile.FULL_WIDTH + tile.width() > hashes,
            path + " is within the tree of size " + size + " but the tile server does not serve it");
        continue;
      }
      assertArrayEquals(served, store.read(key), path + " differs from the tile server's");
      seen.add(path);
      compared++;
    }
    for (Tile tile : Tile.tilesForSize(size)) {
      assertTrue(seen.contains(tile.path()) || (tile.isPartial() && seen.contains(
          new Tile(tile.level(), tile.index(), Tile.FULL_WIDTH).path())), "the archive lacks " + tile.path());
      if (tile.level() == 0) {
        assertTrue(seen.contains(tile.entriesPath()) || (tile.isPartial() && seen.contains(
            new Tile(0, tile.index(), Tile.FULL_WIDTH).entriesPath())), "the archive lacks " + tile.entriesPath());
      }
    }
    byte[] checkpoint = store.read(prefix + ArchiveLayout.CHECKPOINT);
    assertNotNull(checkpoint, "the archive has a checkpoint");
    assertArrayEquals(mirror.checkpoint(), checkpoint, "the archive's checkpoint is the one the tile server publishes");
    return compared;
  }
}
