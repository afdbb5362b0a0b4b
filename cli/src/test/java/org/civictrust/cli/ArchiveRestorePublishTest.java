package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.civictrust.connect.ArchiveLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code archive restore --publish} refuses, before it reaches any cluster, to continue a log it cannot
 * place: no partition to publish to, or a deployment whose log has another key. ({@link RestoreIT}
 * restores a deployment for real.)
 */
class ArchiveRestorePublishTest {
  static final String ORIGIN = "archive.example/log";

  @TempDir
  Path dir;
  Path archive;
  String vkey;

  @BeforeEach
  void writeALog() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      lines.append(Base64.getEncoder().encodeToString(("entry " + i).getBytes(StandardCharsets.UTF_8))).append('\n');
    }
    Path entries = Files.writeString(dir.resolve("entries.txt"), lines);
    vkey = CliRunner.run("keys", "generate", "--name", ORIGIN, "--out", dir.resolve("keys").toString()).out().trim();
    archive = dir.resolve("archive");
    CliRunner.Result tiles = CliRunner.run("tlog", "tiles", "--entries", entries.toString(), "--out",
        archive.resolve(ArchiveLayout.logPrefix(ORIGIN)).toString(), "--key",
        dir.resolve("keys/archive.example_log.key").toString(), "--origin", ORIGIN);
    assertEquals(0, tiles.exitCode(), tiles.err());
  }

  @Test
  void withBootstrapAloneThePartitionMustBeGiven() {
    CliRunner.Result result = CliRunner.run("archive", "restore", "--publish", "--bootstrap", "localhost:9",
        "--vkey", vkey, archive.toString());
    TlogCommandTest.assertBadInput(result);
    assertEquals("", result.out(), "nothing published, no verdict");
  }

  @Test
  void aDeploymentWhoseLogHasAnotherKeyIsRefused() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    String otherKey = CliRunner.run("keys", "generate", "--name", ORIGIN, "--out", dir.resolve("other").toString())
        .out().trim();
    Files.writeString(data.resolve("trust.json"), "{\"logs\":[{\"origin\":\"" + ORIGIN + "\",\"vkey\":\"" + otherKey
        + "\"}],\"issuers\":[]}");
    CliRunner.Result result = CliRunner.run("archive", "restore", "--publish", "--data", data.toString(),
        "--vkey", vkey, archive.toString());
    TlogCommandTest.assertBadInput(result);
    assertEquals("", result.out(), "nothing published, no verdict");
  }

  @Test
  void aDeploymentWithoutTheLogIsRefused() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("trust.json"), "{\"logs\":[{\"origin\":\"elsewhere.example/log\",\"vkey\":\""
        + CliRunner.run("keys", "generate", "--name", "elsewhere.example/log", "--out", dir.resolve("else").toString())
            .out().trim() + "\"}],\"issuers\":[]}");
    TlogCommandTest.assertBadInput(CliRunner.run("archive", "restore", "--publish", "--data", data.toString(),
        "--vkey", vkey, archive.toString()));
  }
}
