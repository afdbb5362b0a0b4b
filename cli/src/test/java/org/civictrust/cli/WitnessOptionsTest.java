package org.civictrust.cli;

import static org.civictrust.cli.PipelineCommandsTest.runQuickly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.civictrust.anchor.WitnessPolicy;
import org.civictrust.tlog.CosignerKey;
import org.civictrust.tlog.SignerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up --witness URL=VKEY… --witness-quorum K}: what the options make, and what they refuse. */
class WitnessOptionsTest {
  static final String W1 = CosignerKey.generate("witness.example/w1", new SecureRandom()).verifierKey().format();
  static final String W2 = CosignerKey.generate("witness.example/w2", new SecureRandom()).verifierKey().format();

  @TempDir
  Path dir;

  @Test
  void witnessesAndAQuorumMakeAPolicyThatDefaultsToAllOfThem() throws Exception {
    WitnessPolicy policy = WitnessOptions.policy(List.of("http://127.0.0.1:8081=" + W1,
        "https://witness.example/prefix?a=b=" + W2), 1).orElseThrow();
    assertEquals(1, policy.quorum());
    assertEquals(List.of(URI.create("http://127.0.0.1:8081"), URI.create("https://witness.example/prefix?a=b")),
        policy.witnesses().stream().map(WitnessPolicy.Witness::url).toList());
    assertEquals(List.of("witness.example/w1", "witness.example/w2"),
        policy.witnesses().stream().map(WitnessPolicy.Witness::name).toList());
    assertEquals(2, WitnessOptions.policy(List.of("http://a.example=" + W1, "http://b.example=" + W2), null)
        .orElseThrow().quorum());
    assertEquals(Optional.empty(), WitnessOptions.policy(null, null));
  }

  @Test
  void badWitnessesAndQuorumsAreBadInput() {
    String logKey = SignerKey.generate("log.example/0", new SecureRandom()).verifierKey().format();
    for (List<String> witnesses : List.of(List.of("http://127.0.0.1:8081"), List.of(W1), List.of("=" + W1),
        List.of("http://127.0.0.1:8081=" + logKey), List.of("ftp://127.0.0.1=" + W1), List.of("not a url=" + W1),
        List.of("http://a.example=" + W1, "http://b.example=" + W1))) {
      assertThrows(InputException.class, () -> WitnessOptions.policy(witnesses, null), witnesses.toString());
    }
    assertThrows(InputException.class, () -> WitnessOptions.policy(List.of("http://a.example=" + W1), 2));
    assertThrows(InputException.class, () -> WitnessOptions.policy(List.of("http://a.example=" + W1), 0));
    assertThrows(InputException.class, () -> WitnessOptions.policy(null, 1), "a quorum without witnesses");
  }

  @Test
  void upRefusesBadWitnessOptionsBeforeItStartsAnything() {
    String data = dir.resolve("data").toString();
    TlogCommandTest.assertBadInput(runQuickly("up", "--data", data, "--witness", "http://127.0.0.1:9"));
    TlogCommandTest.assertBadInput(runQuickly("up", "--data", data, "--witness-quorum", "1"));
    TlogCommandTest.assertBadInput(runQuickly("up", "--data", data, "--witness", "http://127.0.0.1:9=" + W1,
        "--witness-quorum", "2"));
    assertEquals(false, java.nio.file.Files.exists(dir.resolve("data")), "nothing created");
  }
}
