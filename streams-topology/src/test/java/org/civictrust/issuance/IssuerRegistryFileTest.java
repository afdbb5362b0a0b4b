package org.civictrust.issuance;

import static org.civictrust.issuance.Fixtures.CIVIL;
import static org.civictrust.issuance.Fixtures.CIVIL_ACTIVE;
import static org.civictrust.issuance.Fixtures.CIVIL_RETIRING;
import static org.civictrust.issuance.Fixtures.CIVIL_REVOKED;
import static org.civictrust.issuance.Fixtures.keyId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.civictrust.issuance.RegistryConfigException.Problem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests of the issuer registry file: the format, and a clear, stable problem for each mistake. */
class IssuerRegistryFileTest {
  @TempDir Path dir;

  @BeforeEach
  void writeKeyFile() throws Exception {
    Files.createDirectories(dir.resolve("keys"));
    Files.writeString(dir.resolve("keys/civil.key"), CIVIL_ACTIVE.format() + "\n", StandardCharsets.UTF_8);
  }

  /** A valid registry; {@code keys} replaces the civil issuer's key list. */
  static String registry(String keys) {
    return "{\"issuers\": [{\"id\": \"" + CIVIL + "\", \"documentTypes\": [\"birth-certificate\", \"death-certificate\"],"
        + " \"maxValidity\": \"P3650D\", \"keys\": [" + keys + "]}]}";
  }

  static final String ACTIVE_FILE = "{\"state\": \"active\", \"signerKeyFile\": \"keys/civil.key\"}";

  IssuerRegistry load(String json) throws Exception {
    Path file = dir.resolve("registry.json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return IssuerRegistryFile.load(file);
  }

  Problem problemOf(String json) {
    return assertThrows(RegistryConfigException.class, () -> load(json)).problem();
  }

  @Test
  void loadsIssuersWithKeysFromFilesTextAndVerifierKeys() throws Exception {
    IssuerRegistry registry = load(registry(ACTIVE_FILE
        + ", {\"state\": \"retiring\", \"signerKey\": \"" + CIVIL_RETIRING.format() + "\"}"
        + ", {\"state\": \"revoked\", \"verifierKey\": \"" + CIVIL_REVOKED.verifierKey().format() + "\", \"keyId\": \""
        + keyId(CIVIL_REVOKED) + "\"}"));
    IssuerPolicy civil = registry.issuer(CIVIL, 0L).orElseThrow();
    assertEquals(Set.of("birth-certificate", "death-certificate"), civil.documentTypes());
    assertEquals(Duration.ofDays(3650), civil.maxValidity());
    assertEquals(KeyState.ACTIVE, civil.key(keyId(CIVIL_ACTIVE)).orElseThrow().state());
    assertEquals(CIVIL_ACTIVE.format(), civil.key(keyId(CIVIL_ACTIVE)).orElseThrow().signer().orElseThrow().format());
    assertEquals(KeyState.RETIRING, civil.key(keyId(CIVIL_RETIRING)).orElseThrow().state());
    assertTrue(civil.key(keyId(CIVIL_REVOKED)).orElseThrow().signer().isEmpty());
    assertEquals(keyId(CIVIL_ACTIVE), civil.defaultKey().orElseThrow().keyId());
    assertTrue(registry.issuer("someone-else", 0L).isEmpty());
  }

  @Test
  void aKeyFileWithoutAFinalNewlineLoads() throws Exception {
    Files.writeString(dir.resolve("keys/civil.key"), CIVIL_ACTIVE.format(), StandardCharsets.UTF_8);
    assertTrue(load(registry(ACTIVE_FILE)).issuer(CIVIL, 0L).isPresent());
  }

  @Test
  void rejectsBadJson() {
    assertEquals(Problem.MALFORMED_JSON, problemOf("{\"issuers\": [}"));
    assertEquals(Problem.MALFORMED_JSON, problemOf("[]"));
    assertEquals(Problem.MALFORMED_JSON, problemOf(""));
    assertEquals(Problem.MALFORMED_JSON, problemOf(registry(ACTIVE_FILE) + " {}"), "trailing data");
    assertEquals(Problem.MALFORMED_JSON, problemOf("{\"issuers\": [], \"issuers\": []}"), "duplicate member");
  }

  @Test
  void badJsonErrorsDoNotQuoteTheInput() {
    String secret = CIVIL_ACTIVE.format();
    RegistryConfigException e = assertThrows(RegistryConfigException.class,
        () -> load("{\"issuers\": [{\"keys\": [" + secret + "]}]}"));
    assertEquals(Problem.MALFORMED_JSON, e.problem());
    assertFalse(e.getMessage().contains(secret.substring(secret.lastIndexOf('+') + 1)));
  }

  @Test
  void rejectsAnUnknownKeyState() {
    assertEquals(Problem.UNKNOWN_STATE, problemOf(registry("{\"state\": \"dormant\", \"signerKeyFile\": \"keys/civil.key\"}")));
    assertEquals(Problem.UNKNOWN_STATE, problemOf(registry("{\"state\": \"ACTIVE\", \"signerKeyFile\": \"keys/civil.key\"}")));
  }

  @Test
  void rejectsAMissingKeyFile() {
    assertEquals(Problem.KEY_FILE_UNREADABLE, problemOf(registry("{\"state\": \"active\", \"signerKeyFile\": \"keys/nowhere.key\"}")));
  }

  @Test
  void rejectsAKeyFileThatHoldsNoSignerKey() throws Exception {
    Files.writeString(dir.resolve("keys/civil.key"), CIVIL_ACTIVE.verifierKey().format() + "\n", StandardCharsets.UTF_8);
    assertEquals(Problem.INVALID_KEY, problemOf(registry(ACTIVE_FILE)));
  }

  @Test
  void rejectsAMissingRegistryFile() {
    RegistryConfigException e = assertThrows(RegistryConfigException.class,
        () -> IssuerRegistryFile.load(dir.resolve("absent.json")));
    assertEquals(Problem.UNREADABLE, e.problem());
  }

  @Test
  void rejectsUnknownAndMissingFields() {
    assertEquals(Problem.UNKNOWN_FIELD, problemOf("{\"issuers\": [], \"logs\": []}"));
    assertEquals(Problem.UNKNOWN_FIELD, problemOf(registry("{\"state\": \"active\", \"signerKeyFile\": \"keys/civil.key\", \"note\": 1}")));
    assertEquals(Problem.MISSING_FIELD, problemOf("{}"));
    assertEquals(Problem.MISSING_FIELD, problemOf("{\"issuers\": [{\"id\": \"" + CIVIL + "\", \"documentTypes\": [\"x\"], \"keys\": []}]}"));
    assertEquals(Problem.MISSING_FIELD, problemOf(registry("{\"state\": \"active\"}")));
  }

  @Test
  void rejectsValuesOfTheWrongShape() {
    assertEquals(Problem.INVALID_VALUE, problemOf("{\"issuers\": {}}"));
    assertEquals(Problem.INVALID_VALUE, problemOf(registry(ACTIVE_FILE).replace("\"P3650D\"", "\"ten years\"")));
    assertEquals(Problem.INVALID_VALUE, problemOf(registry(ACTIVE_FILE).replace("\"P3650D\"", "\"PT0S\"")));
    assertEquals(Problem.INVALID_VALUE, problemOf(registry(ACTIVE_FILE).replace("\"P3650D\"", "3650")));
    assertEquals(Problem.INVALID_VALUE, problemOf(registry(ACTIVE_FILE).replace("[\"birth-certificate\", \"death-certificate\"]", "[]")));
    assertEquals(Problem.INVALID_VALUE, problemOf(registry(ACTIVE_FILE).replace("\"id\": \"" + CIVIL + "\"", "\"id\": \"\"")));
  }

  @Test
  void rejectsKeysThatDoNotBelongToTheIssuer() {
    String other = Fixtures.LICENCES_RETIRING.format();
    assertEquals(Problem.KEY_MISMATCH, problemOf(registry("{\"state\": \"retiring\", \"signerKey\": \"" + other + "\"}")));
    assertEquals(Problem.KEY_MISMATCH, problemOf(registry("{\"state\": \"active\", \"signerKeyFile\": \"keys/civil.key\", \"keyId\": \"00000000\"}")));
  }

  @Test
  void rejectsDuplicates() {
    assertEquals(Problem.DUPLICATE, problemOf(registry(ACTIVE_FILE + ", " + ACTIVE_FILE.replace("active", "retiring"))));
    String issuers = registry(ACTIVE_FILE);
    String issuer = issuers.substring(issuers.indexOf('[') + 1, issuers.lastIndexOf(']'));
    assertEquals(Problem.DUPLICATE, problemOf("{\"issuers\": [" + issuer + ", " + issuer + "]}"));
  }

  @Test
  void rejectsAnActiveKeyWithoutItsSignerKey() {
    assertEquals(Problem.ACTIVE_KEY_WITHOUT_SIGNER,
        problemOf(registry("{\"state\": \"active\", \"verifierKey\": \"" + CIVIL_ACTIVE.verifierKey().format() + "\"}")));
  }

  @Test
  void rejectsAKeyWithTwoSourcesOrBadText() {
    assertEquals(Problem.INVALID_KEY, problemOf(registry("{\"state\": \"active\", \"signerKeyFile\": \"keys/civil.key\", \"signerKey\": \""
        + CIVIL_ACTIVE.format() + "\"}")));
    assertEquals(Problem.INVALID_KEY, problemOf(registry("{\"state\": \"active\", \"signerKey\": \"PRIVATE+KEY+x+00000000+AAAA\"}")));
    assertEquals(Problem.INVALID_KEY, problemOf(registry("{\"state\": \"revoked\", \"verifierKey\": \"not a vkey\"}")));
  }

  @Test
  void anIssuerWithNoActiveKeyLoadsButHasNoDefaultKey() throws Exception {
    IssuerRegistry registry = load(registry(ACTIVE_FILE.replace("active", "retiring")));
    assertTrue(registry.issuer(CIVIL, 0L).orElseThrow().defaultKey().isEmpty());
  }
}
