package org.civictrust.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civictrust.connect.internal.TileTree;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.Tile;
import org.junit.jupiter.api.Test;

class TileTreeTest {
  static final long[] SIZES = {0, 1, 2, 255, 256, 257, 511, 512, 700, 65_535, 65_536, 65_537, 70_000, 131_072 + 300};

  @Test
  void handsOutEveryFullTileOnceAsMemoryTilesHoldsIt() throws Exception {
    MemoryTiles reference = new MemoryTiles();
    CompactRange range = CompactRange.empty(0);
    TileTree tree = TileTree.empty();
    List<Tile> handedOut = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (long i = 0; i < 70_000; i++) {
      byte[] leaf = Long.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      range.append(Rfc9162.leafHash(leaf), reference);
      tree.append(Rfc9162.leafHash(leaf), (tile, content) -> {
        handedOut.add(tile);
        try {
          if (!java.util.Arrays.equals(content, reference.readTile(tile))) {
            failures.add(tile.path());
          }
        } catch (java.io.IOException e) {
          failures.add(tile.path() + ": " + e);
        }
      }, null);
    }
    assertEquals(List.of(), failures);
    List<Tile> full = Tile.tilesForSize(70_000).stream().filter(t -> !t.isPartial()).toList();
    assertEquals(full.size(), handedOut.size());
    assertEquals(new java.util.HashSet<>(full), new java.util.HashSet<>(handedOut));
    assertEquals(range.rootHash(), tree.rootHash());
  }

  @Test
  void theTreeRebuiltFromItsPartialTilesIsTheTreeAtThatSize() throws Exception {
    MemoryTiles reference = new MemoryTiles();
    CompactRange range = CompactRange.empty(0);
    long max = SIZES[SIZES.length - 1];
    List<String> failures = new ArrayList<>();
    int next = 0;
    for (long i = 0; i <= max; i++) {
      if (i == SIZES[next]) {
        Map<Integer, byte[]> partial = new HashMap<>();
        for (Tile tile : TileTree.partialTiles(i)) {
          partial.put(tile.level(), reference.readTile(tile));
        }
        TileTree rebuilt = TileTree.fromPartialTiles(i, partial);
        if (!rebuilt.compactRange().equals(range) || !rebuilt.rootHash().equals(range.rootHash())) {
          failures.add("size " + i);
        }
        next++;
      }
      if (i < max) {
        range.append(Rfc9162.leafHash(Long.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII)), reference);
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void refusesPartialTilesThatDoNotFitTheSize() {
    byte[] oneHash = new byte[32];
    assertThrows(IllegalArgumentException.class, () -> TileTree.fromPartialTiles(2, Map.of(0, oneHash)));
    assertThrows(IllegalArgumentException.class, () -> TileTree.fromPartialTiles(256, Map.of(0, oneHash)));
    assertThrows(IllegalArgumentException.class, () -> TileTree.fromPartialTiles(1, Map.of()));
    assertArrayEquals(oneHash, TileTree.fromPartialTiles(1, Map.of(0, oneHash)).rowContent(0, 1));
  }

  @Test
  void partialTilesFollowTheSpecsExample() {
    // C2SP tlog-tiles: size 70,000 has a partial level-0 tile of width 112, level 1 of 17, level 2 of 1.
    assertEquals(List.of(new Tile(0, 273, 112), new Tile(1, 1, 17), new Tile(2, 0, 1)), TileTree.partialTiles(70_000));
    assertEquals(List.of(new Tile(1, 0, 1)), TileTree.partialTiles(256));
  }
}
