package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.civictrust.issuance.IssuanceConfig;
import org.civictrust.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code civictrust up} does not keep running after one of its Streams applications died: the issuance
 * application's source topic is deleted under it (a fault no waiting cures), and {@code up} stops by
 * itself with exit code {@value Main#APPLICATION_FAILED}, one line on stderr naming the application.
 */
class UpApplicationErrorIT {
  @TempDir
  Path data;

  @Test
  void upExitsWithApplicationFailedWhenAnApplicationIsInError() throws Exception {
    PipelineCommandsIT.Up up = PipelineCommandsIT.Up.start(data);
    String bootstrap = up.awaitBootstrap();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.deleteTopics(List.of(Topics.REQUESTS)).all().get(30, TimeUnit.SECONDS);
    }
    up.thread().join(Duration.ofMinutes(3).toMillis());
    if (up.thread().isAlive()) {
      CliRunner.Result stopped = up.stop();
      throw new AssertionError("up kept running with an application in ERROR: " + stopped.out() + stopped.err());
    }
    CliRunner.Result result = up.result().get();
    assertEquals(Main.APPLICATION_FAILED, result.exitCode(), result.out() + result.err());
    List<String> lines = result.err().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), result.err());
    assertTrue(lines.get(0).contains(IssuanceConfig.DEFAULT_APPLICATION_ID), lines.get(0));
  }
}
