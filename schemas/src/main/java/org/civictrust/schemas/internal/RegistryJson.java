package org.civictrust.schemas.internal;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * The JSON bodies of the Confluent Schema Registry REST API that CivicTrust uses, parsed strictly
 * (no duplicate keys, no trailing tokens, the fields' types checked); unknown fields are ignored, as
 * registries add some (Apicurio answers {@code "references":[]}). For {@code org.civictrust.schemas}
 * only.
 */
public final class RegistryJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** The answer to {@code GET /schemas/ids/{id}}: the schema text, its type, whether it has references. */
  public record SchemaAnswer(String schema, String schemaType, boolean hasReferences) {}

  private RegistryJson() {}

  /** The body of {@code POST /subjects/{subject}/versions}: {@code {"schema":"<schema text>"}}. */
  public static byte[] registerRequest(String schemaText) {
    try {
      return MAPPER.writeValueAsBytes(MAPPER.createObjectNode().put("schema", schemaText));
    } catch (IOException e) {
      throw new IllegalStateException("a one-string JSON object always serializes", e);
    }
  }

  /** The id in {@code {"id":N}}; IOException unless N is an integer in {@code [0, 2^31)}. */
  public static int id(byte[] answer) throws IOException {
    JsonNode id = object(answer).get("id");
    if (id == null || !id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
      throw new IOException("the answer has no \"id\" that is an integer in [0, 2^31)");
    }
    return id.intValue();
  }

  /**
   * The answer {@code {"schema":"...","schemaType":"...","references":[...]}}; a missing
   * {@code schemaType} means {@code AVRO}, as in Confluent's API.
   */
  public static SchemaAnswer schema(byte[] answer) throws IOException {
    JsonNode root = object(answer);
    JsonNode schema = root.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw new IOException("the answer has no \"schema\" string");
    }
    JsonNode type = root.get("schemaType");
    if (type != null && !type.isTextual()) {
      throw new IOException("\"schemaType\" is not a string");
    }
    JsonNode references = root.get("references");
    if (references != null && !references.isArray() && !references.isNull()) {
      throw new IOException("\"references\" is not an array");
    }
    return new SchemaAnswer(schema.textValue(), type == null ? "AVRO" : type.textValue(),
        references != null && references.size() > 0);
  }

  /** The {@code error_code} of a registry error body such as {@code {"error_code":40403,"message":"..."}}, if any. */
  public static OptionalInt errorCode(byte[] body) {
    try {
      JsonNode code = object(body).get("error_code");
      return code != null && code.isIntegralNumber() && code.canConvertToInt() ? OptionalInt.of(code.intValue())
          : OptionalInt.empty();
    } catch (IOException e) {
      return OptionalInt.empty();
    }
  }

  private static JsonNode object(byte[] json) throws IOException {
    JsonNode root = MAPPER.readTree(json);
    if (root == null || !root.isObject()) {
      throw new IOException("the answer is not a JSON object");
    }
    return root;
  }
}
