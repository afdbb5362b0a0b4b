package org.civictrust.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir
  Path dir;

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writeCreatesThenReplacesTheFileAndLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("checkpoint");
    AtomicFiles.write(target, bytes("size 1"));
    assertArrayEquals(bytes("size 1"), Files.readAllBytes(target));
    Object before = Files.readAttributes(target, BasicFileAttributes.class).fileKey();
    AtomicFiles.write(target, bytes("size 22"));
    assertArrayEquals(bytes("size 22"), Files.readAllBytes(target));
    Object after = Files.readAttributes(target, BasicFileAttributes.class).fileKey();
    if (before != null) {
      assertNotEquals(before, after, "a new file renamed over the old one, never the old one rewritten in place");
    }
    AtomicFiles.write(target, new byte[0]);
    assertArrayEquals(new byte[0], Files.readAllBytes(target));
    assertEquals(List.of("checkpoint"), names(dir));
  }

  @Test
  void aFailedWriteLeavesTheOldContentAndNoTemporaryFile() throws Exception {
    // A file cannot be renamed over a non-empty directory (not even by root), so the rename fails
    // after the temporary file was written and forced.
    Path target = dir.resolve("state");
    Files.createDirectory(target);
    Files.write(target.resolve("kept"), bytes("old"));
    assertThrows(IOException.class, () -> AtomicFiles.write(target, bytes("new")));
    assertArrayEquals(bytes("old"), Files.readAllBytes(target.resolve("kept")));
    assertEquals(List.of("state"), names(dir));
  }

  @Test
  void writeRequiresTheDirectoryToExist() {
    assertThrows(NoSuchFileException.class, () -> AtomicFiles.write(dir.resolve("missing/file"), bytes("x")));
    assertFalse(Files.exists(dir.resolve("missing")));
  }

  @Test
  void appendCreatesTheFileThenAppends() throws Exception {
    Path log = dir.resolve("refused.log");
    AtomicFiles.append(log, bytes("one\n"));
    AtomicFiles.append(log, bytes("two\n"));
    AtomicFiles.append(log, new byte[0]);
    assertEquals("one\ntwo\n", Files.readString(log));
    assertEquals(List.of("refused.log"), names(dir));
  }

  @Test
  void createDirectoriesCreatesMissingParentsAndAcceptsExistingOnes() throws Exception {
    Path deep = dir.resolve("tile/0/x001");
    AtomicFiles.createDirectories(deep);
    assertTrue(Files.isDirectory(deep));
    AtomicFiles.createDirectories(deep);
    AtomicFiles.createDirectories(dir);
    Path file = Files.write(dir.resolve("file"), bytes("x"));
    assertThrows(IOException.class, () -> AtomicFiles.createDirectories(file.resolve("below")));
  }

  @Test
  void writeTemporaryLeavesAForcedDotFileForTheCallerToPlace() throws Exception {
    Path temporary = AtomicFiles.writeTemporary(dir, bytes("tile"));
    assertEquals(dir, temporary.getParent());
    assertTrue(temporary.getFileName().toString().startsWith(AtomicFiles.TEMPORARY_PREFIX));
    assertArrayEquals(bytes("tile"), Files.readAllBytes(temporary));
  }

  @Test
  void forcingADirectoryThatCannotBeOpenedFailsLoudlyOnPosix() throws Exception {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    AtomicFiles.forceDirectory(dir);
    assertThrows(NoSuchFileException.class, () -> AtomicFiles.forceDirectory(dir.resolve("missing")));
  }
}
