package org.civictrust.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.VerificationException;
import org.junit.jupiter.api.Test;

/** The receipt file: format then parse gives the receipt back; everything off the strict form is MALFORMED. */
class ReceiptTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Receipt RECEIPT = ReceiptFixture.standard(3).receipt(1);

  static ObjectNode good() throws Exception {
    return (ObjectNode) JSON.readTree(RECEIPT.format());
  }

  static void assertMalformed(String json) {
    VerificationException e = assertThrows(VerificationException.class, () -> Receipt.parse(json), json.length() < 200 ? json : "");
    assertEquals(Reason.MALFORMED, e.reason());
  }

  static void assertMalformed(byte[] json) {
    assertEquals(Reason.MALFORMED, assertThrows(VerificationException.class, () -> Receipt.parse(json)).reason());
  }

  @Test
  void formatThenParseGivesTheReceiptBackInTheDocumentedFieldOrder() throws Exception {
    String text = RECEIPT.format();
    assertTrue(text.startsWith("{\"mediaType\":\"" + Receipt.MEDIA_TYPE + "\",\"document\":\""), text);
    assertEquals(List.of("mediaType", "document", "entry", "tlogProof"), fieldNames(good()));
    assertEquals(RECEIPT, Receipt.parse(text));
    assertEquals(RECEIPT, Receipt.parse(text.getBytes(StandardCharsets.UTF_8)));
    Receipt unanchored = new Receipt(RECEIPT.document(), RECEIPT.entry(), "");
    assertFalse(unanchored.isAnchored());
    assertEquals(unanchored, Receipt.parse(unanchored.format()));
  }

  @Test
  void fieldsMayComeInAnyOrderAndWhitespaceIsAllowed() throws Exception {
    ObjectNode reordered = JSON.createObjectNode().put("tlogProof", RECEIPT.tlogProof())
        .put("entry", good().get("entry").asText()).put("document", good().get("document").asText())
        .put("mediaType", Receipt.MEDIA_TYPE);
    assertEquals(RECEIPT, Receipt.parse(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(reordered) + "\n"));
  }

  @Test
  void theMediaTypeMustMatchExactly() throws Exception {
    for (String mediaType : List.of("", "application/json", "application/vnd.civictrust.receipt.v2+json",
        Receipt.MEDIA_TYPE.toUpperCase(java.util.Locale.ROOT), Receipt.MEDIA_TYPE + " ", Receipt.MEDIA_TYPE + "; charset=utf-8")) {
      assertMalformed(good().put("mediaType", mediaType).toString());
    }
  }

  @Test
  void missingUnknownNullAndNonStringFieldsAreMalformed() throws Exception {
    for (String field : List.of("mediaType", "document", "entry", "tlogProof")) {
      ObjectNode missing = good();
      missing.remove(field);
      assertMalformed(missing.toString());
      assertMalformed(good().putNull(field).toString());
      assertMalformed(good().put(field, 1).toString());
    }
    assertMalformed(good().put("comment", "hello").toString());
    assertMalformed(good().put("Entry", "").toString());
  }

  @Test
  void jsonThatIsNotStrictIsMalformed() throws Exception {
    String text = RECEIPT.format();
    String body = text.substring(1, text.length() - 1);
    for (String bad : List.of("", " ", "[]", "\"receipt\"", "null", text + text, text + "x", "{" + body + ",\"entry\":\"\"}",
        "{" + body + ",}", "// comment\n" + text, "{'mediaType':1}", text.substring(0, text.length() - 1))) {
      assertMalformed(bad);
    }
    byte[] latin1 = text.replace("}", ",\"x\":\"\u00e9\"}").getBytes(StandardCharsets.ISO_8859_1);
    assertMalformed(latin1);
    assertMalformed(text.getBytes(StandardCharsets.UTF_16));
  }

  @Test
  void base64MustBeCanonicalAndPadded() throws Exception {
    String document = good().get("document").asText();
    String entry = good().get("entry").asText();
    assertTrue(document.endsWith("="), "the fixture document needs padding for this test");
    for (String bad : List.of(document.replace("=", ""), document + "====", " " + document,
        document.substring(0, 60) + "\n" + document.substring(60), document.replace('/', '_').replace('+', '-'))) {
      if (!bad.equals(document)) {
        assertMalformed(good().put("document", bad).toString());
      }
    }
    // "AQI=" is the canonical encoding of {1, 2}; "AQJ=" decodes to the same bytes with a non-zero unused bit.
    assertEquals(List.of((byte) 1, (byte) 2), List.of(Base64.getDecoder().decode("AQJ=")[0], Base64.getDecoder().decode("AQJ=")[1]));
    assertMalformed(good().put("entry", "AQJ=").toString());
    assertMalformed(good().put("entry", entry.substring(0, entry.length() - 1)).toString());
  }

  @Test
  void oversizeFieldsAreMalformedBeforeDecoding() throws Exception {
    String bigDocument = Base64.getEncoder().encodeToString(new byte[Receipt.MAX_DOCUMENT_SIZE + 1]);
    assertMalformed(good().put("document", bigDocument).toString());
    assertMalformed(good().put("document", "A".repeat(bigDocument.length() + 400)).toString());
    assertEquals(Receipt.MAX_DOCUMENT_SIZE, Receipt.parse(good().put("document",
        Base64.getEncoder().encodeToString(new byte[Receipt.MAX_DOCUMENT_SIZE])).toString()).document().length);
    assertMalformed(good().put("entry", Base64.getEncoder().encodeToString(new byte[Receipt.MAX_ENTRY_SIZE + 1])).toString());
    assertMalformed(good().put("tlogProof", "x".repeat(Receipt.MAX_TLOG_PROOF_SIZE + 1)).toString());
    assertMalformed(good().put("tlogProof", "\u00e9".repeat(Receipt.MAX_TLOG_PROOF_SIZE / 2 + 1)).toString());
    assertMalformed(new byte[Receipt.MAX_SIZE + 1]);
    assertThrows(IllegalArgumentException.class, () -> new Receipt(new byte[Receipt.MAX_DOCUMENT_SIZE + 1], new byte[0], ""));
    assertThrows(IllegalArgumentException.class, () -> new Receipt(new byte[0], new byte[Receipt.MAX_ENTRY_SIZE + 1], ""));
  }

  @Test
  void bytesAreCopiedInAndOutAndToStringHidesTheDocument() {
    byte[] document = RECEIPT.document();
    Receipt receipt = new Receipt(document, RECEIPT.entry(), RECEIPT.tlogProof());
    document[0] ^= 1;
    receipt.document()[1] ^= 1;
    assertEquals(RECEIPT, receipt);
    assertEquals(RECEIPT.hashCode(), receipt.hashCode());
    assertFalse(receipt.toString().contains("Ada"), receipt.toString());
  }

  static List<String> fieldNames(ObjectNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
