package org.civictrust.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's argument checks; the demo itself runs end to end in ReadmeIT, through bin/civictrust. */
class DemoCommandTest {
  @TempDir
  Path dir;

  @Test
  void refusesADirectoryThatAlreadyHoldsADemo() throws Exception {
    Files.createDirectories(dir.resolve("kafka"));
    TlogCommandTest.assertBadInput(CliRunner.run("demo", "--data", dir.toString()));
  }

  @Test
  void refusesACountBelowOne() {
    TlogCommandTest.assertBadInput(CliRunner.run("demo", "--count", "0", "--data", dir.resolve("new").toString()));
  }
}
