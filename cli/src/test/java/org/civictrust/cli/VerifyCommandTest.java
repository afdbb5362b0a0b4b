package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.civictrust.schemas.Documents;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.SignerKey;
import org.civictrust.verifier.Receipt;
import org.civictrust.verifier.ReceiptFixture;
import org.civictrust.verifier.RevocationSnapshot;
import org.civictrust.verifier.TrustStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code civictrust verify}: the exact output of each format, batch behaviour and exit codes. */
class VerifyCommandTest {
  static final String AT = "2027-01-01T00:00:00Z";

  @TempDir
  static Path dir;

  static ReceiptFixture log;
  static Path trust;
  static Path good;
  static Path tampered;
  static Path unanchored;

  @BeforeAll
  static void writeFiles() throws Exception {
    log = ReceiptFixture.standard(5);
    trust = Files.writeString(dir.resolve("trust.json"), ReceiptFixture.trustStore().format() + "\n");
    good = write("good.json", log.receipt(2));
    byte[] document = log.document(3);
    document[document.length - 5] ^= 1;
    tampered = write("tampered.json", new Receipt(document, log.entry(3), log.receipt(3).tlogProof()));
    unanchored = write("unanchored.json", new Receipt(log.document(4), log.entry(4), ""));
  }

  static Path write(String name, Receipt receipt) throws Exception {
    return Files.writeString(dir.resolve(name), receipt.format() + "\n", StandardCharsets.UTF_8);
  }

  static CliRunner.Result verify(String... args) {
    List<String> all = new ArrayList<>(List.of("verify", "--trust", trust.toString(), "--at", AT));
    all.addAll(List.of(args));
    return CliRunner.run(all.toArray(new String[0]));
  }

  @Test
  void aValidReceiptPrintsVerifiedAndItsFactsAndExitsZero() throws Exception {
    CliRunner.Result result = verify(good.toString());
    assertEquals(0, result.exitCode(), result.out() + result.err());
    List<String> lines = result.out().lines().toList();
    assertEquals(2, lines.size(), result.out());
    assertEquals("VERIFIED " + good, lines.get(0));
    JsonNode json = Json.MAPPER.readTree(verify("--json", good.toString()).out());
    String expected = "  issued by \"" + ReceiptFixture.ISSUER + "\" (key " + json.get("issuerKeyId").asText() + ") at "
        + ReceiptFixture.ISSUED_AT + ": \"birth-certificate\" " + json.get("documentId").asText() + "; entry 2 of 5 in log \""
        + ReceiptFixture.ORIGIN + "\"; valid until " + ReceiptFixture.EXPIRES_AT
        + "; revocations not checked";
    assertEquals(expected, lines.get(1));
    assertEquals("", result.err());
  }

  @Test
  void jsonModePrintsOneObjectPerReceiptWithTheFactsInAFixedOrder() throws Exception {
    CliRunner.Result result = verify("--json", good.toString(), tampered.toString(), unanchored.toString());
    assertEquals(1, result.exitCode());
    List<String> lines = result.out().lines().toList();
    assertEquals(3, lines.size(), result.out());
    JsonNode verified = Json.MAPPER.readTree(lines.get(0));
    assertEquals(List.of("file", "status", "explanation", "issuerId", "issuerKeyId", "documentType", "documentId",
        "issuedAt", "expiresAt", "origin", "leafIndex", "treeSize", "rootHash"), fieldNames(verified));
    assertEquals(good.toString(), verified.get("file").asText());
    assertEquals("VERIFIED", verified.get("status").asText());
    assertEquals(2, verified.get("leafIndex").asLong());
    assertEquals(5, verified.get("treeSize").asLong());
    assertEquals(ReceiptFixture.EXPIRES_AT.toString(), verified.get("expiresAt").asText());
    JsonNode failed = Json.MAPPER.readTree(lines.get(1));
    assertEquals(List.of("file", "status", "check", "explanation"), fieldNames(failed));
    assertEquals("TAMPERED", failed.get("status").asText());
    assertEquals("DOCUMENT_HASH", failed.get("check").asText());
    JsonNode notAnchored = Json.MAPPER.readTree(lines.get(2));
    assertEquals("NOT_ANCHORED", notAnchored.get("status").asText());
    assertEquals("ANCHOR", notAnchored.get("check").asText());
    assertFalse(notAnchored.has("origin"));
    assertEquals(ReceiptFixture.ISSUER, notAnchored.get("issuerId").asText());
  }

  @Test
  void batchModeGivesAVerdictPerReceiptInOrderEvenWhenSomeFail() {
    Path missing = dir.resolve("missing.json");
    CliRunner.Result result = verify(tampered.toString(), missing.toString(), dir.toString(), good.toString(),
        unanchored.toString());
    assertEquals(1, result.exitCode(), result.err());
    List<String> lines = result.out().lines().toList();
    assertEquals(10, lines.size(), result.out());
    assertEquals("TAMPERED " + tampered, lines.get(0));
    assertTrue(lines.get(1).startsWith("  DOCUMENT_HASH: SHA-256 of the document is "), lines.get(1));
    assertEquals("MALFORMED " + missing, lines.get(2));
    assertEquals("  RECEIPT: cannot read the receipt file: no such file", lines.get(3));
    assertEquals("MALFORMED " + dir, lines.get(4));
    assertTrue(lines.get(5).startsWith("  RECEIPT: cannot read the receipt file: "), lines.get(5));
    assertEquals("VERIFIED " + good, lines.get(6));
    assertEquals("NOT_ANCHORED " + unanchored, lines.get(8));
    assertTrue(lines.get(9).startsWith("  ANCHOR: genuine document issued by "), lines.get(9));
    assertEquals("", result.err());
  }

  @Test
  void theVerificationTimeDecidesExpiry() {
    CliRunner.Result expired = CliRunner.run("verify", "--trust", trust.toString(), "--at",
        ReceiptFixture.EXPIRES_AT.toString(), good.toString());
    assertEquals(1, expired.exitCode());
    assertEquals("EXPIRED " + good, expired.out().lines().findFirst().orElseThrow());
    assertTrue(expired.out().lines().toList().get(1).startsWith("  VALIDITY: genuine receipt, but the document expired at "
        + ReceiptFixture.EXPIRES_AT), expired.out());
    assertEquals(0, CliRunner.run("verify", "--trust", trust.toString(), good.toString()).exitCode(),
        "now (no --at) is before the fixture's expiry in 2036");
  }

  @Test
  void malformedAndOversizeReceiptsAreMalformedNotACrash() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"mediaType\":");
    Path huge = Files.write(dir.resolve("huge.json"), new byte[Receipt.MAX_SIZE + 10]);
    CliRunner.Result result = verify("--json", garbage.toString(), huge.toString());
    assertEquals(1, result.exitCode());
    for (String line : result.out().lines().toList()) {
      JsonNode node = Json.MAPPER.readTree(line);
      assertEquals("MALFORMED", node.get("status").asText(), line);
      assertEquals("RECEIPT", node.get("check").asText(), line);
    }
  }

  @Test
  void aFileNameWithAControlCharacterStaysOnItsStatusLine() throws Exception {
    Path odd = Files.copy(good, dir.resolve("odd\nVERIFIED x.json"));
    CliRunner.Result result = verify(odd.toString());
    assertEquals(List.of("VERIFIED " + dir.resolve("odd?VERIFIED x.json")), result.out().lines().limit(1).toList());
    assertEquals(2, result.out().lines().count());
    assertEquals(odd.toString(), Json.MAPPER.readTree(verify("--json", odd.toString()).out()).get("file").asText());
  }

  @Test
  void theFileIsPrintedExactlyAsGivenAndAnImpossibleNameIsMalformed() {
    String unnormalized = dir + "//./" + good.getFileName();
    assertEquals("VERIFIED " + unnormalized, verify(unnormalized).out().lines().findFirst().orElseThrow());
    CliRunner.Result nul = verify("bad\u0000name.json", good.toString());
    assertEquals(1, nul.exitCode());
    assertEquals(List.of("MALFORMED bad?name.json", "VERIFIED " + good),
        nul.out().lines().filter(l -> !l.startsWith("  ")).toList());
  }

  @Test
  void anUnreadableTrustStoreOrBadUsageExitsTwo() throws Exception {
    Path notJson = Files.writeString(dir.resolve("not-json.json"), "logs: []");
    Path unknownField = Files.writeString(dir.resolve("unknown.json"), "{\"logs\":[],\"issuers\":[],\"witnesses\":[]}");
    for (CliRunner.Result result : List.of(
        CliRunner.run("verify", "--trust", dir.resolve("absent.json").toString(), good.toString()),
        CliRunner.run("verify", "--trust", notJson.toString(), good.toString()),
        CliRunner.run("verify", "--trust", unknownField.toString(), good.toString()),
        CliRunner.run("verify", "--trust", trust.toString()),
        CliRunner.run("verify", good.toString()),
        CliRunner.run("verify", "--trust", trust.toString(), "--at", "tomorrow", good.toString()))) {
      TlogCommandTest.assertBadInput(result);
      assertEquals("", result.out());
    }
  }

  @Test
  void withARevocationSnapshotARevokedDocumentIsRevokedAndTheOthersSayAsOfWhen() throws Exception {
    SignerKey revocationKey = ReceiptFixture.key("registry.example/revocations");
    TrustStore store = ReceiptFixture.trustStore();
    Path trusting = Files.writeString(dir.resolve("trust-revocations.json"),
        TrustStore.of(store.logs(), store.issuers(), List.of(revocationKey.verifierKey())).format());
    Instant revokedAt = Instant.parse(AT).minusSeconds(60);
    RevocationSnapshot snapshot = RevocationSnapshot.of(revocationKey.name(), 3, Instant.parse(AT).toEpochMilli(),
        List.of(), List.of(new RevocationSnapshot.DocumentRevocation(ReceiptFixture.ISSUER,
            Hash.of(Documents.sha256(log.document(1))), revokedAt.toEpochMilli(), "issued in error")));
    Path note = Files.write(dir.resolve("revocations.note"), snapshot.sign(revocationKey));
    Path revoked = write("revoked.json", log.receipt(1));

    CliRunner.Result result = CliRunner.run("verify", "--trust", trusting.toString(), "--at", AT,
        "--revocations", note.toString(), revoked.toString(), good.toString());
    assertEquals(1, result.exitCode(), result.out() + result.err());
    List<String> lines = result.out().lines().toList();
    assertEquals("REVOKED " + revoked, lines.get(0));
    assertTrue(lines.get(1).startsWith("  REVOCATION: genuine document issued by"), lines.get(1));
    assertTrue(lines.get(1).contains("revoked at " + revokedAt + " (\"issued in error\")"), lines.get(1));
    assertEquals("VERIFIED " + good, lines.get(2));
    assertTrue(lines.get(3).endsWith("; not revoked as of " + AT + " (revocation snapshot \""
        + revocationKey.name() + "\")"), lines.get(3));

    // A snapshot the trust store cannot authenticate stops everything: exit 2, nothing verified.
    SignerKey stranger = ReceiptFixture.key("someone.example/revocations");
    Path foreign = Files.write(dir.resolve("foreign.note"), snapshot.sign(stranger));
    for (CliRunner.Result refused : List.of(
        CliRunner.run("verify", "--trust", trusting.toString(), "--revocations", foreign.toString(), good.toString()),
        CliRunner.run("verify", "--trust", trust.toString(), "--revocations", note.toString(), good.toString()),
        CliRunner.run("verify", "--trust", trusting.toString(), "--revocations", good.toString(), good.toString()))) {
      TlogCommandTest.assertBadInput(refused);
      assertEquals("", refused.out());
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
