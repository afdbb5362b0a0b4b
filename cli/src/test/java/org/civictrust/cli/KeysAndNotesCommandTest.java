package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.civictrust.tlog.SignerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysAndNotesCommandTest {
  /** Go's golang.org/x/mod/sumdb/note TestSign: key, text and note.Sign's exact output. */
  static final String GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
      + "then you don't know what your problem is.\n";
  static final String GO_SIGNED = GO_TEXT + "\n"
      + "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  @TempDir
  Path dir;

  @Test
  void generatesAPrivateKeyFileOnlyItsOwnerCanReadAndPrintsTheVerifierKey() throws Exception {
    CliRunner.Result result = CliRunner.run("keys", "generate", "--name", "example.com/log", "--out", dir.toString());
    assertEquals(0, result.exitCode(), result.err());
    Path key = dir.resolve("example.com_log.key");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    String skey = Files.readString(key).trim();
    assertTrue(skey.startsWith("PRIVATE+KEY+example.com/log+"), skey);
    String vkey = result.out().trim();
    assertEquals(SignerKey.parse(skey).verifierKey().format(), vkey);
    assertEquals(vkey, Files.readString(dir.resolve("example.com_log.vkey")).trim());
    assertTrue(vkey.matches("example\\.com/log\\+[0-9a-f]{8}\\+A[A-Za-z0-9+/]{43}"), vkey);
  }

  @Test
  void refusesToOverwriteAKeyAndRejectsInvalidNames() {
    assertEquals(0, CliRunner.run("keys", "generate", "--name", "log", "--out", dir.toString()).exitCode());
    TlogCommandTest.assertBadInput(CliRunner.run("keys", "generate", "--name", "log", "--out", dir.toString()));
    TlogCommandTest.assertBadInput(CliRunner.run("keys", "generate", "--name", "a+b", "--out", dir.toString()));
    TlogCommandTest.assertBadInput(CliRunner.run("keys", "generate", "--name", "a b", "--out", dir.toString()));
  }

  @Test
  void signsByteForByteAsGosNoteSign() throws Exception {
    Path key = Files.writeString(dir.resolve("peter.key"), GO_SKEY + "\n");
    Path text = Files.writeString(dir.resolve("text"), GO_TEXT);
    CliRunner.Result result = CliRunner.run("note", "sign", "--key", key.toString(), text.toString());
    assertEquals(0, result.exitCode(), result.err());
    assertArrayEquals(GO_SIGNED.getBytes(StandardCharsets.UTF_8), result.outBytes());
  }

  @Test
  void signingASignedNoteAddsOneSignatureAndKeepsTheFirst() throws Exception {
    Path signed = Files.writeString(dir.resolve("signed"), GO_SIGNED);
    CliRunner.run("keys", "generate", "--name", "witness.example/w1", "--out", dir.toString());
    String witness = Files.readString(dir.resolve("witness.example_w1.vkey")).trim();
    CliRunner.Result twice = CliRunner.run("note", "sign", "--key", dir.resolve("witness.example_w1.key").toString(),
        signed.toString());
    assertEquals(0, twice.exitCode(), twice.err());
    assertTrue(twice.out().startsWith(GO_SIGNED), twice.out());
    assertEquals(GO_SIGNED.lines().count() + 1, twice.out().lines().count());
    Path both = Files.writeString(dir.resolve("both"), twice.out());
    assertEquals("{\"verdict\":\"VERIFIED\"}\n", CliRunner.run("note", "verify", "--vkey", witness, both.toString()).out());
    assertEquals("{\"verdict\":\"VERIFIED\"}\n", CliRunner.run("note", "verify", "--vkey", GO_VKEY, both.toString()).out());
  }

  @Test
  void verifyReportsTheReasonAndExitsOne() throws Exception {
    Path good = Files.writeString(dir.resolve("good"), GO_SIGNED);
    assertEquals(0, CliRunner.run("note", "verify", "--vkey", GO_VKEY, good.toString()).exitCode());
    Path altered = Files.writeString(dir.resolve("altered"), GO_SIGNED.replace("problem,", "problem;"));
    CliRunner.Result bad = CliRunner.run("note", "verify", "--vkey", GO_VKEY, altered.toString());
    assertEquals(1, bad.exitCode());
    assertEquals("{\"verdict\":\"FAILED\",\"reason\":\"BAD_SIGNATURE\"}\n", bad.out());
    CliRunner.run("keys", "generate", "--name", "other", "--out", dir.toString());
    String other = Files.readString(dir.resolve("other.vkey")).trim();
    CliRunner.Result unknown = CliRunner.run("note", "verify", "--vkey", other, good.toString());
    assertEquals("{\"verdict\":\"FAILED\",\"reason\":\"UNKNOWN_KEY\"}\n", unknown.out());
    TlogCommandTest.assertBadInput(CliRunner.run("note", "verify", "--vkey", "nonsense", good.toString()));
  }

  @Test
  void tilesCommandWritesTheTlogTilesLayoutAndASignedCheckpoint() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 70_000; i++) {
      lines.append(java.util.Base64.getEncoder().encodeToString(("doc " + i).getBytes(StandardCharsets.UTF_8))).append('\n');
    }
    Path entries = Files.writeString(dir.resolve("entries.txt"), lines);
    String vkey = CliRunner.run("keys", "generate", "--name", "example.com/log", "--out", dir.toString()).out().trim();
    Path out = dir.resolve("log");
    CliRunner.Result result = CliRunner.run("tlog", "tiles", "--entries", entries.toString(), "--out", out.toString(),
        "--key", dir.resolve("example.com_log.key").toString());
    assertEquals(0, result.exitCode(), result.err());
    var summary = Json.MAPPER.readTree(result.out());
    assertEquals(70_000, summary.get("treeSize").asLong());
    assertEquals(277, summary.get("tiles").asInt());
    assertEquals(274, summary.get("entryBundles").asInt());
    for (String path : new String[] {"tile/0/272", "tile/0/273.p/112", "tile/1/000", "tile/1/001.p/17",
        "tile/2/000.p/1", "tile/entries/000", "tile/entries/273.p/112"}) {
      assertTrue(Files.isRegularFile(out.resolve(path)), path);
    }
    assertEquals(8192, Files.size(out.resolve("tile/0/272")));
    assertEquals(112 * 32, Files.size(out.resolve("tile/0/273.p/112")));
    String checkpoint = Files.readString(out.resolve("checkpoint"));
    assertTrue(checkpoint.startsWith("example.com/log\n70000\n" + summary.get("rootHash").asText() + "\n\n— example.com/log "),
        checkpoint);
    assertEquals("{\"verdict\":\"VERIFIED\"}\n",
        CliRunner.run("note", "verify", "--vkey", vkey, out.resolve("checkpoint").toString()).out());
  }

  @Test
  void tilesRefusesAnEntryTooLargeForABundle() throws Exception {
    Path entries = Files.writeString(dir.resolve("big.txt"),
        java.util.Base64.getEncoder().encodeToString(new byte[65_536]) + "\n");
    CliRunner.Result result = CliRunner.run("tlog", "tiles", "--entries", entries.toString(), "--out", dir.resolve("o").toString());
    TlogCommandTest.assertBadInput(result);
    assertTrue(result.err().contains("line 1"), result.err());
  }
}
