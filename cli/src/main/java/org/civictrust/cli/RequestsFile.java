package org.civictrust.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.RecordException;

/**
 * The requests file of {@code civictrust issue --file}: a JSON array (RFC 8259, UTF-8) of issuance
 * requests, parsed strictly (unknown or repeated fields, wrong types and anything after the array are
 * errors), each error with its line and column. The format is in {@code docs/formats.md}:
 *
 * <pre>
 * [{"requestId": "r-1", "issuerId": "registry.example/civil-status", "issuerKeyId": "0a1b2c3d",
 *   "documentId": "00112233445566778899aabbccddeeff", "documentType": "birth-certificate",
 *   "subject": "Ada Lovelace", "claims": {"birthDate": "1815-12-10"},
 *   "expiresAt": "2126-01-01T00:00:00Z", "requestedAt": "2026-11-21T10:00:00Z"}]
 * </pre>
 *
 * <p>Optional: {@code issuerKeyId} (absent or null: the issuer's active key), {@code documentId}
 * (absent: 16 random bytes), {@code requestedAt} (absent: the time given to {@link #parse}). Claims are
 * an object of string values or an array of {@code {"name","value"}} objects. Instants are ISO-8601
 * with at most millisecond precision. Strings are valid Unicode (no unpaired surrogate written as a
 * JSON escape); a request encodes in at most 1 MiB. What the pipeline checks (issuers, sizes, expiry) is left to it:
 * a request it refuses ends on the rejection topic with its reason.
 */
final class RequestsFile {
  /** The largest requests file read. */
  static final int MAX_SIZE = 64 << 20;

  /** Reads one request at a time from the array; what follows the array is checked by {@link #parse}. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final AvroCodec<IssuanceRequest> CODEC = AvroCodec.of(IssuanceRequest.class, 1 << 20);
  private static final Set<String> FIELDS = Set.of("requestId", "issuerId", "issuerKeyId", "documentId",
      "documentType", "subject", "claims", "expiresAt", "requestedAt");
  private static final Set<String> CLAIM_FIELDS = Set.of("name", "value");

  /** Why a requests file was refused, and where: 1-based line and column of the request or the syntax error. */
  static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final long line;
    private final long column;

    FormatException(String message, JsonLocation at, Throwable cause) {
      super("line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + message, cause);
      this.line = at.getLineNr();
      this.column = at.getColumnNr();
    }

    long line() {
      return line;
    }

    long column() {
      return column;
    }
  }

  private RequestsFile() {}

  /**
   * Parses a requests file.
   *
   * @param json the file's bytes, at most {@link #MAX_SIZE}
   * @param now the {@code requestedAt} of requests that give none
   * @param random the source of generated document ids
   * @throws FormatException if the file breaks a rule, with the position of the fault
   */
  static List<IssuanceRequest> parse(byte[] json, Instant now, SecureRandom random) throws FormatException {
    List<IssuanceRequest> requests = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new FormatException("expected a JSON array of requests", parser.currentTokenLocation(), null);
      }
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        JsonLocation at = parser.currentTokenLocation();
        JsonNode node = JSON.readTree(parser);
        try {
          requests.add(request(node, now, random));
        } catch (IllegalArgumentException e) {
          throw new FormatException("request " + requests.size() + ": " + e.getMessage(), at, e);
        }
      }
      if (parser.nextToken() != null) {
        throw new FormatException("data after the array", parser.currentTokenLocation(), null);
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation() == null ? JsonLocation.NA : e.getLocation();
      String reason = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
      throw new FormatException("not valid JSON: " + reason, at, e);
    } catch (IOException e) {
      throw new FormatException("cannot read: " + e, JsonLocation.NA, e);
    }
    return requests;
  }

  private static IssuanceRequest request(JsonNode node, Instant now, SecureRandom random) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field \"" + name + "\"");
      }
    }
    JsonNode keyId = node.get("issuerKeyId");
    byte[] documentId = new byte[Documents.DOCUMENT_ID_SIZE];
    if (node.has("documentId")) {
      documentId = documentId(text(node, "documentId"));
    } else {
      random.nextBytes(documentId);
    }
    IssuanceRequest request = IssuanceRequest.newBuilder()
        .setRequestId(text(node, "requestId"))
        .setIssuerId(text(node, "issuerId"))
        .setIssuerKeyId(keyId == null || keyId.isNull() ? null : text(node, "issuerKeyId"))
        .setDocumentId(ByteBuffer.wrap(documentId))
        .setDocumentType(text(node, "documentType"))
        .setSubject(text(node, "subject"))
        .setClaims(claims(node.get("claims")))
        .setExpiresAt(instant(node, "expiresAt"))
        .setRequestedAt(node.has("requestedAt") ? instant(node, "requestedAt") : now.toEpochMilli())
        .build();
    try {
      CODEC.encode(request);
    } catch (RecordException e) {
      throw new IllegalArgumentException("does not encode as an IssuanceRequest: " + e.getMessage(), e);
    }
    return request;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no \"" + name + "\"");
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException("\"" + name + "\" is not a string");
    }
    return unicode(value.textValue(), "\"" + name + "\"");
  }

  /**
   * {@code text}, if it is valid Unicode: a JSON escape may name half a surrogate pair, which UTF-8
   * cannot encode (Java's encoder, and so Avro's, would silently write {@code ?} instead).
   */
  private static String unicode(String text, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(what + " holds an unpaired surrogate (\\u" + Integer.toHexString(c) + ")");
      }
    }
    return text;
  }

  private static byte[] documentId(String hex) {
    if (hex.length() != 2 * Documents.DOCUMENT_ID_SIZE || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("\"documentId\" is not " + Documents.DOCUMENT_ID_SIZE + " bytes in hex ("
          + 2 * Documents.DOCUMENT_ID_SIZE + " hex digits)");
    }
    return HexFormat.of().parseHex(hex);
  }

  private static long instant(JsonNode node, String name) {
    String text = text(node, name);
    try {
      Instant instant = Instant.parse(text);
      if (instant.getNano() % 1_000_000 != 0) {
        throw new IllegalArgumentException("\"" + name + "\" is finer than a millisecond");
      }
      return instant.toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("\"" + name + "\" is not an ISO-8601 instant such as 2030-01-01T00:00:00Z", e);
    }
  }

  private static List<Claim> claims(JsonNode claims) {
    if (claims == null) {
      throw new IllegalArgumentException("no \"claims\"");
    }
    List<Claim> list = new ArrayList<>();
    if (claims.isObject()) {
      for (Map.Entry<String, JsonNode> field : claims.properties()) {
        if (!field.getValue().isTextual()) {
          throw new IllegalArgumentException("the claim \"" + field.getKey() + "\" is not a string");
        }
        list.add(new Claim(unicode(field.getKey(), "a claim name"),
            unicode(field.getValue().textValue(), "a claim value")));
      }
    } else if (claims.isArray()) {
      for (JsonNode claim : claims) {
        String where = "claims[" + list.size() + "]";
        if (!claim.isObject() || claim.size() != 2 || !CLAIM_FIELDS.containsAll(iterable(claim))) {
          throw new IllegalArgumentException(where + " is not an object {\"name\": …, \"value\": …}");
        }
        if (!claim.get("name").isTextual() || !claim.get("value").isTextual()) {
          throw new IllegalArgumentException(where + " has a name or value that is not a string");
        }
        list.add(new Claim(unicode(claim.get("name").textValue(), where + ".name"),
            unicode(claim.get("value").textValue(), where + ".value")));
      }
    } else {
      throw new IllegalArgumentException("\"claims\" is neither an object nor an array");
    }
    return list;
  }

  private static List<String> iterable(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
