package org.civictrust.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.civictrust.connect.internal.Keys;
import org.junit.jupiter.api.Test;

class ArchiveLayoutTest {
  @Test
  void aLogLivesBelowItsOriginAsAUrlPathWould() {
    assertEquals("civictrust.local/log/0/", ArchiveLayout.logPrefix("civictrust.local/log/0"));
    assertEquals("example.com/", ArchiveLayout.logPrefix("example.com"));
  }

  @Test
  void escapesWhatCouldLeaveTheArchiveOrCollide() {
    assertEquals("%2E./%2Ehidden/a%25b/%/", ArchiveLayout.logPrefix("../.hidden/a%b/"));
    assertEquals("caf%C3%A9/", ArchiveLayout.logPrefix("café"));
    assertNotEquals(ArchiveLayout.logPrefix("a%2Fb"), ArchiveLayout.logPrefix("a/b"));
    String longName = "x".repeat(300);
    String prefix = ArchiveLayout.logPrefix(longName);
    assertEquals(201, prefix.length(), "cut to 183 characters, ~, 16 hex digits, /");
    Keys.checkPrefix(prefix);
    Keys.checkPrefix(ArchiveLayout.logPrefix("../.hidden/a%b/"));
  }
}
