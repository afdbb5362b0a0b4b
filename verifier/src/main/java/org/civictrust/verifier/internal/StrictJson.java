package org.civictrust.verifier.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Strict JSON (RFC 8259) for the receipt and trust store formats: UTF-8 only (checked strictly, with
 * the size bounded before decoding), exactly one value and nothing after it but whitespace, no
 * duplicate field names, no comments or other extensions, and objects with exactly the expected
 * fields. Failures are {@link IllegalArgumentException}s whose messages say where the input breaks
 * the rules, quoting at most a few characters of it (a receipt carries personal data). For use by
 * {@code org.civictrust.verifier} only.
 */
public final class StrictJson {
  /** Reads strictly; writes compactly, fields in insertion order. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private static final int MAX_MESSAGE = 80;

  private StrictJson() {}

  /**
   * Parses {@code json}, at most {@code maxSize} bytes of UTF-8, as one JSON object.
   *
   * @throws IllegalArgumentException if it is larger (checked first), not valid UTF-8, not JSON, or
   *     not an object
   */
  public static ObjectNode readObject(byte[] json, int maxSize, String what) {
    Objects.requireNonNull(json, "json");
    if (json.length > maxSize) {
      throw new IllegalArgumentException(what + " of " + json.length + " bytes exceeds " + maxSize);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(json))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " is not valid UTF-8", e);
    }
    return readObject(text, what);
  }

  /**
   * Parses {@code json} as one JSON object.
   *
   * @throws IllegalArgumentException if it is not JSON or not an object
   */
  public static ObjectNode readObject(String json, String what) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not strict JSON" + locationOf(e) + ": "
          + SafeText.oneLine(shorten(e.getOriginalMessage())), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(what + " is not a JSON object");
    }
    return (ObjectNode) node;
  }

  /**
   * Requires {@code object} to hold exactly the fields {@code names}, in any order.
   *
   * @throws IllegalArgumentException naming the first missing or unexpected field
   */
  public static void requireFields(JsonNode object, Set<String> names, String what) {
    for (String name : names) {
      if (!object.has(name)) {
        throw new IllegalArgumentException(what + " lacks the field \"" + name + "\"");
      }
    }
    List<String> unknown = new ArrayList<>();
    object.fieldNames().forEachRemaining(name -> {
      if (!names.contains(name)) {
        unknown.add(name);
      }
    });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(what + " has the unknown field " + SafeText.quote(unknown.get(0)));
    }
  }

  /**
   * The string value of the field {@code name}.
   *
   * @throws IllegalArgumentException if the field is absent or not a string
   */
  public static String text(JsonNode object, String name, String what) {
    JsonNode value = object.get(name);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(what + " field \"" + name + "\" is not a string");
    }
    return value.textValue();
  }

  /**
   * The elements of the array field {@code name}.
   *
   * @throws IllegalArgumentException if the field is absent or not an array
   */
  public static List<JsonNode> array(JsonNode object, String name, String what) {
    JsonNode value = object.get(name);
    if (value == null || !value.isArray()) {
      throw new IllegalArgumentException(what + " field \"" + name + "\" is not an array");
    }
    List<JsonNode> elements = new ArrayList<>(value.size());
    value.elements().forEachRemaining(elements::add);
    return elements;
  }

  /** Serializes {@code node} compactly on one line. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of JSON nodes always serializes", e);
    }
  }

  private static String shorten(String message) {
    String text = String.valueOf(message);
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}
