package org.civictrust.witness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.civictrust.files.AtomicFiles;
import org.civictrust.text.StrictBase64;
import org.civictrust.witness.internal.WitnessRequest;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.CosignerKey;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.NoteSignature;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifiedNote;
import org.civictrust.tlog.VerifierKey;
import org.civictrust.tlog.MonitoredLog;

/**
 * A C2SP tlog-witness: {@link #addCheckpoint} implements {@code add-checkpoint} (section
 * "add-checkpoint"), answering with the HTTP status and body the spec requires, and cosigning with a
 * tlog-cosignature/v1 key. For each log (by origin) it keeps the latest checkpoint it cosigned in a
 * file of its state directory ({@code <hex SHA-256 of the origin>.checkpoint}: the log's verified
 * signatures and the witness's cosignature). Checking the old size and persisting the new checkpoint
 * happen under one lock per log, and the file is replaced atomically and forced to disk before the
 * cosignature is returned, so no two requests can roll a log back and a restart keeps what was
 * cosigned. Requests refused although validly signed (409, 422) are appended to {@code refused.log}
 * as evidence. Thread-safe.
 *
 * <p>The checks, in the spec's order: the body's grammar (400); the origin is known (404); a
 * signature by a trusted key for the origin verifies and none fails (403); the checkpoint parses and
 * the old size is not above its size (400); the old size is the size of the latest cosigned checkpoint
 * (409 with that size, {@code text/x.tlog.size}); a size-0 checkpoint has the empty root, an old size
 * of 0 comes without proof, equal sizes have equal roots, and otherwise the consistency proof verifies
 * from the stored root (422).
 */
public final class Witness {
  /** The content type of a 409 body. */
  public static final String SIZE_CONTENT_TYPE = "text/x.tlog.size";
  /** The content type of other bodies. */
  public static final String TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";

  /**
   * An HTTP answer.
   *
   * @param status the HTTP status code
   * @param contentType the Content-Type
   * @param body the body, copied
   */
  public record Response(int status, String contentType, byte[] body) {
    public Response {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    static Response text(int status, String message) {
      return new Response(status, TEXT_CONTENT_TYPE, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private record Latest(byte[] note, Checkpoint checkpoint) {}

  private final CosignerKey key;
  private final Map<String, List<VerifierKey>> logs;
  private final Path stateDir;
  private final LongSupplier clockSeconds;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  private Witness(CosignerKey key, Map<String, List<VerifierKey>> logs, Path stateDir, LongSupplier clockSeconds) {
    this.key = key;
    this.logs = logs;
    this.stateDir = stateDir;
    this.clockSeconds = clockSeconds;
  }

  /**
   * A witness cosigning with {@code key} for {@code logs} (an origin may appear with several keys),
   * keeping its state in {@code stateDir} (created if absent), timestamping cosignatures with
   * {@code clockSeconds} (POSIX seconds).
   */
  public static Witness open(CosignerKey key, Collection<MonitoredLog> logs, Path stateDir, LongSupplier clockSeconds)
      throws IOException {
    Map<String, List<VerifierKey>> byOrigin = new HashMap<>();
    for (MonitoredLog log : logs) {
      byOrigin.computeIfAbsent(log.origin(), o -> new ArrayList<>()).add(log.key());
    }
    byOrigin.replaceAll((origin, keys) -> List.copyOf(keys));
    AtomicFiles.createDirectories(stateDir);
    return new Witness(Objects.requireNonNull(key, "key"), Map.copyOf(byOrigin), stateDir,
        Objects.requireNonNull(clockSeconds, "clockSeconds"));
  }

  /** The witness's cosigner verifier key (type 0x04). */
  public VerifierKey verifierKey() {
    return key.verifierKey();
  }

  /** Handles one {@code add-checkpoint} request body; never throws for bad input. */
  public Response addCheckpoint(byte[] body) {
    WitnessRequest request;
    Note note;
    try {
      request = WitnessRequest.parse(body);
      note = Note.parse(request.checkpoint());
    } catch (VerificationException e) {
      return Response.text(400, e.getMessage());
    }
    String origin = note.text().substring(0, note.text().indexOf('\n'));
    List<VerifierKey> keys = logs.get(origin);
    if (keys == null) {
      return Response.text(404, "unknown log origin");
    }
    VerifiedNote verified;
    try {
      verified = Notes.open(request.checkpoint(), keys);
    } catch (VerificationException e) {
      return Response.text(403, e.getMessage());
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(verified.text());
    } catch (VerificationException e) {
      return Response.text(400, e.getMessage());
    }
    if (request.oldSize() > checkpoint.treeSize()) {
      return Response.text(400, "old size " + request.oldSize() + " is above the checkpoint size " + checkpoint.treeSize());
    }
    synchronized (locks.computeIfAbsent(origin, o -> new Object())) {
      Latest latest = latest(origin);
      long size = latest == null ? 0 : latest.checkpoint.treeSize();
      if (request.oldSize() != size) {
        refused(409, body);
        return new Response(409, SIZE_CONTENT_TYPE, (size + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      String inconsistency = inconsistency(request, latest, checkpoint);
      if (inconsistency != null) {
        refused(422, body);
        return Response.text(422, inconsistency);
      }
      long now = Math.max(1, clockSeconds.getAsLong());
      NoteSignature cosignature;
      try {
        cosignature = Note.parse(Notes.sign(verified.text(), key.at(now))).signatures().get(0);
      } catch (VerificationException e) {
        throw new IllegalStateException("a note this witness signed does not parse", e);
      }
      List<NoteSignature> kept = new ArrayList<>(verified.signatures());
      kept.add(cosignature);
      try {
        AtomicFiles.write(file(origin), new Note(verified.text(), kept).format());
      } catch (IOException e) {
        return Response.text(500, "cannot persist the checkpoint: " + e.getMessage());
      }
      return Response.text(200, cosignature.toString());
    }
  }

  private static String inconsistency(WitnessRequest request, Latest latest, Checkpoint checkpoint) {
    if (checkpoint.treeSize() == 0 && !checkpoint.rootHash().equals(Rfc9162.EMPTY_ROOT)) {
      return "a checkpoint of size 0 has the empty tree's root, not " + checkpoint.rootHash();
    }
    if (request.oldSize() == 0) {
      return request.proof().isEmpty() ? null : "a proof from size 0 is empty, got " + request.proof().size() + " lines";
    }
    Hash oldRoot = latest.checkpoint.rootHash();
    try {
      ConsistencyProofs.check(request.oldSize(), checkpoint.treeSize(), oldRoot, checkpoint.rootHash(), request.proof());
      return null;
    } catch (VerificationException e) {
      return e.getMessage();
    }
  }

  /** The latest checkpoint cosigned for {@code origin}, with the log's and this witness's signatures. */
  public Optional<byte[]> latestCosigned(String origin) {
    if (!logs.containsKey(origin)) {
      return Optional.empty();
    }
    synchronized (locks.computeIfAbsent(origin, o -> new Object())) {
      Latest latest = latest(origin);
      return latest == null ? Optional.empty() : Optional.of(latest.note.clone());
    }
  }

  /** The latest cosigned checkpoint of the log whose origin hashes (SHA-256, lowercase hex) to {@code hash}. */
  public Optional<byte[]> latestCosignedByOriginHash(String hash) {
    return logs.keySet().stream().filter(o -> originHash(o).equals(hash)).findFirst().flatMap(this::latestCosigned);
  }

  private Latest latest(String origin) {
    byte[] note;
    try {
      note = Files.readAllBytes(file(origin));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the witness state of " + origin, e);
    }
    try {
      return new Latest(note, Checkpoint.parse(Note.parse(note).text()));
    } catch (VerificationException e) {
      throw new IllegalStateException("the witness state of " + origin + " is corrupt", e);
    }
  }

  private void refused(int status, byte[] body) {
    String line = clockSeconds.getAsLong() + " " + status + " " + StrictBase64.encode(body) + "\n";
    try {
      AtomicFiles.append(stateDir.resolve("refused.log"), line.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      // Evidence is kept on a best-effort basis (the spec's MAY); the refusal stands either way.
    }
  }

  private Path file(String origin) {
    return stateDir.resolve(originHash(origin) + ".checkpoint");
  }

  /** The lowercase hex SHA-256 of an origin, as the monitoring URL and the state files name a log. */
  public static String originHash(String origin) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
