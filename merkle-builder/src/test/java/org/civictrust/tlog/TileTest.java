package org.civictrust.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.civictrust.tlog.testing.RandomCases;
import org.civictrust.tlog.testing.RandomCases.PropertyTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TileTest {
  private static final int LOG_SIZE = 70_000;
  private static final NaiveMerkleTree TREE = NaiveMerkleTree.ofSize(LOG_SIZE);
  private static final MemoryTiles TILES = new MemoryTiles();

  static {
    CompactRange range = CompactRange.empty(0);
    for (int i = 0; i < LOG_SIZE; i++) {
      range.append(Rfc9162.leafHash(TREE.entry(i)), TILES);
    }
  }

  @Test
  void encodesIndexesInThreeDigitGroupsAsTheSpecShows() {
    assertEquals("x001/x234/067", Tile.formatIndex(1234067));
    assertEquals("000", Tile.formatIndex(0));
    assertEquals("999", Tile.formatIndex(999));
    assertEquals("x001/000", Tile.formatIndex(1000));
    assertEquals("tile/0/x001/x234/067", new Tile(0, 1234067, 256).path());
    assertEquals("tile/1/005.p/17", new Tile(1, 5, 17).path());
    assertEquals("tile/entries/x001/x234/067.p/255", new Tile(0, 1234067, 255).entriesPath());
  }

  /** 1000 of (level in [0, 63], index >= 0, width in [1, 256]), after every triple of edges. */
  static Stream<Arguments> tiles() {
    return RandomCases.cases(1000,
        g -> Arguments.of(g.intBetween(0, 63), g.longBetween(0, Long.MAX_VALUE), g.intBetween(1, 256)),
        RandomCases.combinations(
            RandomCases.edges(0, 63), RandomCases.edges(0, Long.MAX_VALUE), RandomCases.edges(1, 256)));
  }

  @PropertyTest
  @MethodSource("tiles")
  void pathsRoundTrip(int level, long index, int width) {
    Tile tile = new Tile(level, index, width);
    assertEquals(tile, Tile.parsePath(tile.path()));
    Tile level0 = new Tile(0, index, width);
    assertEquals(level0, Tile.parseEntriesPath(level0.entriesPath()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tile/0/1", "tile/00/001", "tile/0/x000/001", "tile/0/001.p/256", "tile/0/001.p/0",
      "tile/0/001.p/007", "tile/64/000", "tile/0/001/", "/tile/0/001", "tile/0/1234", "tile/0/001.p/",
      "tile/entries/000", "tile/0/x1/000", "tile/0/x999/x999/x999/x999/x999/x999/x999/999"})
  void rejectsNonCanonicalTilePaths(String path) {
    assertThrows(IllegalArgumentException.class, () -> Tile.parsePath(path));
  }

  @Test
  void aTreeOf70000HasTheTilesTheSpecLists() {
    List<String> paths = Tile.tilesForSize(70_000).stream().map(Tile::path).collect(Collectors.toList());
    assertEquals(273 + 1 + 1 + 1 + 1, paths.size());
    assertEquals(273, paths.stream().filter(p -> p.startsWith("tile/0/") && !p.contains(".p/")).count());
    assertEquals(List.of("tile/0/273.p/112", "tile/1/000", "tile/1/001.p/17", "tile/2/000.p/1"),
        paths.subList(273, paths.size()));
  }

  @Test
  void aTreeOf256HasAFullTileAndAPartialTileOfWidthOneAbove() {
    assertEquals(List.of(new Tile(0, 0, 256), new Tile(1, 0, 1)), Tile.tilesForSize(256));
    assertEquals(List.of(), Tile.tilesForSize(0));
  }

  /** 1000 pairs of sizes in [0, 200000], after every pair of edges. */
  static Stream<Arguments> twoSizes() {
    Integer[] edges = RandomCases.edges(0, 200_000);
    return RandomCases.cases(1000, g -> Arguments.of(g.intBetween(0, 200_000), g.intBetween(0, 200_000)),
        RandomCases.combinations(edges, edges));
  }

  @PropertyTest
  @MethodSource("twoSizes")
  void growingPublishesOnlyChangedTiles(int a, int b) {
    long oldSize = Math.min(a, b);
    long newSize = Math.max(a, b);
    List<Tile> all = new ArrayList<>(Tile.tilesForSize(oldSize));
    all.addAll(Tile.newTiles(oldSize, newSize));
    // Every tile of the new tree is either unchanged from the old tree or newly published.
    for (Tile tile : Tile.tilesForSize(newSize)) {
      assertEquals(true, all.contains(tile), tile.path());
    }
    for (Tile tile : Tile.newTiles(oldSize, newSize)) {
      assertEquals(false, Tile.tilesForSize(oldSize).contains(tile), "republished " + tile.path());
    }
  }

  @Test
  void levelOneTileHashesAreRootsOfFullLevelZeroTiles() throws IOException {
    byte[] tile = TILES.readTile(new Tile(1, 0, 256));
    for (int i = 0; i < 256; i++) {
      byte[] want = TREE.mth(i * 256, (i + 1) * 256);
      assertArrayEquals(want, java.util.Arrays.copyOfRange(tile, i * 32, (i + 1) * 32), "hash " + i);
    }
    assertEquals(LOG_SIZE / 256, TILES.hashCount(1));
    assertEquals(LOG_SIZE / 65536, TILES.hashCount(2));
  }

  /** 300 of (size in [1, LOG_SIZE], any index in [0, LOG_SIZE - 1]), after every pair of edges. */
  static Stream<Arguments> sizesAndIndexes() {
    return RandomCases.cases(300, g -> Arguments.of(g.intBetween(1, LOG_SIZE), g.intBetween(0, LOG_SIZE - 1)),
        RandomCases.combinations(RandomCases.edges(1, LOG_SIZE), RandomCases.edges(0, LOG_SIZE - 1)));
  }

  @PropertyTest
  @MethodSource("sizesAndIndexes")
  void proofsFromTilesMatchTheReference(int size, int anyIndex) throws Exception {
    int index = anyIndex % size;
    HashReader tiles = new TileHashReader(size, TILES);
    assertEquals(NaiveMerkleTree.hashes(TREE.path(index, 0, size)), InclusionProofs.prove(index, size, tiles));
    if (index > 0) {
      assertEquals(NaiveMerkleTree.hashes(TREE.proof(index, size)), ConsistencyProofs.prove(index, size, tiles));
    }
    assertArrayEquals(TREE.mth(0, size), CompactRange.read(0, size, tiles).rootHash().bytes());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 255, 256, 1000, 65_537})
  void oneReaderProvesEveryLeafOfABatchReadingEachTileOnce(int size) throws Exception {
    java.util.Map<Tile, Integer> reads = new java.util.HashMap<>();
    HashReader tiles = new TileHashReader(size, tile -> {
      reads.merge(tile, 1, Integer::sum);
      return TILES.readTile(tile);
    });
    int first = Math.max(0, size - 1300);
    for (int index = first; index < size; index++) {
      assertEquals(NaiveMerkleTree.hashes(TREE.path(index, 0, size)), InclusionProofs.prove(index, size, tiles),
          "leaf " + index + " of " + size);
    }
    assertEquals(List.of(), reads.values().stream().filter(n -> n != 1).collect(Collectors.toList()),
        "reads per tile: " + reads);
  }

  @Test
  void refusesATileOfTheWrongLength() {
    HashReader truncated = new TileHashReader(1000, tile -> new byte[31]);
    assertThrows(IOException.class, () -> InclusionProofs.prove(3, 1000, truncated));
  }

  @Test
  void reportsAMissingTile() {
    assertThrows(java.nio.file.NoSuchFileException.class, () -> TILES.readTile(new Tile(0, 273, 256)));
    assertThrows(java.nio.file.NoSuchFileException.class, () -> TILES.readTile(new Tile(3, 0, 1)));
  }

  @Test
  void entryBundlesRoundTripAndRejectTrailingBytes() throws Exception {
    List<byte[]> entries = List.of(new byte[0], "civic".getBytes(), new byte[EntryBundle.MAX_ENTRY_SIZE]);
    byte[] bundle = EntryBundle.format(entries);
    assertEquals(2 + 0 + 2 + 5 + 2 + 65535, bundle.length);
    List<byte[]> parsed = EntryBundle.parse(bundle, 3);
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(entries.get(i), parsed.get(i));
    }
    byte[] longer = java.util.Arrays.copyOf(bundle, bundle.length + 1);
    ProofsTest.assertReason(Reason.MALFORMED, () -> EntryBundle.parse(longer, 3));
    ProofsTest.assertReason(Reason.MALFORMED, () -> EntryBundle.parse(bundle, 2));
    ProofsTest.assertReason(Reason.MALFORMED, () -> EntryBundle.parse(bundle, 4));
    ProofsTest.assertReason(Reason.MALFORMED,
        () -> EntryBundle.parse(java.util.Arrays.copyOf(bundle, bundle.length - 1), 3));
    assertThrows(IllegalArgumentException.class,
        () -> EntryBundle.format(List.of(new byte[EntryBundle.MAX_ENTRY_SIZE + 1])));
  }
}
