package org.civictrust.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs the committed signed-note, checkpoint and cosignature vectors under {@code vectors/} (see the
 * README beside each file for its source). Each test loops over its cases and gathers every failure
 * before asserting, so one run reports all of them.
 */
class NoteVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode vector(String resource) throws IOException {
    try (InputStream in = NoteVectorsTest.class.getResourceAsStream("/vectors/" + resource)) {
      if (in == null) {
        throw new IOException("missing vector " + resource);
      }
      return JSON.readTree(in);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Runs {@code action} and returns the reason it failed with, or null if it succeeded. */
  static Reason reasonOf(ThrowingRunnable action) {
    try {
      action.run();
      return null;
    } catch (VerificationException e) {
      return e.reason();
    }
  }

  interface ThrowingRunnable {
    void run() throws VerificationException;
  }

  @Test
  void goSignReproducesGoOutputByteForByte() throws Exception {
    JsonNode go = vector("go-note/note_test.json");
    SignerKey peter = SignerKey.parse(go.get("signerKey").asText());
    List<String> failures = new ArrayList<>();
    for (JsonNode c : go.get("sign")) {
      List<NoteSignature> existing = new ArrayList<>();
      for (JsonNode line : c.get("existing")) {
        existing.add(NoteSignature.parseLine(line.asText()));
      }
      String got = new String(Notes.sign(new Note(c.get("text").asText(), existing), peter), StandardCharsets.UTF_8);
      if (!got.equals(c.get("want").asText())) {
        failures.add(c.get("description").asText() + ": got\n" + got);
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(go.get("signerKey").asText(), peter.format());
    assertEquals(go.get("keys").get("PeterNeumann").asText(), peter.verifierKey().format());
  }

  @Test
  void goOpenCasesGiveTheExpectedReasonAndSignatures() throws Exception {
    JsonNode go = vector("go-note/note_test.json");
    Map<String, VerifierKey> keys = new TreeMap<>();
    go.get("keys").properties().forEach(e -> keys.put(e.getKey(), VerifierKey.parse(e.getValue().asText())));
    List<String> failures = new ArrayList<>();
    for (JsonNode c : go.get("open")) {
      byte[] note = c.has("noteHex") ? HexFormat.of().parseHex(c.get("noteHex").asText()) : utf8(c.get("note").asText());
      List<VerifierKey> known = new ArrayList<>();
      c.get("known").forEach(name -> known.add(keys.get(name.asText())));
      String want = c.get("want").asText();
      String description = c.get("description").asText();
      try {
        VerifiedNote opened = Notes.open(note, known);
        if (!want.equals("OK")) {
          failures.add(description + ": opened, want " + want);
          continue;
        }
        checkLines(description + " verified", c.get("wantVerified"), opened.signatures(), failures);
        checkLines(description + " unverified", c.get("wantUnverified"), opened.unverifiedSignatures(), failures);
      } catch (VerificationException e) {
        if (!e.reason().name().equals(want)) {
          failures.add(description + ": got " + e.reason() + ", want " + want);
        }
      }
    }
    assertEquals(List.of(), failures);
  }

  private static void checkLines(String what, JsonNode want, List<NoteSignature> got, List<String> failures) {
    List<String> wantLines = new ArrayList<>();
    want.forEach(line -> wantLines.add(line.asText()));
    List<String> gotLines = new ArrayList<>();
    got.forEach(signature -> gotLines.add(signature.toString()));
    if (!wantLines.equals(gotLines)) {
      failures.add(what + ": got " + gotLines + ", want " + wantLines);
    }
  }

  @Test
  void goBadVerifierKeysAreRejectedAtParse() throws Exception {
    List<String> accepted = new ArrayList<>();
    for (JsonNode c : vector("go-note/note_test.json").get("badVerifierKeys")) {
      try {
        VerifierKey.parse(c.get("vkey").asText());
        accepted.add(c.get("description").asText());
      } catch (IllegalArgumentException expected) {
        // rejected, as it must be
      }
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  void realSumGolangOrgCheckpointOpensUnderItsPublishedKey() throws Exception {
    JsonNode v = vector("tlog-checkpoint/sum-golang-org.json");
    VerifierKey log = VerifierKey.parse(v.get("logKey").asText());
    Checkpoint checkpoint = Checkpoint.open(utf8(v.get("note").asText()), v.get("origin").asText(), log);
    assertEquals(v.get("treeSize").asLong(), checkpoint.treeSize());
    assertEquals(v.get("rootHash").asText(), checkpoint.rootHash().toBase64());
    assertEquals(List.of(), checkpoint.extensions());
    assertEquals(Reason.UNKNOWN_ORIGIN,
        reasonOf(() -> Checkpoint.open(utf8(v.get("note").asText()), "sum.golang.org", log)));

    List<VerifierKey> all = new ArrayList<>(List.of(log));
    v.get("otherKeys").forEach(k -> all.add(VerifierKey.parse(k.asText())));
    VerifiedNote note = Notes.open(utf8(v.get("noteWithMoreSignatures").asText()), all);
    assertEquals(v.get("wantVerifiedWithAllKeys").asInt(), note.signatures().size());
    List<String> unverifiedNames = new ArrayList<>();
    note.unverifiedSignatures().forEach(s -> unverifiedNames.add(s.name()));
    assertEquals(List.of("random1", "random2"), unverifiedNames);
  }

  @Test
  void realWitnessCosignaturesVerifyAndCarryTheirTimestamps() throws Exception {
    JsonNode v = vector("tlog-cosignature/arche2025h1-staging-checkpoint.json");
    byte[] signed = utf8(v.get("note").asText());
    VerifierKey log = VerifierKey.parse(v.get("logKey").asText());
    List<VerifierKey> witnesses = new ArrayList<>();
    v.get("witnesses").forEach(k -> witnesses.add(VerifierKey.parse(k.asText())));
    String origin = v.get("origin").asText();

    Checkpoint checkpoint = Checkpoint.open(signed, origin, log, witnesses, witnesses.size());
    assertEquals(v.get("treeSize").asLong(), checkpoint.treeSize());
    assertEquals(v.get("rootHash").asText(), checkpoint.rootHash().toBase64());

    VerifiedNote note = Notes.open(signed, List.of(log));
    assertEquals(1, note.signatures().size());
    assertEquals(5, note.unverifiedSignatures().size(), "the RFC 6962 log signature and four cosignatures");
    List<NoteSignature> cosignatures = Cosignatures.verifyQuorum(note, witnesses, 4);
    assertEquals(4, cosignatures.size());
    for (NoteSignature cosignature : cosignatures) {
      assertEquals(v.get("wantTimestamp").asLong(), CosignerKey.timestamp(cosignature));
    }

    List<VerifierKey> everyone = new ArrayList<>(witnesses);
    everyone.add(log);
    assertEquals(5, Notes.open(signed, everyone).signatures().size(), "cosignatures also verify in Notes.open");

    byte[] otherSize = utf8(v.get("note").asText().replace("\n1432088532\n", "\n1432088533\n"));
    assertEquals(Reason.BAD_SIGNATURE, reasonOf(() -> Notes.open(otherSize, List.of(witnesses.get(0)))));
  }

  @Test
  void c2spExampleVerifiesAndEveryOneByteMutationFails() throws Exception {
    JsonNode v = vector("c2sp-signed-note/example.json");
    VerifierKey key = VerifierKey.parse(v.get("vkey").asText());
    byte[] note = utf8(v.get("note").asText());
    assertEquals(v.get("wantText").asText(), Notes.open(note, List.of(key)).text());

    List<String> verified = new ArrayList<>();
    Map<Reason, Integer> reasons = new TreeMap<>();
    for (int i = 0; i < note.length; i++) {
      for (int value = 0; value < 256; value++) {
        if (value == (note[i] & 0xff)) {
          continue;
        }
        byte[] mutated = note.clone();
        mutated[i] = (byte) value;
        Reason reason = reasonOf(() -> Notes.open(mutated, List.of(key)));
        if (reason == null) {
          verified.add("byte " + i + " set to " + value);
        } else {
          reasons.merge(reason, 1, Integer::sum);
        }
      }
    }
    assertEquals(List.of(), verified);
    assertTrue(reasons.keySet().containsAll(List.of(Reason.MALFORMED, Reason.UNKNOWN_KEY, Reason.BAD_SIGNATURE)),
        "mutations exercise every failure path: " + reasons);
  }

  @Test
  void everyOneCharacterMutationOfTheC2spExampleVkeyFailsToParseOrToVerify() throws Exception {
    JsonNode v = vector("c2sp-signed-note/example.json");
    String vkey = v.get("vkey").asText();
    byte[] note = utf8(v.get("note").asText());
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < vkey.length(); i++) {
      for (char c = 0x20; c < 0x7f; c++) {
        if (c != vkey.charAt(i)) {
          checkMutatedKey(vkey.substring(0, i) + c + vkey.substring(i + 1), note, accepted);
        }
      }
      checkMutatedKey(vkey.substring(0, i) + vkey.substring(i + 1), note, accepted);
    }
    for (int begin = 0; begin < vkey.length(); begin++) {
      for (int end = begin + 1; end <= vkey.length(); end++) {
        if (begin != 0 || end != vkey.length()) {
          checkMutatedKey(vkey.substring(begin, end), note, accepted);
        }
      }
    }
    assertEquals(List.of(), accepted);
  }

  private static void checkMutatedKey(String vkey, byte[] note, List<String> accepted) {
    VerifierKey key;
    try {
      key = VerifierKey.parse(vkey);
    } catch (IllegalArgumentException expected) {
      return;
    }
    if (reasonOf(() -> Notes.open(note, List.of(key))) == null) {
      accepted.add(vkey);
    }
  }
}
