package org.civictrust.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.VerificationException;

/** One-line JSON output and strict JSON input for the commands. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode hashes(List<Hash> hashes) {
    ArrayNode array = MAPPER.createArrayNode();
    hashes.forEach(h -> array.add(h.toBase64()));
    return array;
  }

  /** Prints {@code json} as one line. */
  static void print(PrintStream out, JsonNode json) {
    try {
      out.println(MAPPER.writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of JSON nodes always serializes", e);
    }
  }

  /** Prints {@code {"verdict":"VERIFIED"}} and returns exit code 0. */
  static int verified(PrintStream out) {
    print(out, object().put("verdict", "VERIFIED"));
    return 0;
  }

  /** Prints {@code {"verdict":"FAILED","reason":…}} and returns exit code 1. */
  static int failed(PrintStream out, Reason reason) {
    print(out, object().put("verdict", "FAILED").put("reason", reason.name()));
    return Main.FAILED;
  }

  /** Reads one JSON object from {@code in}; anything else is unreadable input. */
  static JsonNode readObject(InputStream in) throws InputException {
    try {
      JsonNode node = MAPPER.readTree(in);
      if (node == null || !node.isObject()) {
        throw new InputException("expected one JSON object on standard input");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InputException("standard input is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InputException("cannot read standard input: " + e.getMessage(), e);
    }
  }

  /** The field {@code name} of {@code object}, which must be present. */
  static JsonNode field(JsonNode object, String name) throws InputException {
    JsonNode value = object.get(name);
    if (value == null || value.isNull()) {
      throw new InputException("the JSON object has no field \"" + name + "\"");
    }
    return value;
  }

  /** A whole number that fits in a signed 64-bit integer; anything else is MALFORMED. */
  static long longValue(JsonNode object, String name) throws InputException, VerificationException {
    JsonNode value = field(object, name);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new VerificationException(Reason.MALFORMED, name + " is not a whole number: " + value);
    }
    return value.longValue();
  }

  /** A base64 hash; anything else is MALFORMED. */
  static Hash hashValue(JsonNode object, String name) throws InputException, VerificationException {
    return hash(field(object, name), name);
  }

  /** An array of base64 hashes; anything else is MALFORMED. */
  static List<Hash> hashList(JsonNode object, String name) throws InputException, VerificationException {
    JsonNode array = field(object, name);
    if (!array.isArray()) {
      throw new VerificationException(Reason.MALFORMED, name + " is not an array");
    }
    List<Hash> hashes = new ArrayList<>(array.size());
    for (JsonNode element : array) {
      hashes.add(hash(element, name + "[" + hashes.size() + "]"));
    }
    return hashes;
  }

  private static Hash hash(JsonNode value, String name) throws VerificationException {
    if (!value.isTextual()) {
      throw new VerificationException(Reason.MALFORMED, name + " is not a base64 string");
    }
    try {
      return Hash.fromBase64(value.textValue());
    } catch (IllegalArgumentException e) {
      throw new VerificationException(Reason.MALFORMED, name + " is not a base64 SHA-256 hash", e);
    }
  }
}
