package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.civictrust.connect.ArchiveLayout;
import org.civictrust.connect.S3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * {@code civictrust archive verify|restore s3://…} against a real S3-compatible server (s3proxy, a
 * child JVM): an archive uploaded to a bucket verifies and restores as it does from a directory, and a
 * tile changed in the bucket is named. Credentials reach the command the way the AWS SDK's default chain
 * finds them (here its system properties).
 */
class ArchiveS3IT {
  static final String BUCKET = "civictrust-archive";
  static final String ORIGIN = "archive.example/log";

  @TempDir
  static Path serverDir;
  static S3Proxy s3;
  static S3Client client;

  @TempDir
  Path dir;
  String vkey;
  String prefix;

  @BeforeAll
  static void startTheServer() throws Exception {
    s3 = S3Proxy.start(serverDir);
    client = s3.client();
    client.createBucket(b -> b.bucket(BUCKET));
    System.setProperty("aws.accessKeyId", S3Proxy.IDENTITY);
    System.setProperty("aws.secretAccessKey", S3Proxy.CREDENTIAL);
  }

  @AfterAll
  static void stopTheServer() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (client != null) {
      client.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  /** Each test its own archive, under its own prefix of the bucket. */
  @BeforeEach
  void uploadAnArchive(TestInfo test) throws Exception {
    prefix = test.getTestMethod().orElseThrow().getName();
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 1_000; i++) {
      lines.append(Base64.getEncoder().encodeToString(("archived entry " + i).getBytes(StandardCharsets.UTF_8)))
          .append('\n');
    }
    Path entries = Files.writeString(dir.resolve("entries.txt"), lines);
    CliRunner.Result key = CliRunner.run("keys", "generate", "--name", ORIGIN, "--out", dir.resolve("keys").toString());
    assertEquals(0, key.exitCode(), key.err());
    vkey = key.out().trim();
    Path archive = dir.resolve("archive");
    CliRunner.Result tiles = CliRunner.run("tlog", "tiles", "--entries", entries.toString(), "--out",
        archive.resolve(ArchiveLayout.logPrefix(ORIGIN)).toString(), "--key",
        dir.resolve("keys/archive.example_log.key").toString(), "--origin", ORIGIN);
    assertEquals(0, tiles.exitCode(), tiles.err());

    try (Stream<Path> files = Files.walk(archive)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = prefix + "/" + archive.relativize(file).toString().replace('\\', '/');
        client.putObject(PutObjectRequest.builder().bucket(BUCKET).key(name).build(), RequestBody.fromFile(file));
      }
    }
  }

  CliRunner.Result archive(String command) {
    return CliRunner.run("archive", command, "--vkey", vkey, "--s3-endpoint", s3.endpoint().toString(),
        "s3://" + BUCKET + "/" + prefix);
  }

  @Test
  void anArchiveInABucketVerifiesAndRestoresAsFromADirectory() throws Exception {
    CliRunner.Result verified = archive("verify");
    assertEquals(0, verified.exitCode(), verified.out() + verified.err());
    JsonNode report = Json.MAPPER.readTree(verified.out());
    assertEquals("VERIFIED", report.get("verdict").asText());
    assertEquals(ORIGIN, report.get("origin").asText());
    assertEquals(1_000, report.get("treeSize").asLong());

    CliRunner.Result restored = archive("restore");
    assertEquals(0, restored.exitCode(), restored.out() + restored.err());
    JsonNode state = Json.MAPPER.readTree(restored.out());
    assertEquals("VERIFIED", state.get("verdict").asText());
    assertEquals(1_000, state.get("treeSize").asLong());
    assertEquals(report.get("rootHash").asText(), state.get("rootHash").asText());
  }

  @Test
  void aTileChangedInTheBucketIsNamed() throws Exception {
    String key = prefix + "/" + ArchiveLayout.logPrefix(ORIGIN) + "tile/0/002";
    byte[] tile = client.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key(key).build()).asByteArray();
    tile[1_000] ^= 0x04;
    client.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(), RequestBody.fromBytes(tile));

    for (String command : List.of("verify", "restore")) {
      CliRunner.Result result = archive(command);
      assertEquals(Main.FAILED, result.exitCode(), result.out() + result.err());
      JsonNode report = Json.MAPPER.readTree(result.out());
      assertEquals("FAILED", report.get("verdict").asText(), result.out());
      assertEquals("TILE_MISMATCH", report.get("reason").asText(), result.out());
      assertEquals("tile/0/002", report.get("path").asText(), result.out());
    }
  }
}
