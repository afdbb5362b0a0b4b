package org.civictrust.connect;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.civictrust.connect.internal.Keys;
import org.civictrust.files.AtomicFiles;

/**
 * An archive store in a local directory, served as it is by any static web server. A file is written
 * to a temporary name in its directory ({@code .tmp-…}), forced to disk ({@link AtomicFiles}), then
 * <ul>
 *   <li>for {@link #createIfAbsent}, hard-linked to its name, which fails if the name exists, so an
 *       existing file is never replaced, not even by a concurrent writer; where the file system has no
 *       hard links, moved there after a check that the name is free (a race between two writers of the
 *       same file is then possible, and said so by {@link #writeMode()});
 *   <li>for {@link #replaceIf}, renamed over the old file and its directory forced ({@link
 *       AtomicFiles#write}), under a lock file next to it ({@code .<name>.lock}, an OS file lock plus a
 *       lock within this JVM) so that the compare and the swap are one step.
 * </ul>
 * {@link #sync} forces the directories that gained files, so that the names survive a crash too; a
 * new directory is forced into its parent when it is created.
 */
public final class DirectoryStore implements ArchiveStore {
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path root;
  private final Set<Path> unsyncedDirectories = new HashSet<>();
  private volatile boolean hardLinks = true;

  private DirectoryStore(Path root) {
    this.root = root;
  }

  /** A store in {@code root}, created if needed. */
  public static DirectoryStore open(Path root) throws IOException {
    Path absolute = root.toAbsolutePath().normalize();
    Files.createDirectories(absolute);
    return new DirectoryStore(absolute);
  }

  /** The directory. */
  public Path root() {
    return root;
  }

  /** The file of {@code key}. */
  public Path file(String key) {
    return root.resolve(Keys.check(key));
  }

  @Override
  public byte[] read(String key) throws IOException {
    try {
      return Files.readAllBytes(file(key));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public Write createIfAbsent(String key, byte[] content) throws IOException {
    Path target = file(key);
    if (Files.exists(target)) {
      return compare(target, content);
    }
    Path directory = target.getParent();
    AtomicFiles.createDirectories(directory);
    Path temporary = AtomicFiles.writeTemporary(directory, content);
    try {
      if (hardLinks) {
        try {
          Files.createLink(target, temporary);
          remember(directory);
          return Write.CREATED;
        } catch (FileAlreadyExistsException e) {
          return compare(target, content);
        } catch (UnsupportedOperationException e) {
          hardLinks = false;
        }
      }
      try {
        Files.move(temporary, target);
        remember(directory);
        return Write.CREATED;
      } catch (FileAlreadyExistsException e) {
        return compare(target, content);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static Write compare(Path target, byte[] content) throws IOException {
    return MessageDigest.isEqual(Files.readAllBytes(target), content) ? Write.UNCHANGED : Write.CONFLICT;
  }

  private synchronized void remember(Path directory) {
    unsyncedDirectories.add(directory);
  }

  @Override
  public void sync() throws IOException {
    List<Path> directories;
    synchronized (this) {
      directories = new ArrayList<>(unsyncedDirectories);
      unsyncedDirectories.clear();
    }
    for (Path directory : directories) {
      AtomicFiles.forceDirectory(directory);
    }
  }

  @Override
  public boolean replaceIf(String key, byte[] expected, byte[] content) throws IOException {
    Path target = file(key);
    Path directory = target.getParent();
    AtomicFiles.createDirectories(directory);
    sync();
    Path lockFile = directory.resolve("." + target.getFileName() + ".lock");
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, f -> new ReentrantLock());
    jvmLock.lock();
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      if (!lock.isValid()) {
        throw new IOException("lost the lock " + lockFile);
      }
      byte[] current = read(key);
      boolean matches = expected == null ? current == null : current != null && MessageDigest.isEqual(current, expected);
      if (!matches) {
        return false;
      }
      AtomicFiles.write(target, content);
      return true;
    } finally {
      jvmLock.unlock();
    }
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    Keys.checkPrefix(prefix);
    Path start = prefix.isEmpty() ? root : root.resolve(prefix);
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    try (Stream<Path> files = Files.walk(start)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(file)) {
          continue;
        }
        String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        if (isKey(key)) {
          keys.add(key);
        }
      }
    }
    keys.sort(null);
    return keys;
  }

  private static boolean isKey(String key) {
    try {
      Keys.check(key);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public String writeMode() {
    return hardLinks ? "temporary file, fsync, hard link (atomic create, never replaces)"
        : "temporary file, fsync, move if absent (no hard links here: racy between two writers of one file)";
  }

  @Override
  public void close() {
    // nothing held open
  }

  @Override
  public String toString() {
    return "DirectoryStore[" + root + "]";
  }
}
