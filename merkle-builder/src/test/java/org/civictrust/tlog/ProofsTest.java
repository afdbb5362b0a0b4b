package org.civictrust.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.civictrust.tlog.testing.RandomCases;
import org.civictrust.tlog.testing.RandomCases.PropertyTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Proof generation and checking, cross-checked against the naive RFC 9162 definitions. */
class ProofsTest {
  private static final int MAX = 300;
  private static final NaiveMerkleTree TREE = NaiveMerkleTree.ofSize(MAX);

  private static Hash root(int size) {
    return Hash.of(TREE.mth(0, size));
  }

  private static Hash leaf(int index) {
    return Rfc9162.leafHash(TREE.entry(index));
  }

  /** 1000 of (size in [1, MAX], any index in [0, MAX - 1], bit in [0, 255]), after every triple of edges. */
  static Stream<Arguments> inclusionFlips() {
    return RandomCases.cases(1000,
        g -> Arguments.of(g.intBetween(1, MAX), g.intBetween(0, MAX - 1), g.intBetween(0, 255)),
        RandomCases.combinations(RandomCases.edges(1, MAX), RandomCases.edges(0, MAX - 1), RandomCases.edges(0, 255)));
  }

  /** 1000 of (new size in [2, MAX], any old size in [1, MAX], bit in [0, 255]), after every triple of edges. */
  static Stream<Arguments> consistencyFlips() {
    return RandomCases.cases(1000,
        g -> Arguments.of(g.intBetween(2, MAX), g.intBetween(1, MAX), g.intBetween(0, 255)),
        RandomCases.combinations(RandomCases.edges(2, MAX), RandomCases.edges(1, MAX), RandomCases.edges(0, 255)));
  }

  @Test
  void inclusionProofsAtEveryIndexAndSizeMatchRfc9162AndVerify() throws Exception {
    int checked = 0;
    for (int size = 1; size <= MAX; size++) {
      HashReader reader = TREE.reader();
      for (int index = 0; index < size; index++) {
        List<Hash> proof = InclusionProofs.prove(index, size, reader);
        assertEquals(NaiveMerkleTree.hashes(TREE.path(index, 0, size)), proof, index + "/" + size);
        assertEquals(InclusionProofs.proofSize(index, size), proof.size());
        InclusionProofs.check(index, size, leaf(index), proof, root(size));
        checked++;
      }
    }
    assertEquals(MAX * (MAX + 1) / 2, checked);
  }

  @Test
  void consistencyProofsAtEverySizePairMatchRfc9162AndVerify() throws Exception {
    int checked = 0;
    for (int newSize = 1; newSize <= MAX; newSize++) {
      for (int oldSize = 1; oldSize < newSize; oldSize++) {
        List<Hash> proof = ConsistencyProofs.prove(oldSize, newSize, TREE.reader());
        assertEquals(NaiveMerkleTree.hashes(TREE.proof(oldSize, newSize)), proof, oldSize + "->" + newSize);
        ConsistencyProofs.check(oldSize, newSize, root(oldSize), root(newSize), proof);
        checked++;
      }
    }
    assertEquals(MAX * (MAX - 1) / 2, checked);
  }

  @PropertyTest
  @MethodSource("inclusionFlips")
  void everyOneBitChangeToAnInclusionProofIsCaught(int size, int anyIndex, int bit) throws Exception {
    int index = anyIndex % size;
    List<Hash> proof = InclusionProofs.prove(index, size, TREE.reader());
    for (int i = 0; i < proof.size(); i++) {
      List<Hash> tampered = new ArrayList<>(proof);
      tampered.set(i, flip(proof.get(i), bit));
      assertReason(Reason.ROOT_MISMATCH, () -> InclusionProofs.check(index, size, leaf(index), tampered, root(size)));
    }
    assertReason(Reason.ROOT_MISMATCH, () -> InclusionProofs.check(index, size, flip(leaf(index), bit), proof, root(size)));
  }

  @PropertyTest
  @MethodSource("consistencyFlips")
  void everyOneBitChangeToAConsistencyProofIsCaught(int newSize, int anyOld, int bit) throws Exception {
    int oldSize = 1 + anyOld % (newSize - 1);
    List<Hash> proof = ConsistencyProofs.prove(oldSize, newSize, TREE.reader());
    for (int i = 0; i < proof.size(); i++) {
      List<Hash> tampered = new ArrayList<>(proof);
      tampered.set(i, flip(proof.get(i), bit));
      assertReason(Reason.ROOT_MISMATCH,
          () -> ConsistencyProofs.check(oldSize, newSize, root(oldSize), root(newSize), tampered));
    }
  }

  @Test
  void inclusionCheckRejectsShapesBeforeHashing() {
    Hash any = leaf(0);
    assertReason(Reason.INDEX_OUT_OF_RANGE, () -> InclusionProofs.check(0, 0, any, List.of(), Rfc9162.EMPTY_ROOT));
    assertReason(Reason.INDEX_OUT_OF_RANGE, () -> InclusionProofs.check(5, 5, any, List.of(), root(5)));
    assertReason(Reason.INDEX_OUT_OF_RANGE, () -> InclusionProofs.check(-1, 5, any, List.of(), root(5)));
    assertReason(Reason.WRONG_PROOF_SIZE, () -> InclusionProofs.check(0, 5, any, List.of(any), root(5)));
  }

  @Test
  void inclusionCheckRejectsAnExtraOrMissingHash() throws Exception {
    List<Hash> proof = InclusionProofs.prove(6, 13, TREE.reader());
    List<Hash> longer = new ArrayList<>(proof);
    longer.add(proof.get(0));
    assertReason(Reason.WRONG_PROOF_SIZE, () -> InclusionProofs.check(6, 13, leaf(6), longer, root(13)));
    assertReason(Reason.WRONG_PROOF_SIZE,
        () -> InclusionProofs.check(6, 13, leaf(6), proof.subList(0, proof.size() - 1), root(13)));
  }

  @Test
  void inclusionProofForOneIndexDoesNotProveItsNeighbour() throws Exception {
    List<Hash> proof = InclusionProofs.prove(6, 13, TREE.reader());
    assertReason(Reason.ROOT_MISMATCH, () -> InclusionProofs.check(7, 13, leaf(6), proof, root(13)));
  }

  @Test
  void consistencyCheckRejectsSizesOutOfOrder() {
    assertReason(Reason.SIZES_OUT_OF_ORDER, () -> ConsistencyProofs.check(8, 7, root(8), root(7), List.of()));
    assertReason(Reason.SIZES_OUT_OF_ORDER, () -> ConsistencyProofs.check(-1, 7, root(8), root(7), List.of()));
  }

  @Test
  void sameSizeWithDifferentRootsIsInconsistent() {
    assertReason(Reason.INCONSISTENT, () -> ConsistencyProofs.check(7, 7, root(7), root(6), List.of()));
  }

  @Test
  void theEmptyTreeIsAPrefixOfEveryTreeButOnlyWithTheEmptyRoot() throws Exception {
    ConsistencyProofs.check(0, 9, Rfc9162.EMPTY_ROOT, root(9), List.of());
    assertReason(Reason.ROOT_MISMATCH, () -> ConsistencyProofs.check(0, 9, root(1), root(9), List.of()));
    assertReason(Reason.WRONG_PROOF_SIZE,
        () -> ConsistencyProofs.check(0, 9, Rfc9162.EMPTY_ROOT, root(9), List.of(root(1))));
  }

  @Test
  void consistencyProofDoesNotProveAForkedHistory() throws Exception {
    List<Hash> proof = ConsistencyProofs.prove(5, 12, TREE.reader());
    List<byte[]> forked = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      forked.add(i == 3 ? new byte[] {'x'} : TREE.entry(i));
    }
    Hash forkedRoot = Hash.of(new NaiveMerkleTree(forked).mth(0, 12));
    assertReason(Reason.ROOT_MISMATCH, () -> ConsistencyProofs.check(5, 12, root(5), forkedRoot, proof));
  }

  @Test
  void proofNodesAskOnlyForNodesInsideTheTree() {
    for (int size = 1; size <= 64; size++) {
      for (int index = 0; index < size; index++) {
        for (NodeID node : InclusionProofs.nodes(index, size).nodes()) {
          assertEquals(true, node.end() <= size, node + " in " + size);
        }
      }
    }
  }

  static Hash flip(Hash hash, int bit) {
    byte[] bytes = hash.bytes();
    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    return Hash.of(bytes);
  }

  interface Check {
    void run() throws VerificationException;
  }

  static void assertReason(Reason expected, Check check) {
    VerificationException e = assertThrows(VerificationException.class, check::run);
    assertEquals(expected, e.reason(), e.getMessage());
  }
}
