package org.civictrust.issuance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.civictrust.issuance.RegistryConfigException.Problem;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerifierKey;

/**
 * Loads an {@link IssuerRegistry} from a JSON file, strictly (unknown fields, duplicate names and
 * trailing data are errors):
 *
 * <pre>
 * {"issuers": [
 *   {"id": "registry.example/civil-status",
 *    "documentTypes": ["birth-certificate"],
 *    "maxValidity": "P36500D",
 *    "keys": [
 *      {"state": "active",   "signerKeyFile": "keys/civil-2026.key"},
 *      {"state": "retiring", "signerKey": "PRIVATE+KEY+registry.example/civil-status+…"},
 *      {"state": "revoked",  "verifierKey": "registry.example/civil-status+0a1b2c3d+…", "keyId": "0a1b2c3d"}]}]}
 * </pre>
 *
 * <p>{@code maxValidity} is an ISO-8601 duration ({@link Duration#parse}). Each key has exactly one of
 * {@code signerKeyFile} (a file holding the {@code PRIVATE+KEY+…} text, with or without a final newline,
 * resolved against the registry file's directory), {@code signerKey} (the text itself) or {@code
 * verifierKey} (the public vkey, for retiring and revoked keys whose secret is gone). The key's name must
 * be the issuer id; an optional {@code keyId} (8 lowercase hex digits) is checked against the key.
 */
public final class IssuerRegistryFile {
  /** The largest registry file read. */
  public static final int MAX_FILE_SIZE = 1 << 20;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final Set<String> ROOT_FIELDS = Set.of("issuers");
  private static final Set<String> ISSUER_FIELDS = Set.of("id", "documentTypes", "maxValidity", "keys");
  private static final Set<String> KEY_FIELDS = Set.of("state", "signerKeyFile", "signerKey", "verifierKey", "keyId");

  private final Path baseDirectory;

  private IssuerRegistryFile(Path baseDirectory) {
    this.baseDirectory = baseDirectory;
  }

  /**
   * Loads the registry file {@code file}; relative key files are resolved against its directory.
   *
   * @throws RegistryConfigException if the file or a key file cannot be read or breaks a rule
   */
  public static IssuerRegistry load(Path file) throws RegistryConfigException {
    return IssuerRegistry.of(loadPolicies(file));
  }

  /**
   * Loads the issuer policies of the registry file {@code file}, in file order (e.g. to publish the
   * issuers' verifier keys in a trust store).
   *
   * @throws RegistryConfigException as {@link #load} does
   */
  public static List<IssuerPolicy> loadPolicies(Path file) throws RegistryConfigException {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_SIZE) {
        throw new RegistryConfigException(Problem.UNREADABLE, file + " is larger than " + MAX_FILE_SIZE + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new RegistryConfigException(Problem.UNREADABLE, "cannot read the registry file " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
    Path directory = file.toAbsolutePath().getParent();
    return parsePolicies(new String(bytes, StandardCharsets.UTF_8), directory);
  }

  /**
   * Parses registry JSON; relative key files are resolved against {@code baseDirectory}.
   *
   * @throws RegistryConfigException if the text or a key file breaks a rule
   */
  public static IssuerRegistry parse(String json, Path baseDirectory) throws RegistryConfigException {
    return IssuerRegistry.of(parsePolicies(json, baseDirectory));
  }

  /** The issuer policies of registry JSON, in order; see {@link #parse}. */
  public static List<IssuerPolicy> parsePolicies(String json, Path baseDirectory) throws RegistryConfigException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // The parser's own message may quote the input, which can hold secret keys: give the place only.
      String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new RegistryConfigException(Problem.MALFORMED_JSON, "not valid JSON" + at);
    }
    if (root == null || !root.isObject()) {
      throw new RegistryConfigException(Problem.MALFORMED_JSON, "the registry is not a JSON object");
    }
    return new IssuerRegistryFile(baseDirectory).policies(root);
  }

  private List<IssuerPolicy> policies(JsonNode root) throws RegistryConfigException {
    checkFields(root, ROOT_FIELDS, "the registry");
    JsonNode issuers = array(root, "issuers", "the registry");
    List<IssuerPolicy> policies = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < issuers.size(); i++) {
      IssuerPolicy policy = issuer(issuers.get(i), "issuers[" + i + "]");
      if (!ids.add(policy.issuerId())) {
        throw new RegistryConfigException(Problem.DUPLICATE, "issuers[" + i + "].id: issuer " + policy.issuerId() + " is listed twice");
      }
      policies.add(policy);
    }
    return List.copyOf(policies);
  }

  private IssuerPolicy issuer(JsonNode node, String where) throws RegistryConfigException {
    if (!node.isObject()) {
      throw new RegistryConfigException(Problem.INVALID_VALUE, where + " is not an object");
    }
    checkFields(node, ISSUER_FIELDS, where);
    String id = text(node, "id", where);
    Set<String> types = new LinkedHashSet<>();
    JsonNode typeArray = array(node, "documentTypes", where);
    for (int i = 0; i < typeArray.size(); i++) {
      JsonNode type = typeArray.get(i);
      if (!type.isTextual() || type.asText().isEmpty()) {
        throw new RegistryConfigException(Problem.INVALID_VALUE, where + ".documentTypes[" + i + "] is not a non-empty string");
      }
      types.add(type.asText());
    }
    if (types.isEmpty()) {
      throw new RegistryConfigException(Problem.INVALID_VALUE, where + ".documentTypes is empty");
    }
    Duration maxValidity = duration(node, "maxValidity", where);
    JsonNode keyArray = array(node, "keys", where);
    List<IssuerKey> keys = new ArrayList<>();
    Set<String> keyIds = new HashSet<>();
    for (int i = 0; i < keyArray.size(); i++) {
      String keyWhere = where + ".keys[" + i + "]";
      IssuerKey key = key(keyArray.get(i), keyWhere);
      if (!key.name().equals(id)) {
        throw new RegistryConfigException(Problem.KEY_MISMATCH, keyWhere + ": the key is named " + key.name()
            + ", not the issuer id " + id);
      }
      if (!keyIds.add(key.keyId())) {
        throw new RegistryConfigException(Problem.DUPLICATE, keyWhere + ": key " + key.keyId() + " is listed twice");
      }
      keys.add(key);
    }
    return new IssuerPolicy(id, types, maxValidity, keys);
  }

  private IssuerKey key(JsonNode node, String where) throws RegistryConfigException {
    if (!node.isObject()) {
      throw new RegistryConfigException(Problem.INVALID_VALUE, where + " is not an object");
    }
    checkFields(node, KEY_FIELDS, where);
    String stateName = text(node, "state", where);
    KeyState state = KeyState.parse(stateName).orElseThrow(() -> new RegistryConfigException(Problem.UNKNOWN_STATE,
        where + ".state: " + stateName + " is not one of active, retiring, revoked"));
    int sources = (node.has("signerKeyFile") ? 1 : 0) + (node.has("signerKey") ? 1 : 0) + (node.has("verifierKey") ? 1 : 0);
    if (sources != 1) {
      throw new RegistryConfigException(sources == 0 ? Problem.MISSING_FIELD : Problem.INVALID_KEY,
          where + " needs exactly one of signerKeyFile, signerKey, verifierKey");
    }
    IssuerKey key;
    if (node.has("verifierKey")) {
      if (state == KeyState.ACTIVE) {
        throw new RegistryConfigException(Problem.ACTIVE_KEY_WITHOUT_SIGNER,
            where + ": an active key needs signerKeyFile or signerKey");
      }
      key = IssuerKey.ofVerifier(verifierKey(text(node, "verifierKey", where), where + ".verifierKey"), state);
    } else if (node.has("signerKey")) {
      key = IssuerKey.of(signerKey(text(node, "signerKey", where), where + ".signerKey"), state);
    } else {
      key = IssuerKey.of(signerKeyFile(text(node, "signerKeyFile", where), where + ".signerKeyFile"), state);
    }
    if (node.has("keyId") && !text(node, "keyId", where).equals(key.keyId())) {
      throw new RegistryConfigException(Problem.KEY_MISMATCH, where + ".keyId: the key's ID is " + key.keyId());
    }
    return key;
  }

  private SignerKey signerKeyFile(String name, String where) throws RegistryConfigException {
    Path file = baseDirectory == null ? Path.of(name) : baseDirectory.resolve(name);
    String text;
    try {
      if (Files.size(file) > MAX_FILE_SIZE) {
        throw new RegistryConfigException(Problem.INVALID_KEY, where + ": " + file + " is too large for a key");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RegistryConfigException(Problem.KEY_FILE_UNREADABLE, where + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
    return signerKey(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text, where + " (" + file + ")");
  }

  private static SignerKey signerKey(String text, String where) throws RegistryConfigException {
    try {
      return SignerKey.parse(text);
    } catch (IllegalArgumentException e) {
      throw new RegistryConfigException(Problem.INVALID_KEY, where + " is not a signer key: " + e.getMessage(), e);
    }
  }

  private static VerifierKey verifierKey(String text, String where) throws RegistryConfigException {
    try {
      VerifierKey key = VerifierKey.parse(text);
      if (key.type() != VerifierKey.TYPE_ED25519) {
        throw new RegistryConfigException(Problem.INVALID_KEY, where + " is not of signature type 0x01");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new RegistryConfigException(Problem.INVALID_KEY, where + " is not a verifier key: " + e.getMessage(), e);
    }
  }

  private static void checkFields(JsonNode node, Set<String> known, String where) throws RegistryConfigException {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new RegistryConfigException(Problem.UNKNOWN_FIELD, where + " has the unknown field " + name);
      }
    }
  }

  private static JsonNode field(JsonNode node, String name, String where) throws RegistryConfigException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new RegistryConfigException(Problem.MISSING_FIELD, where + " has no " + name);
    }
    return value;
  }

  private static String text(JsonNode node, String name, String where) throws RegistryConfigException {
    JsonNode value = field(node, name, where);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new RegistryConfigException(Problem.INVALID_VALUE, where + "." + name + " is not a non-empty string");
    }
    return value.asText();
  }

  private static JsonNode array(JsonNode node, String name, String where) throws RegistryConfigException {
    JsonNode value = field(node, name, where);
    if (!value.isArray()) {
      throw new RegistryConfigException(Problem.INVALID_VALUE, where + "." + name + " is not an array");
    }
    return value;
  }

  private static Duration duration(JsonNode node, String name, String where) throws RegistryConfigException {
    String text = text(node, name, where);
    Optional<Duration> parsed;
    try {
      parsed = Optional.of(Duration.parse(text)).filter(d -> !d.isNegative() && !d.isZero());
    } catch (DateTimeParseException e) {
      parsed = Optional.empty();
    }
    return parsed.orElseThrow(() -> new RegistryConfigException(Problem.INVALID_VALUE,
        where + "." + name + " is not a positive ISO-8601 duration such as P3650D"));
  }
}
