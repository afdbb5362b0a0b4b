package org.civictrust.witness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictDecimal;
import org.civictrust.witness.internal.WitnessRequest;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.NoteSignature;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifierKey;

/**
 * A client of one C2SP tlog-witness: asks it to cosign a checkpoint ({@code add-checkpoint}) and
 * returns the cosignatures, verified against the witness's key. Thread-safe.
 *
 * <pre>{@code
 * WitnessClient witness = WitnessClient.create(URI.create("http://witness.example"), witnessVkey,
 *     Duration.ofSeconds(5));
 * List<NoteSignature> cosignatures = witness.cosign(signedCheckpoint, lastKnownSize,
 *     oldSize -> ConsistencyProofs.prove(oldSize, newSize, tree));
 * byte[] cosigned = WitnessClient.withCosignatures(signedCheckpoint, cosignatures);
 * }</pre>
 */
public final class WitnessClient {
  /** Builds the consistency proof from an old size to the checkpoint's size. */
  @FunctionalInterface
  public interface Prover {
    /** The RFC 9162 consistency proof from {@code oldSize} to the checkpoint's size. */
    List<Hash> consistencyProof(long oldSize) throws IOException;
  }

  private final URI addCheckpoint;
  private final VerifierKey witnessKey;
  private final Duration timeout;
  private final HttpClient http;

  private WitnessClient(URI addCheckpoint, VerifierKey witnessKey, Duration timeout, HttpClient http) {
    this.addCheckpoint = addCheckpoint;
    this.witnessKey = witnessKey;
    this.timeout = timeout;
    this.http = http;
  }

  /**
   * A client of the witness at {@code submissionPrefix} whose cosigner key is {@code witnessKey}
   * (type 0x04), giving up on a request after {@code timeout}.
   */
  public static WitnessClient create(URI submissionPrefix, VerifierKey witnessKey, Duration timeout) {
    if (witnessKey.type() != VerifierKey.TYPE_COSIGNATURE_V1) {
      throw new IllegalArgumentException("a witness key is a cosignature/v1 key (type 0x04)");
    }
    String base = submissionPrefix.toString();
    URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/add-checkpoint");
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    return new WitnessClient(uri, witnessKey, Objects.requireNonNull(timeout, "timeout"), http);
  }

  /** The witness's cosigner key. */
  public VerifierKey witnessKey() {
    return witnessKey;
  }

  /**
   * Sends one {@code add-checkpoint} request: {@code oldSize}, {@code proof} (from {@code oldSize} to
   * the checkpoint's size; empty for 0), the signed checkpoint.
   *
   * @return the witness's cosignatures on the checkpoint, at least one, each verified
   * @throws WitnessException if the witness refused (its status as a {@link WitnessException.Kind}) or
   *     answered without a valid cosignature
   * @throws IOException if the witness could not be reached
   */
  public List<NoteSignature> addCheckpoint(long oldSize, List<Hash> proof, byte[] signedCheckpoint)
      throws WitnessException, IOException, InterruptedException {
    String text;
    try {
      text = Note.parse(signedCheckpoint).text();
    } catch (VerificationException e) {
      throw new IllegalArgumentException("not a signed note: " + e.getMessage(), e);
    }
    byte[] body = new WitnessRequest(oldSize, proof, signedCheckpoint).format();
    HttpRequest request = HttpRequest.newBuilder(addCheckpoint).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    String answer = new String(response.body(), StandardCharsets.UTF_8);
    switch (response.statusCode()) {
      case 200:
        return cosignatures(text, answer);
      case 400:
        throw new WitnessException(WitnessException.Kind.BAD_REQUEST, 400, -1, answer.strip());
      case 403:
        throw new WitnessException(WitnessException.Kind.FORBIDDEN, 403, -1, answer.strip());
      case 404:
        throw new WitnessException(WitnessException.Kind.UNKNOWN_LOG, 404, -1, answer.strip());
      case 409:
        throw new WitnessException(WitnessException.Kind.CONFLICT, 409, size(answer), "the witness holds size " + answer.strip());
      case 422:
        throw new WitnessException(WitnessException.Kind.INCONSISTENT, 422, -1, answer.strip());
      default:
        throw new WitnessException(WitnessException.Kind.UNEXPECTED_STATUS, response.statusCode(), -1, answer.strip());
    }
  }

  /**
   * Asks for a cosignature starting from {@code knownSize}, the size the caller believes the witness
   * holds (0 if unknown); on a 409 it asks once more from the size the witness reports, with the proof
   * from {@code prover}.
   */
  public List<NoteSignature> cosign(byte[] signedCheckpoint, long knownSize, Prover prover)
      throws WitnessException, IOException, InterruptedException {
    try {
      return addCheckpoint(knownSize, knownSize == 0 ? List.of() : prover.consistencyProof(knownSize), signedCheckpoint);
    } catch (WitnessException e) {
      if (e.kind() != WitnessException.Kind.CONFLICT) {
        throw e;
      }
      long size = e.witnessSize().orElseThrow();
      return addCheckpoint(size, size == 0 ? List.of() : prover.consistencyProof(size), signedCheckpoint);
    }
  }

  /** {@code signedCheckpoint} with {@code cosignatures} added after its signatures (repeats dropped). */
  public static byte[] withCosignatures(byte[] signedCheckpoint, Collection<NoteSignature> cosignatures) {
    try {
      Note note = Note.parse(signedCheckpoint);
      List<NoteSignature> all = new ArrayList<>(note.signatures());
      for (NoteSignature cosignature : cosignatures) {
        if (!all.contains(cosignature)) {
          all.add(cosignature);
        }
      }
      return new Note(note.text(), all).format();
    } catch (VerificationException e) {
      throw new IllegalArgumentException("not a signed note: " + e.getMessage(), e);
    }
  }

  private List<NoteSignature> cosignatures(String text, String answer) throws WitnessException {
    List<NoteSignature> lines;
    try {
      lines = Note.parse((text + "\n" + answer).getBytes(StandardCharsets.UTF_8)).signatures();
    } catch (VerificationException e) {
      throw new WitnessException(WitnessException.Kind.BAD_RESPONSE, 200, -1, "not signature lines: " + e.getMessage());
    }
    List<NoteSignature> verified = new ArrayList<>();
    for (NoteSignature line : lines) {
      if (!line.name().equals(witnessKey.name()) || line.keyId() != witnessKey.keyId()) {
        continue;
      }
      try {
        witnessKey.verify(text.getBytes(StandardCharsets.UTF_8), line.signature());
      } catch (VerificationException e) {
        throw new WitnessException(WitnessException.Kind.BAD_RESPONSE, 200, -1, "a cosignature does not verify");
      }
      verified.add(line);
    }
    if (verified.isEmpty()) {
      throw new WitnessException(WitnessException.Kind.BAD_RESPONSE, 200, -1, "no cosignature by " + witnessKey.name());
    }
    return List.copyOf(verified);
  }

  private static long size(String answer) throws WitnessException {
    try {
      if (!answer.endsWith("\n")) {
        throw new MalformedTextException("no final newline");
      }
      return StrictDecimal.parseUint63(answer.substring(0, answer.length() - 1), "size");
    } catch (MalformedTextException e) {
      throw new WitnessException(WitnessException.Kind.BAD_RESPONSE, 409, -1, "a 409 body is a size line: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "WitnessClient[" + addCheckpoint + ", " + witnessKey.name() + "]";
  }
}
