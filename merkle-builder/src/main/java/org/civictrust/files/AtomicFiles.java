package org.civictrust.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Durable file writes. {@link #write} replaces a file atomically: it writes a temporary file in the
 * target's directory, forces it to disk, renames it over the target ({@code ATOMIC_MOVE}, POSIX
 * {@code rename(2)}), then forces the directory, so that after a crash the target holds either the old
 * bytes or the new ones, never a mix, and a write that returned survives. {@link #append} forces what
 * it appended. {@link #createDirectories} forces the parent of every directory it creates.
 *
 * <p>Failures are loud: a file system that cannot rename atomically fails the write (there is no
 * fallback to a plain move), and on a POSIX file system a directory that cannot be forced fails it too.
 * Only where directories cannot be opened at all (non-POSIX file systems, such as Windows') is the
 * directory not forced; the rename is then as durable as that file system makes it.
 *
 * <p>Temporary files are named {@code .tmp-<random>} (a dot name, hidden from listings that skip them)
 * and removed when a write fails; one can outlive a crash of the process.
 */
public final class AtomicFiles {
  /** The prefix of every temporary file written here. */
  public static final String TEMPORARY_PREFIX = ".tmp-";

  private AtomicFiles() {}

  /**
   * Replaces {@code target} with {@code content}, atomically and durably. Requires the target's
   * directory to exist ({@link #createDirectories}). On failure the target keeps its old content and no
   * temporary file is left.
   *
   * @throws java.nio.file.AtomicMoveNotSupportedException if the file system cannot rename atomically
   * @throws IOException if any step fails, the directory sync included
   */
  public static void write(Path target, byte[] content) throws IOException {
    Objects.requireNonNull(content, "content");
    Path directory = directoryOf(target);
    Path temporary = writeTemporary(directory, content);
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
    forceDirectory(directory);
  }

  /**
   * Appends {@code content} to {@code file} and forces it to disk. Creates the file if absent, and then
   * forces its directory too, so that the new name survives a crash.
   */
  public static void append(Path file, byte[] content) throws IOException {
    Objects.requireNonNull(content, "content");
    boolean created = false;
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
      created = true;
    } catch (FileAlreadyExistsException e) {
      channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
    try (FileChannel open = channel) {
      writeFully(open, content);
      open.force(true);
    }
    if (created) {
      forceDirectory(directoryOf(file));
    }
  }

  /**
   * Creates {@code directory} and its missing parents, like {@link Files#createDirectories}, and forces
   * the parent of each one it creates, so that the new names survive a crash.
   */
  public static void createDirectories(Path directory) throws IOException {
    Path absolute = directory.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return;
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    try {
      Files.createDirectory(absolute);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(absolute)) {
        throw e;
      }
      return;
    }
    if (parent != null) {
      forceDirectory(parent);
    }
  }

  /**
   * Writes {@code content} to a new temporary file in {@code directory} and forces it to disk; for a
   * caller that puts the file in place itself, e.g. by a hard link that never replaces an existing
   * name. The caller deletes the temporary file and forces the directory ({@link #forceDirectory})
   * once the file has its name. On failure no temporary file is left.
   */
  public static Path writeTemporary(Path directory, byte[] content) throws IOException {
    Objects.requireNonNull(content, "content");
    Path temporary = Files.createTempFile(directory, TEMPORARY_PREFIX, "");
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      writeFully(channel, content);
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    return temporary;
  }

  /**
   * Forces {@code directory} to disk, so that the names created, renamed or removed in it survive a
   * crash. Does nothing on a file system without POSIX semantics, where a directory cannot be opened.
   *
   * @throws IOException if the directory cannot be opened or forced on a POSIX file system
   */
  public static void forceDirectory(Path directory) throws IOException {
    if (!directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static Path directoryOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null) {
      throw new IllegalArgumentException("no directory holds " + file);
    }
    return parent;
  }

  private static void writeFully(FileChannel channel, byte[] content) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(content);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
