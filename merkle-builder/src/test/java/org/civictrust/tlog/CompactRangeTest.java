package org.civictrust.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.civictrust.tlog.testing.RandomCases;
import org.civictrust.tlog.testing.RandomCases.PropertyTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompactRangeTest {
  private static final int MAX = 1100;
  private static final NaiveMerkleTree TREE = NaiveMerkleTree.ofSize(MAX);
  private static final Integer[] EDGES = RandomCases.edges(0, MAX);
  private static final Long[] LONG_EDGES = RandomCases.edges(0, Long.MAX_VALUE / 2);

  /** 1000 sizes in [0, MAX], after 0, 1, MAX - 1 and MAX. */
  static Stream<Arguments> sizes() {
    return RandomCases.cases(1000, g -> Arguments.of(g.intBetween(0, MAX)), RandomCases.combinations(EDGES));
  }

  /** 1000 pairs of points in [0, MAX], after every pair of edges. */
  static Stream<Arguments> twoPoints() {
    return RandomCases.cases(1000, g -> Arguments.of(g.intBetween(0, MAX), g.intBetween(0, MAX)),
        RandomCases.combinations(EDGES, EDGES));
  }

  /** 1000 triples of points in [0, MAX], after every triple of edges. */
  static Stream<Arguments> threePoints() {
    return RandomCases.cases(1000,
        g -> Arguments.of(g.intBetween(0, MAX), g.intBetween(0, MAX), g.intBetween(0, MAX)),
        RandomCases.combinations(EDGES, EDGES, EDGES));
  }

  /** 1000 quadruples of points in [0, MAX], after every quadruple of edges. */
  static Stream<Arguments> fourPoints() {
    return RandomCases.cases(1000,
        g -> Arguments.of(g.intBetween(0, MAX), g.intBetween(0, MAX), g.intBetween(0, MAX), g.intBetween(0, MAX)),
        RandomCases.combinations(EDGES, EDGES, EDGES, EDGES));
  }

  /** 1000 pairs of points in [0, Long.MAX_VALUE / 2], after every pair of edges. */
  static Stream<Arguments> twoFarPoints() {
    return RandomCases.cases(1000,
        g -> Arguments.of(g.longBetween(0, Long.MAX_VALUE / 2), g.longBetween(0, Long.MAX_VALUE / 2)),
        RandomCases.combinations(LONG_EDGES, LONG_EDGES));
  }

  private static CompactRange appended(int begin, int end, NodeVisitor visitor) {
    CompactRange range = CompactRange.empty(begin);
    for (int i = begin; i < end; i++) {
      range.append(Rfc9162.leafHash(TREE.entry(i)), visitor);
    }
    return range;
  }

  @PropertyTest
  @MethodSource("sizes")
  void rootOfAppendedLeavesIsTheRfc9162TreeHash(int size) {
    assertArrayEquals(TREE.mth(0, size), appended(0, size, null).rootHash().bytes());
  }

  @PropertyTest
  @MethodSource("twoPoints")
  void rangeHoldsTheHashesOfItsCoveringNodes(int a, int b) {
    int begin = Math.min(a, b);
    int end = Math.max(a, b);
    CompactRange range = appended(begin, end, null);
    List<NodeID> nodes = CompactRange.nodes(begin, end);
    assertEquals(nodes.size(), range.hashes().size());
    for (int i = 0; i < nodes.size(); i++) {
      NodeID node = nodes.get(i);
      assertArrayEquals(TREE.mth((int) node.begin(), (int) node.end()), range.hashes().get(i).bytes(), node.toString());
    }
  }

  @PropertyTest
  @MethodSource("threePoints")
  void mergingAdjacentRangesEqualsAppendingAllLeaves(int x, int y, int z) {
    int[] p = {x, y, z};
    java.util.Arrays.sort(p);
    CompactRange left = appended(p[0], p[1], null);
    CompactRange right = appended(p[1], p[2], null);
    CompactRange rightBefore = right.copy();
    left.appendRange(right, null);
    assertEquals(appended(p[0], p[2], null), left);
    assertEquals(rightBefore, right, "the appended range is left unchanged");
  }

  @PropertyTest
  @MethodSource("fourPoints")
  void mergingIsAssociative(int w, int x, int y, int z) {
    int[] p = {w, x, y, z};
    java.util.Arrays.sort(p);
    CompactRange ab = appended(p[0], p[1], null);
    CompactRange bc = appended(p[1], p[2], null);
    ab.appendRange(bc, null);
    ab.appendRange(appended(p[2], p[3], null), null);
    CompactRange cd = appended(p[2], p[3], null);
    CompactRange bd = appended(p[1], p[2], null);
    bd.appendRange(cd, null);
    CompactRange a = appended(p[0], p[1], null);
    a.appendRange(bd, null);
    assertEquals(ab, a);
  }

  @PropertyTest
  @MethodSource("sizes")
  void visitorSeesEveryPerfectNodeOnceWithItsHash(int size) {
    Map<NodeID, Hash> seen = new HashMap<>();
    appended(0, size, (node, hash) -> assertEquals(null, seen.put(node, hash), "visited twice: " + node));
    int perfectNodes = 0;
    for (int level = 0; (1 << level) <= size; level++) {
      perfectNodes += size >> level;
    }
    assertEquals(perfectNodes, seen.size());
    seen.forEach((node, hash) ->
        assertArrayEquals(TREE.mth((int) node.begin(), (int) node.end()), hash.bytes(), node.toString()));
  }

  @PropertyTest
  @MethodSource("twoFarPoints")
  void coveringNodesAreAlignedContiguousAndFewest(long a, long b) {
    long begin = Math.min(a, b);
    long end = Math.max(a, b);
    long at = begin;
    List<NodeID> nodes = CompactRange.nodes(begin, end);
    for (NodeID node : nodes) {
      assertEquals(at, node.begin());
      at = node.end();
    }
    assertEquals(end, at);
    for (int i = 0; i + 1 < nodes.size(); i++) {
      NodeID n = nodes.get(i);
      // Two neighbours that are siblings could merge into their parent: a covering is never that wasteful.
      boolean siblings = n.level() == nodes.get(i + 1).level() && (n.index() & 1) == 0;
      assertEquals(false, siblings, "mergeable neighbours " + n + " " + nodes.get(i + 1));
    }
  }

  @Test
  void emptyRangeFromZeroHasTheEmptyRoot() {
    assertEquals(Rfc9162.EMPTY_ROOT, CompactRange.empty(0).rootHash());
    assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", Rfc9162.EMPTY_ROOT.toBase64());
  }

  @Test
  void rangeNotFromZeroHasNoTreeRoot() {
    assertThrows(IllegalStateException.class, () -> appended(3, 9, null).rootHash());
  }

  @Test
  void rejectsHashesThatDoNotMatchTheRangeShape() {
    List<Hash> twoHashes = new ArrayList<>(appended(0, 6, null).hashes());
    assertEquals(2, twoHashes.size());
    assertThrows(IllegalArgumentException.class, () -> CompactRange.of(0, 7, twoHashes));
    assertEquals(appended(0, 6, null), CompactRange.of(0, 6, twoHashes));
  }

  @Test
  void rejectsAppendingARangeThatDoesNotMeet() {
    CompactRange left = appended(0, 5, null);
    assertThrows(IllegalArgumentException.class, () -> left.appendRange(appended(6, 8, null), null));
  }

  @Test
  void readsARangeFromStoredNodes() throws Exception {
    assertEquals(appended(37, 900, null), CompactRange.read(37, 900, TREE.reader()));
  }
}
