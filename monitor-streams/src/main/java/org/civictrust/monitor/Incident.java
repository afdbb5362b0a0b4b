package org.civictrust.monitor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictBase64;
import org.civictrust.text.StrictDecimal;
import org.civictrust.text.TextLines;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.NoteVerifier;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifiedNote;

/**
 * An incident a monitor raised, in the canonical text form the monitor signs as a C2SP signed note
 * (so that anyone can check the monitor's signature with any signed-note tool):
 *
 * <pre>
 *   civictrust.org/incident/v1
 *   monitor &lt;monitor key name&gt;
 *   time &lt;milliseconds since the epoch&gt;
 *   origin &lt;log origin, or - if it could not be told&gt;
 *   severity critical|warning
 *   reason &lt;{@link IncidentReason} name&gt;
 *   suppressed &lt;repeats of this cause not raised since the last incident&gt;
 *   checkpoint &lt;base64 of a signed checkpoint note&gt;     0 to 2 lines
 *   proof &lt;base64 hash&gt;                                 0 to 64 lines
 *   subject &lt;base64 of the offending bytes&gt;               0 or 1 line
 *   detail &lt;one line for humans&gt;                         0 or 1 line
 * </pre>
 *
 * <p>A critical incident carries two checkpoints, first the one the monitor held (accepted, or
 * observed first), then the one that conflicts with it, verbatim as the log signed them;
 * {@link IncidentReason#INCONSISTENT_CHECKPOINTS} and {@link IncidentReason#ROLLBACK} also carry the
 * seeded consistency proof from the smaller size to the larger, read from the larger one's tree (see
 * {@link IncidentVerifier}). Immutable; byte arrays are copied in and out.
 */
public final class Incident {
  /** The first line of every incident. */
  public static final String HEADER = "civictrust.org/incident/v1";
  /** The largest signed checkpoint an incident carries. */
  public static final int MAX_CHECKPOINT_SIZE = 64 * 1024;
  /** The most proof hashes an incident carries (a seeded proof of 2^63 leaves has at most 64). */
  public static final int MAX_PROOF_HASHES = 64;
  /** The largest subject an incident carries; larger ones are left out. */
  public static final int MAX_SUBJECT_SIZE = 16 * 1024;
  /** The longest detail line, in characters; longer ones are cut. */
  public static final int MAX_DETAIL = 1000;

  private final String monitor;
  private final long time;
  private final String origin;
  private final IncidentReason reason;
  private final long suppressed;
  private final List<byte[]> checkpoints;
  private final List<Hash> proof;
  private final byte[] subject;
  private final String detail;

  private Incident(String monitor, long time, String origin, IncidentReason reason, long suppressed,
      List<byte[]> checkpoints, List<Hash> proof, byte[] subject, String detail) {
    this.monitor = monitor;
    this.time = time;
    this.origin = origin;
    this.reason = reason;
    this.suppressed = suppressed;
    this.checkpoints = checkpoints;
    this.proof = proof;
    this.subject = subject;
    this.detail = detail;
  }

  /**
   * An incident. The detail is cleaned to one line of at most {@value #MAX_DETAIL} characters; a
   * subject larger than {@value #MAX_SUBJECT_SIZE} bytes is left out.
   *
   * @param monitor the monitor's key name
   * @param time milliseconds since the epoch, {@code >= 0}
   * @param origin the log's origin, or {@code -}
   * @param checkpoints 0 to 2 signed checkpoint notes of at most {@value #MAX_CHECKPOINT_SIZE} bytes;
   *     exactly 2 for a critical reason
   * @param proof the seeded consistency proof: required for the critical reasons but
   *     {@link IncidentReason#SAME_SIZE_DIFFERENT_ROOT}, absent for it
   * @param subject the offending bytes of a warning, or null
   * @param detail an explanation, or null
   * @param suppressed how many repeats of this cause were not raised, {@code >= 0}
   * @throws IllegalArgumentException if a rule above is broken
   */
  public static Incident of(String monitor, long time, String origin, IncidentReason reason, List<byte[]> checkpoints,
      List<Hash> proof, byte[] subject, String detail, long suppressed) {
    if (!TextLines.isLine(monitor) || monitor.contains(" ") || monitor.contains("+")) {
      throw new IllegalArgumentException("a monitor name is a key name");
    }
    if (time < 0 || suppressed < 0) {
      throw new IllegalArgumentException("time and suppressed are >= 0");
    }
    if (!TextLines.isLine(origin)) {
      throw new IllegalArgumentException("an origin is one line");
    }
    Objects.requireNonNull(reason, "reason");
    List<byte[]> notes = new ArrayList<>();
    for (byte[] checkpoint : checkpoints) {
      if (checkpoint.length > MAX_CHECKPOINT_SIZE) {
        throw new IllegalArgumentException("a checkpoint in an incident is at most " + MAX_CHECKPOINT_SIZE + " bytes");
      }
      notes.add(checkpoint.clone());
    }
    List<Hash> hashes = List.copyOf(proof);
    String problem = evidenceProblem(reason, notes.size(), hashes.size());
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    byte[] kept = subject == null || subject.length > MAX_SUBJECT_SIZE ? null : subject.clone();
    return new Incident(monitor, time, origin, reason, suppressed, List.copyOf(notes), hashes, kept, clean(detail));
  }

  private static String evidenceProblem(IncidentReason reason, int checkpoints, int proofHashes) {
    if (checkpoints > 2 || proofHashes > MAX_PROOF_HASHES) {
      return "an incident carries at most 2 checkpoints and " + MAX_PROOF_HASHES + " proof hashes";
    }
    if (reason.severity() == Severity.CRITICAL) {
      if (checkpoints != 2) {
        return reason + " carries both checkpoints";
      }
      if ((reason == IncidentReason.SAME_SIZE_DIFFERENT_ROOT) != (proofHashes == 0)) {
        return reason + (proofHashes == 0 ? " carries a proof" : " carries no proof");
      }
    }
    return null;
  }

  private static String clean(String detail) {
    if (detail == null) {
      return null;
    }
    StringBuilder line = new StringBuilder(Math.min(detail.length(), MAX_DETAIL));
    for (int i = 0; i < detail.length() && line.length() < MAX_DETAIL; i++) {
      char c = detail.charAt(i);
      line.append(c < 0x20 || Character.isSurrogate(c) ? ' ' : c);
    }
    String trimmed = line.toString().strip();
    return trimmed.isEmpty() ? null : trimmed;
  }

  public String monitor() {
    return monitor;
  }

  /** Milliseconds since the epoch. */
  public long time() {
    return time;
  }

  public String origin() {
    return origin;
  }

  public IncidentReason reason() {
    return reason;
  }

  public Severity severity() {
    return reason.severity();
  }

  /** Repeats of this cause the monitor did not raise since its previous incident of this cause. */
  public long suppressed() {
    return suppressed;
  }

  /** The signed checkpoints carried, copies: first the one the monitor held, then the conflicting one. */
  public List<byte[]> checkpoints() {
    return checkpoints.stream().map(byte[]::clone).toList();
  }

  /** The seeded consistency proof (empty if none). */
  public List<Hash> proof() {
    return proof;
  }

  /** The offending bytes of a warning, a copy. */
  public Optional<byte[]> subject() {
    return Optional.ofNullable(subject).map(byte[]::clone);
  }

  public Optional<String> detail() {
    return Optional.ofNullable(detail);
  }

  /** The canonical note text (see the class comment). */
  public String format() {
    StringBuilder text = new StringBuilder(512);
    text.append(HEADER).append('\n')
        .append("monitor ").append(monitor).append('\n')
        .append("time ").append(time).append('\n')
        .append("origin ").append(origin).append('\n')
        .append("severity ").append(severity().label()).append('\n')
        .append("reason ").append(reason.name()).append('\n')
        .append("suppressed ").append(suppressed).append('\n');
    for (byte[] checkpoint : checkpoints) {
      text.append("checkpoint ").append(StrictBase64.encode(checkpoint)).append('\n');
    }
    for (Hash hash : proof) {
      text.append("proof ").append(hash.toBase64()).append('\n');
    }
    if (subject != null) {
      text.append("subject ").append(StrictBase64.encode(subject)).append('\n');
    }
    if (detail != null) {
      text.append("detail ").append(detail).append('\n');
    }
    return text.toString();
  }

  /**
   * Signs the canonical text with the monitor's key, whose name must be this incident's monitor.
   *
   * @throws IllegalArgumentException if the key's name is not {@link #monitor()}
   */
  public byte[] sign(SignerKey monitorKey) {
    if (!monitorKey.name().equals(monitor)) {
      throw new IllegalArgumentException("incident of " + monitor + " signed by key " + monitorKey.name());
    }
    return Notes.sign(format(), monitorKey);
  }

  /**
   * Parses the canonical text strictly: lines in the order above, each value well-formed, the
   * evidence the reason requires, nothing after.
   *
   * @throws VerificationException with {@link Reason#MALFORMED} otherwise
   */
  public static Incident parse(String text) throws VerificationException {
    try {
      return parseLines(text);
    } catch (MalformedTextException e) {
      throw VerificationException.malformed(e);
    }
  }

  private static Incident parseLines(String text) throws VerificationException, MalformedTextException {
    List<String> lines = TextLines.split(text, false);
    int at = 0;
    if (lines.size() < 7 || !lines.get(at++).equals(HEADER)) {
      throw new VerificationException(Reason.MALFORMED, "not a " + HEADER + " incident");
    }
    String monitor = TextLines.value(lines.get(at++), "monitor");
    long time = StrictDecimal.parseUint63(TextLines.value(lines.get(at++), "time"), "time");
    String origin = TextLines.value(lines.get(at++), "origin");
    String severity = TextLines.value(lines.get(at++), "severity");
    IncidentReason reason;
    try {
      reason = IncidentReason.valueOf(TextLines.value(lines.get(at++), "reason"));
    } catch (IllegalArgumentException e) {
      throw new VerificationException(Reason.MALFORMED, "unknown incident reason", e);
    }
    if (!reason.severity().label().equals(severity)) {
      throw new VerificationException(Reason.MALFORMED, reason + " is " + reason.severity().label() + ", not " + severity);
    }
    long suppressed = StrictDecimal.parseUint63(TextLines.value(lines.get(at++), "suppressed"), "suppressed");
    List<byte[]> checkpoints = new ArrayList<>();
    while (at < lines.size() && TextLines.is(lines.get(at), "checkpoint") && checkpoints.size() < 2) {
      checkpoints.add(
          StrictBase64.decode(TextLines.value(lines.get(at++), "checkpoint"), MAX_CHECKPOINT_SIZE, "checkpoint"));
    }
    List<Hash> proof = new ArrayList<>();
    while (at < lines.size() && TextLines.is(lines.get(at), "proof") && proof.size() < MAX_PROOF_HASHES) {
      String hash = TextLines.value(lines.get(at++), "proof");
      proof.add(Hash.of(StrictBase64.decodeExactly(hash, Hash.SIZE, "proof hash")));
    }
    byte[] subject = null;
    if (at < lines.size() && TextLines.is(lines.get(at), "subject")) {
      subject = StrictBase64.decode(TextLines.value(lines.get(at++), "subject"), MAX_SUBJECT_SIZE, "subject");
    }
    String detail = null;
    if (at < lines.size() && TextLines.is(lines.get(at), "detail")) {
      detail = TextLines.value(lines.get(at++), "detail");
    }
    if (at != lines.size()) {
      throw new VerificationException(Reason.MALFORMED, "unexpected line " + (at + 1) + " in the incident");
    }
    try {
      Incident incident = of(monitor, time, origin, reason, checkpoints, proof, subject, detail, suppressed);
      if (!incident.format().equals(text)) {
        throw new VerificationException(Reason.MALFORMED, "the incident is not in canonical form");
      }
      return incident;
    } catch (IllegalArgumentException e) {
      throw new VerificationException(Reason.MALFORMED, e.getMessage(), e);
    }
  }

  /**
   * Authenticates a signed incident with the monitors' keys, then parses it, then requires the monitor
   * line to name a key that signed it.
   *
   * @throws VerificationException as {@link Notes#open} does (UNKNOWN_KEY, BAD_SIGNATURE, MALFORMED),
   *     MALFORMED if the text is not an incident, UNKNOWN_KEY if no key named as its monitor signed it
   */
  public static Incident open(byte[] signedNote, Collection<? extends NoteVerifier> monitors)
      throws VerificationException {
    VerifiedNote note = Notes.open(signedNote, monitors);
    Incident incident = parse(note.text());
    if (note.signatures().stream().noneMatch(s -> s.name().equals(incident.monitor))) {
      throw new VerificationException(Reason.UNKNOWN_KEY, "the incident names monitor " + incident.monitor
          + " but no trusted key of that name signed it");
    }
    return incident;
  }

  @Override
  public String toString() {
    return "Incident[" + severity().label() + " " + reason + " " + origin + " by " + monitor + " at " + time
        + (detail == null ? "" : ": " + detail) + "]";
  }
}
