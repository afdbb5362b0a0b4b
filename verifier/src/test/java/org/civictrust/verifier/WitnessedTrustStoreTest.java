package org.civictrust.verifier;

import static org.civictrust.verifier.ReceiptFixture.ISSUER;
import static org.civictrust.verifier.ReceiptFixture.ORIGIN;
import static org.civictrust.verifier.TrustStoreTest.ISSUER_VKEY;
import static org.civictrust.verifier.TrustStoreTest.LOG_VKEY;
import static org.civictrust.verifier.TrustStoreTest.assertRejected;
import static org.civictrust.verifier.TrustStoreTest.issuer;
import static org.civictrust.verifier.TrustStoreTest.log;
import static org.civictrust.verifier.TrustStoreTest.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.civictrust.tlog.CosignerKey;
import org.junit.jupiter.api.Test;

/** The witnesses and quorum a trust store may require of a log's checkpoints: their form and rules. */
class WitnessedTrustStoreTest {
  static final CosignerKey W1 = CosignerKey.generate("witness.example/w1", ReceiptFixture.fixedRandom("w1"));
  static final CosignerKey W2 = CosignerKey.generate("witness.example/w2", ReceiptFixture.fixedRandom("w2"));

  static String witness(String name, CosignerKey key) {
    return witness(name, key.verifierKey().format());
  }

  static String witness(String name, String vkey) {
    return "{\"name\":\"" + name + "\",\"vkey\":\"" + vkey + "\"}";
  }

  static String witnessedLog(String quorum, String... witnesses) {
    return "{\"origin\":\"" + ORIGIN + "\",\"vkey\":\"" + LOG_VKEY + "\",\"witnesses\":[" + String.join(",", witnesses)
        + "],\"quorum\":" + quorum + "}";
  }

  @Test
  void aLogWithWitnessesAndAQuorumReadsAndWritesBackTheSameFile() {
    String json = store(witnessedLog("2", witness("w1", W1), witness("w2", W2)), issuer(ISSUER, ISSUER_VKEY));
    TrustStore trust = TrustStore.parse(json);
    assertEquals(json, trust.format());
    TrustStore.Log log = trust.log(ORIGIN).orElseThrow();
    assertEquals(2, log.quorum());
    assertEquals(List.of("w1", "w2"), log.witnesses().stream().map(TrustStore.Witness::name).toList());
    assertEquals(List.of(W1.verifierKey(), W2.verifierKey()), log.witnessKeys());
  }

  @Test
  void aTrustStoreWithoutWitnessesIsReadAndWrittenAsBefore() {
    String json = store(log(ORIGIN, LOG_VKEY), issuer(ISSUER, ISSUER_VKEY));
    TrustStore trust = TrustStore.parse(json);
    assertEquals(json, trust.format());
    assertEquals(0, trust.log(ORIGIN).orElseThrow().quorum());
    assertEquals(List.of(), trust.log(ORIGIN).orElseThrow().witnesses());
    assertEquals(new TrustStore.Log(ORIGIN, ReceiptFixture.LOG_KEY.verifierKey(), List.of(), 0),
        trust.log(ORIGIN).orElseThrow());
  }

  @Test
  void witnessesComeWithAQuorumFromOneToTheirNumber() {
    String w1 = witness("w1", W1);
    String w2 = witness("w2", W2);
    assertRejected(store("{\"origin\":\"" + ORIGIN + "\",\"vkey\":\"" + LOG_VKEY + "\",\"witnesses\":[" + w1 + "]}", ""));
    assertRejected(store(witnessedLog("0", w1, w2), ""));
    assertRejected(store(witnessedLog("3", w1, w2), ""));
    assertRejected(store(witnessedLog("-1", w1, w2), ""));
    assertRejected(store(witnessedLog("1.0", w1, w2), ""));
    assertRejected(store(witnessedLog("\"1\"", w1, w2), ""));
    assertRejected(store(witnessedLog("null", w1, w2), ""));
    assertRejected(store(witnessedLog("4294967297", w1, w2), ""));
    assertRejected(store(witnessedLog("0"), ""));
    assertThrows(IllegalArgumentException.class, () -> new TrustStore.Log(ORIGIN, ReceiptFixture.LOG_KEY.verifierKey(),
        List.of(), 1));
  }

  @Test
  void aWitnessIsANamedCosignerKeyListedOnce() {
    String w1 = witness("w1", W1);
    assertRejected(store(witnessedLog("1", witness("w1", LOG_VKEY)), ""));
    assertRejected(store(witnessedLog("1", witness("w1", "not a key")), ""));
    assertRejected(store(witnessedLog("1", w1, witness("w1", W2)), ""));
    assertRejected(store(witnessedLog("1", w1, witness("again", W1)), ""));
    CosignerKey sameKeyOtherName = CosignerKey.generate("witness.example/alias", ReceiptFixture.fixedRandom("w1"));
    assertRejected(store(witnessedLog("1", w1, witness("alias", sameKeyOtherName)), ""));
    assertRejected(store(witnessedLog("1", witness("", W1)), ""));
    assertRejected(store(witnessedLog("1", witness("two words", W1)), ""));
    assertRejected(store(witnessedLog("1", "{\"name\":\"w1\"}"), ""));
    assertRejected(store(witnessedLog("1", "{\"name\":\"w1\",\"vkey\":\"" + W1.verifierKey().format() + "\",\"url\":\"x\"}"),
        ""));
    assertRejected(store(witnessedLog("1", "\"" + W1.verifierKey().format() + "\""), ""));
  }
}
