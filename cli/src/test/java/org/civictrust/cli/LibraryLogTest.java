package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Where {@code demo} and {@code up} send logging: the file, and the terminal only for CivicTrust's own lines. */
class LibraryLogTest {
  @TempDir
  Path dir;

  @Test
  void sendsEveryEventWithItsStackTraceToTheFileAndNoneToTheTerminal() throws Exception {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    Path file = dir.resolve("data").resolve(LibraryLog.FILE);
    PrintStream before = System.err;
    try (LibraryLog log = LibraryLog.open(file, "demo", false, new PrintStream(terminal, true, StandardCharsets.UTF_8))) {
      assertEquals(file, log.file());
      // Real slf4j-simple output, as configured by platform's simplelogger.properties (to System.err).
      LoggerFactory.getLogger("org.apache.kafka.clients.producer.internals.Sender")
          .warn("OUT_OF_ORDER_SEQUENCE_NUMBER", new IllegalStateException("retried"));
      LoggerFactory.getLogger("kafka.server.ReplicaManager").error("Error processing append operation");
      LoggerFactory.getLogger("org.civictrust.platform.Ticker").warn("tick failed: {}", "something of ours");
      LoggerFactory.getLogger("org.apache.ratis.server.RaftServer").warn("leader changed");
    }
    assertSame(before, System.err, "System.err is given back");

    String shown = terminal.toString(StandardCharsets.UTF_8);
    assertEquals("", shown, "the terminal is the command's own");
    String logged = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(logged.startsWith("---- civictrust demo started "), logged);
    for (String expected : new String[] {"OUT_OF_ORDER_SEQUENCE_NUMBER", "java.lang.IllegalStateException: retried",
        "\tat org.civictrust.cli.LibraryLogTest", "Error processing append operation", "tick failed: something of ours",
        "leader changed"}) {
      assertTrue(logged.contains(expected), expected + " in " + logged);
    }
  }

  @Test
  void verboseShowsEveryLineOnTheTerminalToo() throws Exception {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    Path file = dir.resolve(LibraryLog.FILE);
    try (LibraryLog log = LibraryLog.open(file, "up", true, new PrintStream(terminal, true, StandardCharsets.UTF_8))) {
      LoggerFactory.getLogger("org.apache.kafka.streams.KafkaStreams").warn("State transition", new Exception("e"));
    }
    String shown = terminal.toString(StandardCharsets.UTF_8);
    assertTrue(shown.contains("WARN org.apache.kafka.streams.KafkaStreams - State transition"), shown);
    assertTrue(shown.contains("java.lang.Exception: e"), shown);
    assertTrue(Files.readString(file, StandardCharsets.UTF_8).contains("State transition"));
  }

  @Test
  void appendsToTheFileOfAnEarlierRun() throws Exception {
    Path file = dir.resolve(LibraryLog.FILE);
    PrintStream terminal = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    LibraryLog.open(file, "up", false, terminal).close();
    LibraryLog.open(file, "up", false, terminal).close();
    assertEquals(2, Files.readAllLines(file).stream().filter(l -> l.startsWith("---- civictrust up started ")).count());
  }

  @Test
  void onlyTheCommandsThatLogToAFileRaiseTheLevel() {
    String before = System.getProperty(LibraryLog.LEVEL_PROPERTY);
    try {
      System.clearProperty(LibraryLog.LEVEL_PROPERTY);
      LibraryLog.configure("verify", "--trust", "t.json", "r.json");
      assertEquals(null, System.getProperty(LibraryLog.LEVEL_PROPERTY));
      LibraryLog.configure();
      assertEquals(null, System.getProperty(LibraryLog.LEVEL_PROPERTY));
      LibraryLog.configure("up", "--data", "d");
      assertEquals("info", System.getProperty(LibraryLog.LEVEL_PROPERTY));
      System.setProperty(LibraryLog.LEVEL_PROPERTY, "debug");
      LibraryLog.configure("demo");
      assertEquals("debug", System.getProperty(LibraryLog.LEVEL_PROPERTY), "a -D setting wins");
    } finally {
      if (before == null) {
        System.clearProperty(LibraryLog.LEVEL_PROPERTY);
      } else {
        System.setProperty(LibraryLog.LEVEL_PROPERTY, before);
      }
    }
  }

  @Test
  void theDemoAndUpTakeVerbose() {
    assertTrue(CliRunner.run("demo", "--help").out().contains("--verbose"));
    assertTrue(CliRunner.run("up", "--help").out().contains("--verbose"));
  }
}
