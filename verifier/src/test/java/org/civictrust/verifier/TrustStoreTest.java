package org.civictrust.verifier;

import static org.civictrust.verifier.ReceiptFixture.ISSUER;
import static org.civictrust.verifier.ReceiptFixture.ISSUER_KEY;
import static org.civictrust.verifier.ReceiptFixture.LOG_KEY;
import static org.civictrust.verifier.ReceiptFixture.ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.civictrust.tlog.CosignerKey;
import org.civictrust.tlog.SignerKey;
import org.junit.jupiter.api.Test;

/** The trust store file: its exact form, and every rule that makes a file unusable. */
class TrustStoreTest {
  static final String LOG_VKEY = LOG_KEY.verifierKey().format();
  static final String ISSUER_VKEY = ISSUER_KEY.verifierKey().format();
  static final SignerKey ISSUER_KEY_2 = SignerKey.generate(ISSUER, ReceiptFixture.fixedRandom("second issuer key"));

  static String store(String logs, String issuers) {
    return "{\"logs\":[" + logs + "],\"issuers\":[" + issuers + "]}";
  }

  static String log(String origin, String vkey) {
    return "{\"origin\":\"" + origin + "\",\"vkey\":\"" + vkey + "\"}";
  }

  static String issuer(String id, String... vkeys) {
    return "{\"id\":\"" + id + "\",\"vkeys\":[" + String.join(",", List.of(vkeys).stream().map(k -> "\"" + k + "\"").toList())
        + "]}";
  }

  static void assertRejected(String json) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustStore.parse(json), json);
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
  }

  @Test
  void parseThenFormatGivesTheFileBackAndLooksUpLogsAndIssuers() {
    String json = store(log(ORIGIN, LOG_VKEY), issuer(ISSUER, ISSUER_VKEY, ISSUER_KEY_2.verifierKey().format()));
    TrustStore trust = TrustStore.parse(json);
    assertEquals(json, trust.format());
    assertEquals(trust, TrustStore.parse(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(ReceiptFixture.trustStore(), TrustStore.parse(store(log(ORIGIN, LOG_VKEY), issuer(ISSUER, ISSUER_VKEY))));
    assertEquals(LOG_KEY.verifierKey(), trust.log(ORIGIN).orElseThrow().vkey());
    assertEquals(Optional.empty(), trust.log("log.civictrust.example/other"));
    TrustStore.Issuer issuer = trust.issuer(ISSUER).orElseThrow();
    assertEquals(Optional.of(ISSUER_KEY_2.verifierKey()), issuer.key(String.format("%08x", ISSUER_KEY_2.keyId())));
    assertEquals(Optional.empty(), issuer.key("00000000"));
    assertEquals(Optional.empty(), trust.issuer("registry.example/other"));
  }

  @Test
  void emptyListsArePermittedAndWhitespaceIgnored() {
    TrustStore empty = TrustStore.parse(" {\n  \"issuers\": [],\n  \"logs\": []\n}\n");
    assertEquals(List.of(), empty.logs());
    assertEquals("{\"logs\":[],\"issuers\":[]}", empty.format());
  }

  @Test
  void aLogKeyNeedNotBeNamedAfterItsOrigin() {
    TrustStore trust = TrustStore.parse(store(log("log.civictrust.example/alias", LOG_VKEY), ""));
    assertEquals(ORIGIN, trust.log("log.civictrust.example/alias").orElseThrow().vkey().name());
  }

  @Test
  void unknownFieldsAreRejectedAtEveryLevel() {
    assertRejected("{\"logs\":[],\"issuers\":[],\"witnesses\":[]}");
    assertRejected(store("{\"origin\":\"" + ORIGIN + "\",\"vkey\":\"" + LOG_VKEY + "\",\"quorum\":1}", ""));
    assertRejected(store("", "{\"id\":\"" + ISSUER + "\",\"vkeys\":[\"" + ISSUER_VKEY + "\"],\"revoked\":[]}"));
  }

  @Test
  void missingFieldsAndWrongTypesAreRejected() {
    assertRejected("{\"logs\":[]}");
    assertRejected("{\"issuers\":[]}");
    assertRejected("{\"logs\":{},\"issuers\":[]}");
    assertRejected("{\"logs\":[],\"issuers\":null}");
    assertRejected(store("[]", ""));
    assertRejected(store("{\"origin\":\"" + ORIGIN + "\"}", ""));
    assertRejected(store("{\"origin\":1,\"vkey\":\"" + LOG_VKEY + "\"}", ""));
    assertRejected(store("", "{\"id\":\"" + ISSUER + "\",\"vkeys\":\"" + ISSUER_VKEY + "\"}"));
    assertRejected(store("", "{\"id\":\"" + ISSUER + "\",\"vkeys\":[1]}"));
  }

  @Test
  void jsonThatIsNotStrictIsRejected() {
    String good = store(log(ORIGIN, LOG_VKEY), "");
    for (String bad : List.of("", "[]", good + "{}", good.replace("]}", "],}"), "{\"logs\":[],\"logs\":[],\"issuers\":[]}",
        "/* trust */" + good, good.replace("\"logs\"", "logs"))) {
      assertRejected(bad);
    }
    byte[] notUtf8 = store(log("log.exampl\u00e9/x", LOG_VKEY), "").getBytes(StandardCharsets.ISO_8859_1);
    assertThrows(IllegalArgumentException.class, () -> TrustStore.parse(notUtf8));
    assertThrows(IllegalArgumentException.class, () -> TrustStore.parse(new byte[TrustStore.MAX_SIZE + 1]));
  }

  @Test
  void duplicateOriginsIssuerIdsAndIssuerKeysAreRejected() {
    assertRejected(store(log(ORIGIN, LOG_VKEY) + "," + log(ORIGIN, ISSUER_VKEY), ""));
    assertRejected(store("", issuer(ISSUER, ISSUER_VKEY) + "," + issuer(ISSUER, ISSUER_KEY_2.verifierKey().format())));
    assertRejected(store("", issuer(ISSUER, ISSUER_VKEY, ISSUER_VKEY)));
  }

  @Test
  void everyKeyMustBeAValidType1VkeyAndAnIssuersKeysCarryItsId() {
    String cosigner = CosignerKey.generate("witness.example/w1", ReceiptFixture.fixedRandom("w1")).verifierKey().format();
    String wrongKeyId = LOG_VKEY.substring(0, ORIGIN.length() + 1) + "00000000" + LOG_VKEY.substring(ORIGIN.length() + 9);
    assertRejected(store(log(ORIGIN, "not a key"), ""));
    assertRejected(store(log(ORIGIN, wrongKeyId), ""));
    assertRejected(store(log(ORIGIN, cosigner), ""));
    assertRejected(store("", issuer("witness.example/w1", cosigner)));
    assertRejected(store("", issuer(ISSUER, LOG_VKEY)));
    assertRejected(store("", issuer(ISSUER)));
    assertRejected(store("", issuer("registry.example/other", ISSUER_VKEY)));
  }

  @Test
  void anOriginMustBeAValidCheckpointOrigin() {
    assertRejected(store(log("", LOG_VKEY), ""));
    assertRejected(store(log("two\\nlines", LOG_VKEY), ""));
    assertRejected(store(log("tab\\there", LOG_VKEY), ""));
  }
}
