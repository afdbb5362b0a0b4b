package org.civictrust.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.civictrust.connect.ArchiveLayout;
import org.junit.jupiter.api.Test;

/** File names for request ids and log origins: safe, and never the same for two names. */
class SafeNamesTest {
  static final List<String> TRICKY = List.of("", ".", "..", "...", ".hidden", "a/b", "a_b", "a%2Fb", "a%b", "a b",
      "a\u0000b", "a\nb", "ümlaut", "u\u0308mlaut", "日本", "😀", "CON", "a:b", "a\\b", "~", "a~b", "-",
      "x".repeat(200), "x".repeat(201), "x".repeat(300), "x".repeat(300) + "y", "/".repeat(150));

  @Test
  void keepsTheUsualRequestIdsAsTheyAre() {
    assertEquals("demo-12-4ff0b3263d153bfc", SafeNames.fileName("demo-12-4ff0b3263d153bfc"));
    assertEquals("request_1.v2", SafeNames.fileName("request_1.v2"));
  }

  @Test
  void mapsDistinctNamesToDistinctSafeNames() {
    Set<String> seen = new HashSet<>();
    for (String name : TRICKY) {
      String safe = SafeNames.fileName(name);
      assertTrue(seen.add(safe), "two names share " + safe);
      assertTrue(safe.matches("[A-Za-z0-9._%~-]+"), safe);
      assertFalse(safe.startsWith("."), safe);
      assertTrue(safe.length() <= SafeNames.MAX_LENGTH, safe);
    }
  }

  @Test
  void escapesSlashesAndPercentSignsAsUtf8Bytes() {
    assertEquals("a%2Fb", SafeNames.fileName("a/b"));
    assertEquals("a%252Fb", SafeNames.fileName("a%2Fb"));
    assertEquals("%C3%BC", SafeNames.fileName("ü"));
  }

  @Test
  void neverNamesAHiddenFileOrADotDirectory() {
    assertEquals("%2E", SafeNames.fileName("."));
    assertEquals("%2E.", SafeNames.fileName(".."));
    assertEquals("%", SafeNames.fileName(""));
  }

  @Test
  void cutsLongNamesButKeepsThemApartByTheirHash() {
    String a = SafeNames.fileName("x".repeat(300) + "a");
    String b = SafeNames.fileName("x".repeat(300) + "b");
    assertEquals(SafeNames.MAX_LENGTH, a.length());
    assertNotEquals(a, b);
    assertEquals(SafeNames.fileName("x".repeat(SafeNames.MAX_LENGTH)), "x".repeat(SafeNames.MAX_LENGTH));
  }

  @Test
  void replayPutsEachOriginInItsOwnDirectoryBelowTheBaseNamedLikeAReceiptFile() {
    Path base = Path.of("out");
    assertEquals(Path.of("out", "civictrust.local", "log", "0"), base.resolve(ArchiveLayout.logPrefix("civictrust.local/log/0")));
    Set<Path> seen = new HashSet<>();
    for (String origin : List.of("../../etc", "/abs", "a//b", "a/b", "a%2Fb", "a/b/", "..", "a/../..", "x".repeat(300),
        "é/.hidden")) {
      Path directory = base.resolve(ArchiveLayout.logPrefix(origin));
      assertTrue(directory.normalize().startsWith(base) && !directory.normalize().equals(base), origin);
      assertTrue(seen.add(directory), "two origins share " + directory);
      Path named = base;
      for (String segment : origin.split("/", -1)) {
        named = named.resolve(SafeNames.fileName(segment));
      }
      assertEquals(named, directory, "each segment of " + origin + " is named like a receipt file");
    }
  }
}
