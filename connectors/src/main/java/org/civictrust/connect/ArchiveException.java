package org.civictrust.connect;

import java.util.Objects;
import java.util.Optional;
import org.civictrust.tlog.Reason;

/**
 * An archive failed a check, or the sink refused something: a stable {@link ArchiveFault}, the path
 * (below the log's prefix) of the file at fault when there is one, the verification {@link Reason}
 * when a tlog check decided, and a message holding the evidence (sizes, hashes, both checkpoints).
 */
public final class ArchiveException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ArchiveFault fault;
  private final String path;
  private final Reason reason;

  /** A fault at {@code path} (null if no single file is at fault), with the evidence in {@code message}. */
  public ArchiveException(ArchiveFault fault, String path, String message) {
    this(fault, path, null, message, null);
  }

  /** As the other constructor, decided by a tlog check that failed for {@code reason} (may be null). */
  public ArchiveException(ArchiveFault fault, String path, Reason reason, String message, Throwable cause) {
    super(Objects.requireNonNull(fault, "fault") + (path == null ? "" : " at " + path) + ": " + message, cause);
    this.fault = fault;
    this.path = path;
    this.reason = reason;
  }

  /** The stable fault code. */
  public ArchiveFault fault() {
    return fault;
  }

  /** The path of the file at fault below the log's prefix, if one file is. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** The reason of the tlog check that decided, if one did. */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }
}
