package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuanceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The requests file of {@code civictrust issue --file}: every field, the defaults, and strictness. */
class RequestsFileTest {
  static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  static final String FULL = "[{\"requestId\": \"r-1\", \"issuerId\": \"registry.example/civil-status\","
      + " \"issuerKeyId\": \"0a1b2c3d\", \"documentId\": \"00112233445566778899aabbccddeeff\","
      + " \"documentType\": \"birth-certificate\", \"subject\": \"Ada Lovelace\","
      + " \"claims\": {\"birthDate\": \"1815-12-10\", \"birthPlace\": \"London\"},"
      + " \"expiresAt\": \"2126-01-01T00:00:00Z\", \"requestedAt\": \"2026-11-21T09:59:59.123Z\"}]";
  static final String MINIMAL_FIELDS = "\"requestId\": \"r-2\", \"issuerId\": \"i\", \"documentType\": \"t\","
      + " \"subject\": \"s\", \"expiresAt\": \"2126-01-01T00:00:00Z\"";

  static List<IssuanceRequest> parse(String json) throws RequestsFile.FormatException {
    return RequestsFile.parse(json.getBytes(StandardCharsets.UTF_8), NOW, new SecureRandom());
  }

  @Test
  void readsEveryFieldOfARequest() throws Exception {
    IssuanceRequest request = parse(FULL).get(0);
    assertEquals("r-1", request.getRequestId());
    assertEquals("registry.example/civil-status", request.getIssuerId());
    assertEquals("0a1b2c3d", request.getIssuerKeyId());
    assertArrayEquals(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"), Documents.bytes(request.getDocumentId()));
    assertEquals("birth-certificate", request.getDocumentType());
    assertEquals("Ada Lovelace", request.getSubject());
    assertEquals(List.of(new Claim("birthDate", "1815-12-10"), new Claim("birthPlace", "London")), request.getClaims());
    assertEquals(Instant.parse("2126-01-01T00:00:00Z").toEpochMilli(), request.getExpiresAt());
    assertEquals(Instant.parse("2026-11-21T09:59:59.123Z").toEpochMilli(), request.getRequestedAt());
  }

  @Test
  void claimsAsAnObjectOrAnArrayOfNameValuePairsAreTheSame() throws Exception {
    List<IssuanceRequest> requests = parse("[{" + MINIMAL_FIELDS + ", \"claims\": {\"a\": \"1\", \"b\": \"2\"}},"
        + " {" + MINIMAL_FIELDS + ", \"claims\": [{\"name\": \"a\", \"value\": \"1\"}, {\"value\": \"2\", \"name\": \"b\"}]}]");
    assertEquals(2, requests.size());
    assertEquals(requests.get(0).getClaims(), requests.get(1).getClaims());
  }

  @Test
  void fillsInTheKeyTheDocumentIdAndTheRequestTimeWhenAbsent() throws Exception {
    List<IssuanceRequest> requests = parse("[{" + MINIMAL_FIELDS + ", \"claims\": {}}, {" + MINIMAL_FIELDS
        + ", \"claims\": [], \"issuerKeyId\": null}]");
    for (IssuanceRequest request : requests) {
      assertNull(request.getIssuerKeyId());
      assertEquals(Documents.DOCUMENT_ID_SIZE, request.getDocumentId().remaining());
      assertEquals(NOW.toEpochMilli(), request.getRequestedAt());
    }
    assertEquals(2, requests.stream().map(r -> HexFormat.of().formatHex(Documents.bytes(r.getDocumentId()))).distinct().count());
  }

  @Test
  void anEmptyArrayHoldsNoRequest() throws Exception {
    assertEquals(List.of(), parse(" [ ] \n"));
  }

  @Test
  void givesTheLineAndColumnOfASyntaxError() {
    var e = assertThrows(RequestsFile.FormatException.class, () -> parse("[\n  {\"requestId\": \"r\",,}\n]"));
    assertEquals(2, e.line());
    assertEquals(21, e.column());
  }

  @Test
  void givesTheLineAndColumnOfTheRequestThatBreaksARule() {
    var e = assertThrows(RequestsFile.FormatException.class,
        () -> parse("[{" + MINIMAL_FIELDS + ", \"claims\": {}},\n   {" + MINIMAL_FIELDS + "}]"));
    assertEquals(2, e.line());
    assertEquals(4, e.column());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      "[1]",
      "[[]]",
      "[] []",
      "[{\"claims\": {}}]",
      "[{\"claims\": {}, \"extra\": 1, " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": {}, \"requestId\": \"again\", " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": {\"a\": \"1\", \"a\": \"2\"}, " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": {\"a\": 1}, " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": [{\"name\": \"a\"}], " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": [{\"name\": \"a\", \"value\": \"1\", \"x\": \"\"}], " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": \"a=1\", " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": {}, \"documentId\": \"0011\", " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": {}, \"documentId\": \"zz112233445566778899aabbccddeeff\", " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": {}, \"documentId\": null, " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": {}, \"requestedAt\": \"2026-11-21\", " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": {}, \"requestedAt\": \"2026-11-21T10:00:00.0001Z\", " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": {}, \"requestedAt\": 1790000000000, " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": {}, \"issuerKeyId\": 7, " + MINIMAL_FIELDS + "}]",
      "[{\"claims\": {}, \"requestId\": \"\\ud800\", \"issuerId\": \"i\", \"documentType\": \"t\", \"subject\": \"s\","
          + " \"expiresAt\": \"2126-01-01T00:00:00Z\"}]"})
  void refusesWhatBreaksTheFormat(String json) {
    assertThrows(RequestsFile.FormatException.class, () -> parse(json));
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    byte[] json = ("[{\"claims\": {}, " + MINIMAL_FIELDS.replace("\"s\"", "\"s\u00ff\"") + "}]")
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThrows(RequestsFile.FormatException.class, () -> RequestsFile.parse(json, NOW, new SecureRandom()));
  }
}
