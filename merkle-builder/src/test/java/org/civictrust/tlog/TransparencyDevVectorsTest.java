package org.civictrust.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every transparency-dev/merkle proof vector in one loop, gathering all failures: each valid case
 * must verify, each corrupted case must fail with a reason code.
 */
class TransparencyDevVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Where this verifier deliberately differs from the Go library that wrote the vectors, and the
   * reason code it gives instead. Go compares roots as plain bytes when the sizes are equal, so it
   * accepts two equal 12-byte "roots"; a root here is a 32-byte SHA-256 hash or the input is
   * malformed, and a verifier that fails closed says so.
   */
  private static final Map<String, Reason> DELIBERATE_DEVIATIONS = Map.of(
      "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json", Reason.MALFORMED);

  private record Outcome(String file, boolean wantErr, Reason reason) {}

  @Test
  void everyValidVectorVerifiesAndEveryCorruptedOneFails() throws Exception {
    Path root = vectorRoot();
    List<Outcome> outcomes = new ArrayList<>();
    for (Path file : jsonFiles(root)) {
      String name = root.relativize(file).toString().replace('\\', '/');
      JsonNode vector = JSON.readTree(file.toFile());
      Reason reason = name.startsWith("inclusion/") ? checkInclusion(vector) : checkConsistency(vector);
      outcomes.add(new Outcome(name, vector.get("wantErr").asBoolean(), reason));
    }

    List<String> failures = new ArrayList<>();
    for (Outcome o : outcomes) {
      Reason deviation = DELIBERATE_DEVIATIONS.get(o.file());
      if (deviation != null) {
        if (o.reason() != deviation) {
          failures.add(o.file() + ": expected the deliberate " + deviation + ", got " + o.reason());
        }
      } else if (o.wantErr() && o.reason() == null) {
        failures.add(o.file() + ": corrupted vector verified");
      } else if (!o.wantErr() && o.reason() != null) {
        failures.add(o.file() + ": valid vector failed with " + o.reason());
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(196, outcomes.size(), "all committed vector files ran");
    long valid = outcomes.stream().filter(o -> !o.wantErr()).count();
    assertEquals(12, valid, "valid vectors");
    assertTrue(DELIBERATE_DEVIATIONS.keySet().stream()
        .allMatch(f -> outcomes.stream().anyMatch(o -> o.file().equals(f))), "every deviation names a vector");
  }

  @Test
  void corruptedVectorsFailForTheReasonTheirNameGives() throws Exception {
    Path root = vectorRoot();
    Map<String, Reason> expected = Map.of(
        "inclusion/2/removed-component.json", Reason.WRONG_PROOF_SIZE,
        "inclusion/2/random-root.json", Reason.ROOT_MISMATCH,
        "inclusion/2/modified-proof[1]-bit-@3.json", Reason.ROOT_MISMATCH,
        "inclusion/additional/2/empty-root-and-random-leaf.json", Reason.INDEX_OUT_OF_RANGE,
        "consistency/2/truncated-proof.json", Reason.WRONG_PROOF_SIZE,
        "consistency/2/swapped-roots.json", Reason.ROOT_MISMATCH,
        "consistency/additional/size1-is-greater-than-size2-again.json", Reason.MALFORMED,
        "consistency/additional/sizes-are-equal-one-but-roots-are-not.json", Reason.MALFORMED,
        "consistency/additional/sizes-match-but-proof-is-not-empty-and-sizes-are-one.json",
        Reason.WRONG_PROOF_SIZE);
    for (Map.Entry<String, Reason> e : expected.entrySet()) {
      JsonNode vector = JSON.readTree(root.resolve(e.getKey()).toFile());
      Reason got = e.getKey().startsWith("inclusion/") ? checkInclusion(vector) : checkConsistency(vector);
      assertEquals(e.getValue(), got, e.getKey());
    }
  }

  /** Returns null when the vector verifies, else the reason it failed. */
  static Reason checkInclusion(JsonNode v) {
    try {
      InclusionProofs.check(v.get("leafIdx").asLong(), v.get("treeSize").asLong(), hash(v.get("leafHash")),
          hashes(v.get("proof")), hash(v.get("root")));
      return null;
    } catch (VerificationException e) {
      return e.reason();
    } catch (IllegalArgumentException e) {
      return Reason.MALFORMED;
    }
  }

  static Reason checkConsistency(JsonNode v) {
    try {
      ConsistencyProofs.check(v.get("size1").asLong(), v.get("size2").asLong(), hash(v.get("root1")),
          hash(v.get("root2")), hashes(v.get("proof")));
      return null;
    } catch (VerificationException e) {
      return e.reason();
    } catch (IllegalArgumentException e) {
      return Reason.MALFORMED;
    }
  }

  private static Hash hash(JsonNode base64) {
    return Hash.fromBase64(base64.asText());
  }

  private static List<Hash> hashes(JsonNode array) {
    List<Hash> hashes = new ArrayList<>();
    if (array != null && !array.isNull()) {
      array.forEach(h -> hashes.add(hash(h)));
    }
    return hashes;
  }

  static Path vectorRoot() throws URISyntaxException {
    return Path.of(TransparencyDevVectorsTest.class.getResource("/vectors/transparency-dev-merkle").toURI());
  }

  private static List<Path> jsonFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    }
  }
}
