package org.civictrust.witness.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.VerificationException;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictBase64;
import org.civictrust.text.StrictDecimal;
import org.civictrust.text.TextLines;

/**
 * The body of a C2SP tlog-witness {@code add-checkpoint} request: an old size line
 * {@code old <size>}, zero to {@value #MAX_PROOF_LINES} consistency proof lines (one base64 hash
 * each), an empty line, then the signed checkpoint. Every line ends in a newline.
 *
 * @param oldSize the size of the checkpoint the client believes the witness holds
 * @param proof the RFC 9162 consistency proof from {@code oldSize} to the checkpoint's size
 * @param checkpoint the signed checkpoint note
 */
public record WitnessRequest(long oldSize, List<Hash> proof, byte[] checkpoint) {
  /** The most proof lines a client may send. */
  public static final int MAX_PROOF_LINES = 63;
  /** The largest request body accepted. */
  public static final int MAX_BODY_SIZE = Notes.MAX_NOTE_SIZE + 64 * 64;

  /** Validates and copies. */
  public WitnessRequest {
    if (oldSize < 0) {
      throw new IllegalArgumentException("old size is >= 0");
    }
    proof = List.copyOf(proof);
    if (proof.size() > MAX_PROOF_LINES) {
      throw new IllegalArgumentException("at most " + MAX_PROOF_LINES + " proof lines");
    }
    checkpoint = checkpoint.clone();
  }

  @Override
  public byte[] checkpoint() {
    return checkpoint.clone();
  }

  /** The request body. */
  public byte[] format() {
    ByteArrayOutputStream body = new ByteArrayOutputStream(checkpoint.length + 64 + 45 * proof.size());
    StringBuilder head = new StringBuilder("old ").append(oldSize).append('\n');
    for (Hash hash : proof) {
      head.append(hash.toBase64()).append('\n');
    }
    head.append('\n');
    body.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(checkpoint);
    return body.toByteArray();
  }

  /**
   * Parses a request body strictly.
   *
   * @throws VerificationException with {@link Reason#MALFORMED} if it breaks the grammar (the witness
   *     answers 400)
   */
  public static WitnessRequest parse(byte[] body) throws VerificationException {
    if (body.length > MAX_BODY_SIZE) {
      throw new VerificationException(Reason.MALFORMED, "request body exceeds " + MAX_BODY_SIZE + " bytes");
    }
    int at = 0;
    int end = lineEnd(body, at);
    String first = ascii(body, at, end);
    long oldSize;
    List<Hash> proof = new ArrayList<>();
    try {
      oldSize = StrictDecimal.parseUint63(TextLines.value(first, "old"), "old size");
      at = end + 1;
      while (true) {
        end = lineEnd(body, at);
        if (end == at) {
          at = end + 1;
          break;
        }
        if (proof.size() == MAX_PROOF_LINES) {
          throw new VerificationException(Reason.MALFORMED, "more than " + MAX_PROOF_LINES + " proof lines");
        }
        String hash = ascii(body, at, end);
        proof.add(Hash.of(StrictBase64.decodeExactly(hash, Hash.SIZE, "proof line " + (proof.size() + 1))));
        at = end + 1;
      }
    } catch (MalformedTextException e) {
      throw VerificationException.malformed(e);
    }
    if (at == body.length) {
      throw new VerificationException(Reason.MALFORMED, "no checkpoint after the empty line");
    }
    return new WitnessRequest(oldSize, proof, Arrays.copyOfRange(body, at, body.length));
  }

  private static int lineEnd(byte[] body, int from) throws VerificationException {
    for (int i = from; i < body.length && i - from <= 128; i++) {
      if (body[i] == '\n') {
        return i;
      }
    }
    throw new VerificationException(Reason.MALFORMED, "a header line of at most 128 bytes ending in a newline");
  }

  private static String ascii(byte[] body, int from, int to) throws VerificationException {
    for (int i = from; i < to; i++) {
      if (body[i] < 0x20) {
        throw new VerificationException(Reason.MALFORMED, "control character in a header line");
      }
    }
    return new String(body, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
