package org.civictrust.tlog;

import static org.civictrust.tlog.NoteVectorsTest.reasonOf;
import static org.civictrust.tlog.NoteVectorsTest.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * TlogProof: the c2sp.org/tlog-proof@v1 text form and its verification, on small trees whose roots
 * and inclusion paths come from the naive RFC 9162 reference ({@link NaiveMerkleTree}).
 */
class TlogProofTest {
  private static final String ORIGIN = "example.com/log";
  private static final SignerKey LOG = TestKeys.signer(ORIGIN);
  private static final CosignerKey W1 = TestKeys.cosigner("witness.example/w1");
  private static final CosignerKey W2 = TestKeys.cosigner("witness.example/w2");

  private static TlogProof proof(NaiveMerkleTree tree, int index, NoteSigner... signers) {
    int size = tree.size();
    Checkpoint checkpoint = Checkpoint.of(ORIGIN, size, Hash.of(tree.mth(0, size)));
    byte[] signed = Notes.sign(checkpoint.format(), signers);
    return TlogProof.of(index, NaiveMerkleTree.hashes(tree.path(index, 0, size)), signed);
  }

  private static Hash leaf(NaiveMerkleTree tree, int index) {
    return Rfc9162.leafHash(tree.entry(index));
  }

  @Test
  void proofForEveryLeafOfSmallTreesVerifies() throws Exception {
    for (int size = 1; size <= 17; size++) {
      NaiveMerkleTree tree = NaiveMerkleTree.ofSize(size);
      for (int index = 0; index < size; index++) {
        TlogProof proof = proof(tree, index, LOG);
        Checkpoint checkpoint = proof.verify(leaf(tree, index), ORIGIN, LOG.verifierKey());
        assertEquals(size, checkpoint.treeSize());
        assertEquals(proof, TlogProof.parse(proof.format()));
      }
    }
  }

  @Test
  void corruptedProofsFailWithTheMatchingReason() {
    NaiveMerkleTree tree = NaiveMerkleTree.ofSize(13);
    TlogProof good = proof(tree, 6, LOG);
    Hash leaf = leaf(tree, 6);
    List<Hash> hashes = good.hashes();
    byte[] checkpoint = good.signedCheckpoint();

    List<Hash> flipped = new ArrayList<>(hashes);
    byte[] bytes = flipped.get(1).bytes();
    bytes[0] ^= 1;
    flipped.set(1, Hash.of(bytes));
    List<Hash> shorter = hashes.subList(0, hashes.size() - 1);
    List<Hash> longer = new ArrayList<>(hashes);
    longer.add(hashes.get(0));
    byte[] tamperedCheckpoint = checkpoint.clone();
    tamperedCheckpoint[ORIGIN.length() + 1] = '2';
    byte[] otherLog = Notes.sign(Checkpoint.of(ORIGIN, 13, Hash.of(tree.mth(0, 13))).format(),
        TestKeys.signer("example.com/other"));

    assertEquals(Reason.ROOT_MISMATCH, reasonOf(() -> TlogProof.of(7, hashes, checkpoint).verify(leaf, ORIGIN, LOG.verifierKey())));
    assertEquals(Reason.INDEX_OUT_OF_RANGE, reasonOf(() -> TlogProof.of(13, hashes, checkpoint).verify(leaf, ORIGIN, LOG.verifierKey())));
    assertEquals(Reason.WRONG_PROOF_SIZE, reasonOf(() -> TlogProof.of(12, hashes, checkpoint).verify(leaf, ORIGIN, LOG.verifierKey())));
    assertEquals(Reason.ROOT_MISMATCH, reasonOf(() -> TlogProof.of(6, flipped, checkpoint).verify(leaf, ORIGIN, LOG.verifierKey())));
    assertEquals(Reason.WRONG_PROOF_SIZE, reasonOf(() -> TlogProof.of(6, shorter, checkpoint).verify(leaf, ORIGIN, LOG.verifierKey())));
    assertEquals(Reason.WRONG_PROOF_SIZE, reasonOf(() -> TlogProof.of(6, longer, checkpoint).verify(leaf, ORIGIN, LOG.verifierKey())));
    assertEquals(Reason.ROOT_MISMATCH, reasonOf(() -> good.verify(leaf(tree, 5), ORIGIN, LOG.verifierKey())));
    assertEquals(Reason.BAD_SIGNATURE, reasonOf(() -> TlogProof.of(6, hashes, tamperedCheckpoint).verify(leaf, ORIGIN, LOG.verifierKey())));
    assertEquals(Reason.UNKNOWN_KEY, reasonOf(() -> TlogProof.of(6, hashes, otherLog).verify(leaf, ORIGIN, LOG.verifierKey())));
    assertEquals(Reason.UNKNOWN_ORIGIN, reasonOf(() -> good.verify(leaf, "example.com/elsewhere", LOG.verifierKey())));
  }

  @Test
  void proofWithWitnessQuorumVerifiesOnlyWhenEnoughWitnessesCosigned() throws Exception {
    NaiveMerkleTree tree = NaiveMerkleTree.ofSize(5);
    List<VerifierKey> witnesses = List.of(W1.verifierKey(), W2.verifierKey());
    TlogProof cosigned = proof(tree, 4, LOG, W1.at(1700000000), W2.at(1700000001));
    TlogProof half = proof(tree, 4, LOG, W1.at(1700000000));
    assertEquals(5, cosigned.verify(leaf(tree, 4), ORIGIN, LOG.verifierKey(), witnesses, 2).treeSize());
    assertEquals(5, half.verify(leaf(tree, 4), ORIGIN, LOG.verifierKey(), witnesses, 1).treeSize());
    assertEquals(Reason.INSUFFICIENT_COSIGNATURES, reasonOf(() -> half.verify(leaf(tree, 4), ORIGIN, LOG.verifierKey(), witnesses, 2)));
  }

  @Test
  void formatMatchesTheSpecLayoutAndParsesBack() throws Exception {
    NaiveMerkleTree tree = NaiveMerkleTree.ofSize(3);
    TlogProof plain = proof(tree, 2, LOG);
    String text = plain.format();
    String checkpoint = new String(plain.signedCheckpoint(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals("c2sp.org/tlog-proof@v1\nindex 2\n" + plain.hashes().get(0).toBase64() + "\n\n" + checkpoint, text);

    TlogProof withExtra = new TlogProof(Optional.of(utf8("age-v1.2.1")), 2, plain.hashes(), plain.signedCheckpoint());
    assertTrue(withExtra.format().startsWith("c2sp.org/tlog-proof@v1\nextra YWdlLXYxLjIuMQ==\nindex 2\n"));
    assertEquals(withExtra, TlogProof.parse(withExtra.format()));
    TlogProof emptyExtra = new TlogProof(Optional.of(new byte[0]), 2, plain.hashes(), plain.signedCheckpoint());
    assertTrue(emptyExtra.format().contains("\nextra \n"));
    assertArrayEquals(new byte[0], TlogProof.parse(emptyExtra.format()).extra().orElseThrow());
  }

  @Test
  void parsesTheSpecExample() throws Exception {
    String example = "c2sp.org/tlog-proof@v1\n"
        + "extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ\n"
        + "index 73894\n"
        + "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=\n"
        + "B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=\n"
        + "EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=\n"
        + "RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=\n"
        + "AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=\n"
        + "\n"
        + "example.com/fancylog\n109482\nsFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=\n\n"
        + "\u2014 example.com/fancylog hI2DJw[...]1roloI=\n";
    TlogProof proof = TlogProof.parse(example);
    assertEquals(73894, proof.index());
    assertEquals(5, proof.hashes().size());
    assertEquals(example, proof.format());
    assertEquals(Reason.MALFORMED, reasonOf(() -> proof.verify(Rfc9162.EMPTY_ROOT, "example.com/fancylog", LOG.verifierKey())),
        "its elided signatures are not a valid note");
  }

  @Test
  void rejectsProofsOutsideTheGrammar() {
    NaiveMerkleTree tree = NaiveMerkleTree.ofSize(6);
    String good = proof(tree, 3, LOG).format();
    String hash0 = proof(tree, 3, LOG).hashes().get(0).toBase64();
    StringBuilder tooMany = new StringBuilder("c2sp.org/tlog-proof@v1\nindex 3\n");
    for (int i = 0; i < TlogProof.MAX_HASHES + 1; i++) {
      tooMany.append(hash0).append('\n');
    }
    tooMany.append('\n').append(good.substring(good.indexOf("\n\n") + 2));
    List<String> accepted = new ArrayList<>();
    for (String bad : List.of(
        good.replace("tlog-proof@v1", "tlog-proof@v2"),
        good.replace("c2sp.org/tlog-proof@v1\n", "c2sp.org/tlog-proof@v1\r\n"),
        good.replace("index 3", "index 03"),
        good.replace("index 3", "index +3"),
        good.replace("index 3", "index -3"),
        good.replace("index 3", "index  3"),
        good.replace("index 3", "index 9223372036854775808"),
        good.replace("index 3\n", ""),
        good.replace("index 3\n", "index 3\nextra AAAA\n"),
        good.replace("index 3\n", "extra AAA\nindex 3\n"),
        good.replace("index 3\n", "extra AB==\nindex 3\n"),
        good.replace(hash0, hash0.substring(1)),
        good.replace(hash0, hash0 + "AAAA"),
        good.replace(hash0 + "\n", hash0 + "\r\n"),
        good.substring(0, good.indexOf("\n\n") + 2),
        good.substring(0, good.indexOf("\n\n") + 1),
        tooMany.toString(),
        "")) {
      if (reasonOf(() -> TlogProof.parse(bad)) != Reason.MALFORMED) {
        accepted.add(bad);
      }
    }
    assertEquals(List.of(), accepted);
  }
}
