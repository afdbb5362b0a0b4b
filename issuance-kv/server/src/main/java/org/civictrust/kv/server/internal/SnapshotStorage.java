package org.civictrust.kv.server.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.civictrust.files.AtomicFiles;
import org.civictrust.kv.protocol.Wire.MalformedException;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots of one peer, in its state machine directory as {@code snapshot.<term>_<index>} files
 * ({@link SnapshotFile}). Ratis asks it for the latest snapshot (to know where to replay the log from
 * and what to send a follower that lags too far); it answers with the latest <em>valid</em> one. An
 * invalid file (torn, corrupted) is renamed {@code <name>.corrupt} and the next older one is tried, so
 * a peer restarts from the latest valid snapshot and replays its log from there.
 */
final class SnapshotStorage implements StateMachineStorage {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStorage.class);
  private static final Pattern NAME = Pattern.compile("snapshot\\.([0-9]+)_([0-9]+)");

  private final int retained;
  private volatile Path directory;
  private volatile SingleFileSnapshotInfo latest;

  SnapshotStorage(int retained) {
    if (retained < 1) {
      throw new IllegalArgumentException("retain at least one snapshot");
    }
    this.retained = retained;
  }

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    directory = raftStorage.getStorageDir().getStateMachineDir().toPath();
    AtomicFiles.createDirectories(directory);
  }

  @Override
  public SingleFileSnapshotInfo getLatestSnapshot() {
    return latest;
  }

  @Override
  public void format() {
    // A new storage directory holds no snapshot; there is nothing to format.
  }

  /**
   * Reads the latest valid snapshot, setting it as the latest; files that fail to parse are renamed
   * {@code .corrupt}.
   */
  Optional<SnapshotFile.Loaded> loadLatestValid() throws IOException {
    for (Candidate candidate : candidates()) {
      try {
        SnapshotFile.Loaded loaded = SnapshotFile.parse(Files.readAllBytes(candidate.path()));
        if (loaded.term() != candidate.term() || loaded.index() != candidate.index()) {
          throw new MalformedException("term and index differ from the file name");
        }
        latest = info(candidate);
        return Optional.of(loaded);
      } catch (MalformedException e) {
        Path corrupt = candidate.path().resolveSibling(candidate.path().getFileName() + ".corrupt");
        LOG.warn("Ignoring invalid snapshot {}: {}; renamed to {}", candidate.path(), e.getMessage(), corrupt);
        Files.move(candidate.path(), corrupt, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    latest = null;
    return Optional.empty();
  }

  /** Writes a snapshot of {@code body} at {@code term}, {@code index} and makes it the latest. */
  void write(long term, long index, byte[] body) throws IOException {
    Path path = directory.resolve("snapshot." + term + "_" + index);
    AtomicFiles.write(path, SnapshotFile.format(term, index, body));
    latest = info(new Candidate(path, term, index));
  }

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    List<Candidate> all = candidates();
    for (int i = retained; i < all.size(); i++) {
      Files.deleteIfExists(all.get(i).path());
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(".md5") && !Files.exists(file.resolveSibling(name.substring(0, name.length() - 4)))) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  @Override
  public File getSnapshotDir() {
    return directory == null ? null : directory.toFile();
  }

  /** Snapshot files by name, newest (highest index) first. */
  private List<Candidate> candidates() throws IOException {
    List<Candidate> found = new ArrayList<>();
    if (directory == null || !Files.isDirectory(directory)) {
      return found;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        if (matcher.matches()) {
          try {
            found.add(new Candidate(file, StrictDecimal.parseUint63(matcher.group(1), "term"),
                StrictDecimal.parseUint63(matcher.group(2), "index")));
          } catch (MalformedTextException e) {
            LOG.warn("Ignoring snapshot file {}: {}", file, e.getMessage());
          }
        }
      }
    }
    found.sort(Comparator.comparingLong(Candidate::index).thenComparingLong(Candidate::term).reversed());
    return found;
  }

  private static SingleFileSnapshotInfo info(Candidate candidate) {
    // No digest: Ratis computes the MD5 it ships with each file while sending a snapshot.
    return new SingleFileSnapshotInfo(new FileInfo(candidate.path(), null), candidate.term(), candidate.index());
  }

  private record Candidate(Path path, long term, long index) {}
}
