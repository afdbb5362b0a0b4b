package org.civictrust.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.VerificationException;
import org.junit.jupiter.api.Test;

class ConsistencyEvidenceTest {
  static final int SIZE = 300;

  final MemoryTiles tiles = new MemoryTiles();
  final List<Hash> roots = new ArrayList<>();

  ConsistencyEvidenceTest() {
    CompactRange range = CompactRange.empty(0);
    roots.add(range.rootHash());
    for (int i = 0; i < SIZE; i++) {
      range.append(Rfc9162.leafHash(new byte[] {(byte) i, (byte) (i >> 8)}), tiles);
      roots.add(range.rootHash());
    }
  }

  @Test
  void aSeededProofYieldsBothRootsAndHoldsTheRfc9162ProofForEverySizePair() throws Exception {
    for (int m = 1; m < SIZE; m++) {
      for (int n = m + 1; n <= SIZE; n += 1 + n / 16) {
        List<Hash> seeded = ConsistencyEvidence.prove(m, n, new TileHashReader(n, tiles));
        assertEquals(ConsistencyEvidence.size(m, n), seeded.size());
        ConsistencyEvidence.Roots computed = ConsistencyEvidence.roots(m, n, seeded);
        assertEquals(roots.get(m), computed.oldRoot(), m + " to " + n);
        assertEquals(roots.get(n), computed.newRoot(), m + " to " + n);
        ConsistencyProofs.check(m, n, roots.get(m), roots.get(n), ConsistencyEvidence.standard(m, seeded));
      }
    }
  }

  @Test
  void anotherHistoryYieldsTheLargerRootButAnotherSmallerRoot() throws Exception {
    List<Hash> seeded = ConsistencyEvidence.prove(64, 200, new TileHashReader(200, tiles));
    ConsistencyEvidence.Roots computed = ConsistencyEvidence.roots(64, 200, seeded);
    Hash otherHistoryAt64 = Rfc9162.leafHash(new byte[] {42});
    assertEquals(roots.get(200), computed.newRoot());
    assertNotEquals(otherHistoryAt64, computed.oldRoot(), "a checkpoint of size 64 with that root is disproved");
  }

  @Test
  void aProofOfTheWrongLengthIsRefused() throws Exception {
    List<Hash> seeded = new ArrayList<>(ConsistencyEvidence.prove(5, 9, new TileHashReader(9, tiles)));
    seeded.remove(0);
    VerificationException e = assertThrows(VerificationException.class, () -> ConsistencyEvidence.roots(5, 9, seeded));
    assertEquals(Reason.WRONG_PROOF_SIZE, e.reason());
    assertThrows(IllegalArgumentException.class, () -> ConsistencyEvidence.size(9, 9));
  }
}
