package org.civictrust.monitor;

import java.util.Collection;
import java.util.List;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictBase64;
import org.civictrust.text.StrictDecimal;
import org.civictrust.text.TextLines;
import org.civictrust.tlog.NoteVerifier;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifiedNote;

/**
 * A checkpoint a monitor observed and accepted, as the monitor gossips it (topic
 * {@code civictrust.monitor.gossip}) and keeps it in its observation log: a C2SP signed note by the
 * monitor over
 *
 * <pre>
 *   civictrust.org/observation/v1
 *   monitor &lt;monitor key name&gt;
 *   time &lt;milliseconds since the epoch&gt;
 *   checkpoint &lt;base64 of the checkpoint note as the log signed it&gt;
 * </pre>
 *
 * <p>The monitor's signature says "I saw this"; the log's signature inside says what the log claimed.
 * A reader verifies both: the monitor's with {@link #open}, the log's with
 * {@link org.civictrust.tlog.Checkpoint#open}.
 *
 * @param monitor the monitor's key name
 * @param time milliseconds since the epoch, {@code >= 0}
 * @param checkpoint the signed checkpoint note, at most {@value Incident#MAX_CHECKPOINT_SIZE} bytes;
 *     copied
 */
public record Observation(String monitor, long time, byte[] checkpoint) {
  /** The first line of every observation. */
  public static final String HEADER = "civictrust.org/observation/v1";

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a field breaks the rules above
   */
  public Observation {
    if (!TextLines.isLine(monitor) || monitor.contains(" ") || monitor.contains("+")) {
      throw new IllegalArgumentException("a monitor name is a key name");
    }
    if (time < 0) {
      throw new IllegalArgumentException("time is >= 0");
    }
    if (checkpoint.length == 0 || checkpoint.length > Incident.MAX_CHECKPOINT_SIZE) {
      throw new IllegalArgumentException("a checkpoint is 1 to " + Incident.MAX_CHECKPOINT_SIZE + " bytes");
    }
    checkpoint = checkpoint.clone();
  }

  /** A copy of the signed checkpoint. */
  @Override
  public byte[] checkpoint() {
    return checkpoint.clone();
  }

  /** The note text. */
  public String format() {
    return HEADER + "\nmonitor " + monitor + "\ntime " + time + "\ncheckpoint " + StrictBase64.encode(checkpoint) + "\n";
  }

  /**
   * Signs the text with the monitor's key, whose name must be {@link #monitor()}.
   *
   * @throws IllegalArgumentException otherwise
   */
  public byte[] sign(SignerKey monitorKey) {
    if (!monitorKey.name().equals(monitor)) {
      throw new IllegalArgumentException("observation of " + monitor + " signed by key " + monitorKey.name());
    }
    return Notes.sign(format(), monitorKey);
  }

  /**
   * Parses the text strictly.
   *
   * @throws VerificationException with {@link Reason#MALFORMED} if it is not an observation
   */
  public static Observation parse(String text) throws VerificationException {
    String monitor;
    long time;
    byte[] checkpoint;
    try {
      List<String> lines = TextLines.split(text, false);
      if (lines.size() != 4 || !lines.get(0).equals(HEADER)) {
        throw new VerificationException(Reason.MALFORMED, "not a " + HEADER + " observation");
      }
      monitor = TextLines.value(lines.get(1), "monitor");
      time = StrictDecimal.parseUint63(TextLines.value(lines.get(2), "time"), "time");
      checkpoint = StrictBase64.decode(TextLines.value(lines.get(3), "checkpoint"), Incident.MAX_CHECKPOINT_SIZE,
          "checkpoint");
    } catch (MalformedTextException e) {
      throw VerificationException.malformed(e);
    }
    try {
      return new Observation(monitor, time, checkpoint);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(Reason.MALFORMED, e.getMessage(), e);
    }
  }

  /**
   * Authenticates a signed observation with the monitors' keys, parses it, and requires the monitor
   * line to name a key that signed it. The checkpoint inside is <b>not</b> verified here.
   *
   * @throws VerificationException as {@link Notes#open} does, MALFORMED if it is not an observation,
   *     UNKNOWN_KEY if no key named as its monitor signed it
   */
  public static Observation open(byte[] signedNote, Collection<? extends NoteVerifier> monitors)
      throws VerificationException {
    VerifiedNote note = Notes.open(signedNote, monitors);
    Observation observation = parse(note.text());
    if (note.signatures().stream().noneMatch(s -> s.name().equals(observation.monitor))) {
      throw new VerificationException(Reason.UNKNOWN_KEY, "the observation names monitor " + observation.monitor
          + " but no trusted key of that name signed it");
    }
    return observation;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Observation
        && ((Observation) other).monitor.equals(monitor)
        && ((Observation) other).time == time
        && java.util.Arrays.equals(((Observation) other).checkpoint, checkpoint);
  }

  @Override
  public int hashCode() {
    return monitor.hashCode() * 31 + java.util.Arrays.hashCode(checkpoint);
  }

  @Override
  public String toString() {
    return "Observation[" + monitor + " at " + time + ", " + checkpoint.length + " bytes of checkpoint]";
  }
}
