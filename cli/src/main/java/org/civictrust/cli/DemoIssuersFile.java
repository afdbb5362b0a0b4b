package org.civictrust.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.civictrust.files.AtomicFiles;
import org.civictrust.issuance.IssuerKey;
import org.civictrust.issuance.IssuerPolicy;
import org.civictrust.issuance.IssuerRegistryFile;
import org.civictrust.platform.DemoRequests;
import org.civictrust.tlog.SignerKey;

/**
 * The demo issuers of {@code civictrust up} without {@code --issuers}: on first start, a new key for
 * each demo issuer ({@link DemoRequests#issuers}) in {@code DATA/issuers/<issuer>.key} (mode 0600) and
 * the issuer registry file {@code DATA/issuers.json} naming them, in the {@link IssuerRegistryFile}
 * format, so that a restart finds the same issuers.
 */
final class DemoIssuersFile {
  /** The registry file's name in the data directory. */
  static final String FILE = "issuers.json";
  /** The key directory's name in the data directory. */
  static final String KEYS = "issuers";

  private DemoIssuersFile() {}

  /**
   * Writes new demo issuer keys and {@code DATA/issuers.json}; the file is moved into place last, so
   * it names only keys that exist.
   *
   * @return the registry file
   * @throws InputException if a demo issuer key file exists already (from an interrupted first start)
   */
  static Path create(Path data) throws InputException, IOException {
    SecureRandom random = new SecureRandom();
    List<IssuerPolicy> issuers = DemoRequests.issuers(SignerKey.generate(DemoRequests.CIVIL_REGISTRY, random),
        SignerKey.generate(DemoRequests.UNIVERSITY, random));
    ObjectNode root = Json.object();
    ArrayNode array = root.putArray("issuers");
    for (IssuerPolicy issuer : issuers) {
      ObjectNode node = array.addObject().put("id", issuer.issuerId());
      ArrayNode types = node.putArray("documentTypes");
      issuer.documentTypes().stream().sorted().forEach(types::add);
      node.put("maxValidity", format(issuer.maxValidity()));
      ArrayNode keys = node.putArray("keys");
      for (IssuerKey key : issuer.keys()) {
        SignerKey signer = key.signer().orElseThrow();
        String name = KEYS + "/" + SignerKeyFiles.fileName(issuer.issuerId()) + "-" + key.keyId() + ".key";
        SignerKeyFiles.write(data.resolve(name), signer);
        keys.addObject().put("state", key.state().configName()).put("signerKeyFile", name);
      }
    }
    try {
      String json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
      Path file = data.resolve(FILE);
      AtomicFiles.write(file, json.getBytes(StandardCharsets.UTF_8));
      return file;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of JSON nodes always serializes", e);
    }
  }

  /** {@code P<n>D} for whole days, else {@link Duration#toString}: both parse with {@link Duration#parse}. */
  static String format(Duration duration) {
    return duration.toSeconds() % 86_400 == 0 && duration.getNano() == 0 ? "P" + duration.toDays() + "D"
        : duration.toString();
  }

  /** Whether {@code data} already holds a registry file. */
  static boolean exists(Path data) {
    return Files.exists(data.resolve(FILE));
  }
}
