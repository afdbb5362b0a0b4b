package org.civictrust.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryStoreTest {
  @TempDir
  Path dir;

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void createsAFileOnceAndNeverReplacesIt() throws Exception {
    DirectoryStore store = DirectoryStore.open(dir);
    assertEquals(ArchiveStore.Write.CREATED, store.createIfAbsent("log/tile/0/000", bytes("first")));
    Object inode = Files.readAttributes(store.file("log/tile/0/000"), BasicFileAttributes.class).fileKey();
    assertEquals(ArchiveStore.Write.UNCHANGED, store.createIfAbsent("log/tile/0/000", bytes("first")));
    assertEquals(ArchiveStore.Write.CONFLICT, store.createIfAbsent("log/tile/0/000", bytes("second")));
    assertArrayEquals(bytes("first"), store.read("log/tile/0/000"));
    assertEquals(inode, Files.readAttributes(store.file("log/tile/0/000"), BasicFileAttributes.class).fileKey());
    store.sync();
    assertEquals(List.of("log/tile/0/000"), store.list(""), "no temporary file is left or listed");
  }

  @Test
  void createsManyFilesInOneCall() throws Exception {
    DirectoryStore store = DirectoryStore.open(dir);
    store.createIfAbsent("a/2", bytes("two"));
    Map<String, ArchiveStore.Write> outcomes = store.createAllIfAbsent(Map.of("a/1", bytes("one"), "a/2", bytes("two"),
        "b/3", bytes("three")));
    assertEquals(Map.of("a/1", ArchiveStore.Write.CREATED, "a/2", ArchiveStore.Write.UNCHANGED, "b/3",
        ArchiveStore.Write.CREATED), outcomes);
    assertEquals(List.of("a/1", "a/2", "b/3"), store.list(""));
    assertEquals(List.of("b/3"), store.list("b/"));
  }

  @Test
  void replacesOnlyTheContentItWasToldIsThere() throws Exception {
    DirectoryStore store = DirectoryStore.open(dir);
    assertTrue(store.replaceIf("log/checkpoint", null, bytes("size 1")));
    assertFalse(store.replaceIf("log/checkpoint", null, bytes("size 2")), "it exists now");
    assertFalse(store.replaceIf("log/checkpoint", bytes("size 0"), bytes("size 2")), "it is not size 0");
    assertArrayEquals(bytes("size 1"), store.read("log/checkpoint"));
    assertTrue(store.replaceIf("log/checkpoint", bytes("size 1"), bytes("size 2")));
    assertArrayEquals(bytes("size 2"), store.read("log/checkpoint"));
    assertEquals(List.of("log/checkpoint"), store.list("log/"), "the lock file is not a key");
  }

  @Test
  void refusesKeysThatLeaveTheStoreOrHideFiles() throws Exception {
    DirectoryStore store = DirectoryStore.open(dir);
    for (String key : List.of("../x", "a/../../x", "/etc/passwd", ".hidden", "a//b", "a/", "", "a/.tmp-1", "a b")) {
      assertThrows(IllegalArgumentException.class, () -> store.createIfAbsent(key, bytes("x")), key);
    }
    assertNull(store.read("absent/file"));
  }
}
