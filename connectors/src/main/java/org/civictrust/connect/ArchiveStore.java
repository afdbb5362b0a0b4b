package org.civictrust.connect;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where archives are kept: a directory ({@link DirectoryStore}) or an S3-compatible bucket
 * ({@link S3Store}). Keys are {@code /}-separated relative paths ({@code <log prefix>tile/0/x001/234});
 * each segment is non-empty, of {@code A-Z a-z 0-9 . _ - % ~}, not {@code .} or {@code ..}, and does not
 * start with a dot (dot names are the store's own). Everything but one key per log (its
 * {@code checkpoint}) is written once: {@link #createIfAbsent} never replaces a file, and says whether the
 * one it found holds the same bytes. Implementations are thread-safe.
 */
public interface ArchiveStore extends Closeable {
  /** What {@link #createIfAbsent} found. */
  enum Write {
    /** The key did not exist; it now holds the content. */
    CREATED,
    /** The key already held exactly the content; nothing was written. */
    UNCHANGED,
    /** The key already held other bytes; nothing was written. */
    CONFLICT
  }

  /** The content of {@code key}, or null if there is none. */
  byte[] read(String key) throws IOException;

  /**
   * Creates {@code key} with {@code content} unless it exists, atomically: a reader sees no file or the
   * whole content, and an existing file is never replaced. The new file is durable once {@link #sync}
   * returns.
   */
  Write createIfAbsent(String key, byte[] content) throws IOException;

  /**
   * {@link #createIfAbsent} for each file, possibly in parallel; the outcomes in the order given.
   * Either every file was handled, or an {@link IOException} says one could not be (the others may or
   * may not have been written).
   */
  default Map<String, Write> createAllIfAbsent(Map<String, byte[]> files) throws IOException {
    Map<String, Write> outcomes = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      outcomes.put(file.getKey(), createIfAbsent(file.getKey(), file.getValue()));
    }
    return outcomes;
  }

  /** Makes every file created so far durable (a no-op where a completed write already is). */
  void sync() throws IOException;

  /**
   * Replaces {@code key} with {@code content}, atomically and durably, but only if it now holds exactly
   * {@code expected} (absent if {@code expected} is null): a compare-and-swap, so that two writers never
   * both think they moved a log's checkpoint. Returns false, changing nothing, if it holds something
   * else.
   */
  boolean replaceIf(String key, byte[] expected, byte[] content) throws IOException;

  /** Every key that starts with {@code prefix} (a key prefix ending in {@code /}, or ""), sorted. */
  List<String> list(String prefix) throws IOException;

  /** Where this store is, for messages: a directory or {@code s3://bucket/prefix}. */
  String location();

  /**
   * How {@link #createIfAbsent} and {@link #replaceIf} keep their promises here, for operators: for
   * example "hard link (atomic create)", "conditional PUT (If-None-Match, If-Match)".
   */
  String writeMode();

  /**
   * Opens {@code location}: {@code s3://bucket[/prefix]} as an {@link S3Store} with {@code s3}'s
   * settings, anything else as a directory.
   *
   * @throws IllegalArgumentException if an S3 location is malformed
   */
  static ArchiveStore open(String location, S3Settings s3) throws IOException {
    Objects.requireNonNull(location, "location");
    if (location.startsWith("s3://")) {
      URI uri = URI.create(location);
      String bucket = uri.getHost();
      if (bucket == null || bucket.isEmpty()) {
        throw new IllegalArgumentException("an S3 location is s3://bucket[/prefix], got " + location);
      }
      String path = uri.getPath() == null ? "" : uri.getPath();
      return S3Store.open(bucket, path.replaceAll("^/+", ""), s3);
    }
    return DirectoryStore.open(Path.of(location));
  }
}
