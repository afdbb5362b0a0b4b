package org.civictrust.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.civictrust.files.AtomicFiles;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictBase64;
import org.civictrust.tlog.NoteVerifier;
import org.civictrust.tlog.VerificationException;

/**
 * A monitor's append-only observation log in a file: one line a signed {@link Observation}, base64,
 * forced to disk on each append. A monitor restarted on the same file resumes from the last checkpoint
 * it accepted of each log ({@link #replay}). Not thread-safe.
 */
public final class ObservationLog {
  private final Path file;

  private ObservationLog(Path file) {
    this.file = file;
  }

  /** The observation log in {@code file} (created on the first append). */
  public static ObservationLog open(Path file) {
    return new ObservationLog(file);
  }

  public Path file() {
    return file;
  }

  /** Appends a signed observation. */
  public void append(byte[] signedObservation) throws IOException {
    AtomicFiles.append(file, (StrictBase64.encode(signedObservation) + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Reads every observation, verified with {@code monitorKeys}, oldest first.
   *
   * @throws IOException if the file cannot be read, or a line is not an observation signed by one of
   *     {@code monitorKeys} (the log is the monitor's own: a bad line means it was tampered with)
   */
  public List<Observation> read(Collection<? extends NoteVerifier> monitorKeys) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Observation> observations = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      try {
        byte[] note = StrictBase64.decode(lines.get(i), 2 * Incident.MAX_CHECKPOINT_SIZE, "observation");
        observations.add(Observation.open(note, monitorKeys));
      } catch (MalformedTextException | VerificationException e) {
        throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return observations;
  }

  /**
   * Resumes {@code monitor} from this log: each observation's checkpoint, in order, becomes the
   * latest of its log (checked again with the log's key); observations of logs the monitor no longer
   * follows are skipped.
   *
   * @return how many observations were replayed
   */
  public int replay(Monitor monitor, Collection<? extends NoteVerifier> monitorKeys, long time) throws IOException {
    List<Observation> observations = read(monitorKeys);
    for (Observation observation : observations) {
      try {
        monitor.resume(observation.checkpoint(), time);
      } catch (VerificationException e) {
        if (e.reason() == org.civictrust.tlog.Reason.UNKNOWN_ORIGIN) {
          continue;
        }
        throw new IOException(file + ": an observed checkpoint no longer verifies: " + e.getMessage(), e);
      }
    }
    return observations.size();
  }
}
