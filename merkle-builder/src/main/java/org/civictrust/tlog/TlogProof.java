package org.civictrust.tlog;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictBase64;
import org.civictrust.text.StrictDecimal;
import org.civictrust.tlog.internal.Utf8;

/**
 * An offline-verifiable proof that an entry is in a transparency log (C2SP tlog-proof, section
 * "Format"), also called a spicy signature:
 *
 * <pre>
 *   c2sp.org/tlog-proof@v1
 *   [extra &lt;base64 opaque data&gt;]
 *   index &lt;leafIndex, 0|[1-9][0-9]*&gt;
 *   &lt;base64 hash&gt;            (zero or more: the RFC 9162 inclusion proof, leaf's sibling first)
 *
 *   &lt;the signed checkpoint note, verbatim&gt;
 * </pre>
 *
 * <p>The extra data is not authenticated; applications must not trust it implicitly. {@link #verify}
 * follows the spec's section "Verifying a tlog proof": log signature and origin, optionally witness
 * cosignatures, then the inclusion proof. Arrays are copied in and out; equality is by content.
 *
 * @param extra the optional extra data (present but empty is allowed: {@code "extra "})
 * @param index the leaf index of the entry, {@code >= 0}
 * @param hashes the inclusion proof, at most {@value #MAX_HASHES} hashes; copied
 * @param signedCheckpoint the signed checkpoint note bytes: non-empty, valid UTF-8, at most {@value
 *     Notes#MAX_NOTE_SIZE} bytes; copied
 */
public record TlogProof(Optional<byte[]> extra, long index, List<Hash> hashes, byte[] signedCheckpoint) {
  /** The first line of every proof. */
  public static final String HEADER = "c2sp.org/tlog-proof@v1";

  /** The most hashes an inclusion proof has in a tree of at most 2^63 - 1 leaves. */
  public static final int MAX_HASHES = 63;

  /** The longest proof text {@link #parse} reads, in chars: 2 MiB. */
  public static final int MAX_PROOF_SIZE = 2 << 20;

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a field breaks the rules above
   */
  public TlogProof {
    extra = Objects.requireNonNull(extra, "extra").map(byte[]::clone);
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, got " + index);
    }
    hashes = List.copyOf(hashes);
    if (hashes.size() > MAX_HASHES) {
      throw new IllegalArgumentException("an inclusion proof has at most " + MAX_HASHES + " hashes");
    }
    Objects.requireNonNull(signedCheckpoint, "signedCheckpoint");
    if (signedCheckpoint.length == 0 || signedCheckpoint.length > Notes.MAX_NOTE_SIZE) {
      throw new IllegalArgumentException("signed checkpoint must hold 1 to " + Notes.MAX_NOTE_SIZE + " bytes");
    }
    try {
      Utf8.decode(signedCheckpoint, 0, signedCheckpoint.length);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("signed checkpoint is not valid UTF-8", e);
    }
    signedCheckpoint = signedCheckpoint.clone();
  }

  /** Returns a proof without extra data. */
  public static TlogProof of(long index, List<Hash> hashes, byte[] signedCheckpoint) {
    return new TlogProof(Optional.empty(), index, hashes, signedCheckpoint);
  }

  /** Returns a copy of the extra data, if any. */
  @Override
  public Optional<byte[]> extra() {
    return extra.map(byte[]::clone);
  }

  /** Returns a copy of the signed checkpoint note. */
  @Override
  public byte[] signedCheckpoint() {
    return signedCheckpoint.clone();
  }

  /** Returns the proof text; {@link #parse} gives this proof back. */
  public String format() {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    extra.ifPresent(e -> text.append("extra ").append(StrictBase64.encode(e)).append('\n'));
    text.append("index ").append(index).append('\n');
    hashes.forEach(h -> text.append(h.toBase64()).append('\n'));
    text.append('\n').append(new String(signedCheckpoint, StandardCharsets.UTF_8));
    return text.toString();
  }

  /**
   * Parses a proof strictly: the exact header line, an optional {@code extra} line of canonical
   * base64, the {@code index} line without sign or leading zero, up to {@value #MAX_HASHES} lines of
   * exactly 44 characters of canonical base64, an empty line, then the checkpoint note (not checked
   * here; {@link #verify} opens it).
   *
   * @throws VerificationException with {@link Reason#MALFORMED} if {@code text} is not such a proof or
   *     exceeds {@value #MAX_PROOF_SIZE} chars
   */
  public static TlogProof parse(String text) throws VerificationException {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_PROOF_SIZE) {
      throw new VerificationException(Reason.MALFORMED, "proof exceeds " + MAX_PROOF_SIZE + " chars");
    }
    if (!text.startsWith(HEADER + "\n")) {
      throw new VerificationException(Reason.MALFORMED, "proof does not start with " + HEADER);
    }
    int[] at = {HEADER.length() + 1};
    Optional<byte[]> extra = Optional.empty();
    long index;
    List<Hash> hashes = new ArrayList<>();
    try {
      String line = nextLine(text, at);
      if (line.startsWith("extra ")) {
        extra = Optional.of(StrictBase64.decode(line.substring("extra ".length()), MAX_PROOF_SIZE, "extra data"));
        line = nextLine(text, at);
      }
      if (!line.startsWith("index ")) {
        throw new VerificationException(Reason.MALFORMED, "proof lacks its index line");
      }
      index = StrictDecimal.parseUint63(line.substring("index ".length()), "index");
      for (line = nextLine(text, at); !line.isEmpty(); line = nextLine(text, at)) {
        if (hashes.size() == MAX_HASHES) {
          throw new VerificationException(Reason.MALFORMED, "more than " + MAX_HASHES + " proof hashes");
        }
        hashes.add(Hash.of(StrictBase64.decodeExactly(line, Hash.SIZE, "proof hash " + hashes.size())));
      }
    } catch (MalformedTextException e) {
      throw VerificationException.malformed(e);
    }
    byte[] checkpoint;
    try {
      checkpoint = Utf8.encode(text.substring(at[0]));
    } catch (CharacterCodingException e) {
      throw new VerificationException(Reason.MALFORMED, "checkpoint is not valid Unicode", e);
    }
    if (checkpoint.length == 0 || checkpoint.length > Notes.MAX_NOTE_SIZE) {
      throw new VerificationException(Reason.MALFORMED, "checkpoint is empty or exceeds " + Notes.MAX_NOTE_SIZE);
    }
    return new TlogProof(extra, index, hashes, checkpoint);
  }

  /**
   * Verifies this proof for the entry whose RFC 9162 leaf hash is {@code leafHash}: the checkpoint is
   * signed by {@code logKey} and has origin {@code expectedOrigin} ({@link Checkpoint#open}), then the
   * inclusion proof binds {@code leafHash} at {@link #index} to its root hash.
   *
   * @return the verified checkpoint
   * @throws VerificationException as {@link Checkpoint#open} does, or INDEX_OUT_OF_RANGE,
   *     WRONG_PROOF_SIZE or ROOT_MISMATCH from {@link InclusionProofs#check}
   */
  public Checkpoint verify(Hash leafHash, String expectedOrigin, NoteVerifier logKey)
      throws VerificationException {
    Objects.requireNonNull(leafHash, "leafHash");
    Checkpoint checkpoint = Checkpoint.open(signedCheckpoint, expectedOrigin, logKey);
    InclusionProofs.check(index, checkpoint.treeSize(), leafHash, hashes, checkpoint.rootHash());
    return checkpoint;
  }

  /**
   * As {@link #verify(Hash, String, NoteVerifier)}, and also requires cosignatures from at least
   * {@code quorum} of {@code witnesses} (tlog-proof "Verifying a tlog proof", step 3), before the
   * inclusion proof is checked.
   *
   * @throws VerificationException as the other overload does, or as {@link Cosignatures#verifyQuorum}
   *     does
   */
  public Checkpoint verify(
      Hash leafHash, String expectedOrigin, NoteVerifier logKey, Collection<VerifierKey> witnesses,
      int quorum) throws VerificationException {
    Objects.requireNonNull(leafHash, "leafHash");
    Checkpoint checkpoint = Checkpoint.open(signedCheckpoint, expectedOrigin, logKey, witnesses, quorum);
    InclusionProofs.check(index, checkpoint.treeSize(), leafHash, hashes, checkpoint.rootHash());
    return checkpoint;
  }

  /** Returns the line starting at {@code at[0]} without its newline and moves past it. */
  private static String nextLine(String text, int[] at) throws VerificationException {
    int end = text.indexOf('\n', at[0]);
    if (end < 0) {
      throw new VerificationException(Reason.MALFORMED, "proof ends before the blank line and checkpoint");
    }
    String line = text.substring(at[0], end);
    at[0] = end + 1;
    return line;
  }

  /** Equal when all fields are equal, arrays by content. */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof TlogProof)) {
      return false;
    }
    TlogProof that = (TlogProof) other;
    return index == that.index
        && extra.isPresent() == that.extra.isPresent()
        && (extra.isEmpty() || Arrays.equals(extra.get(), that.extra.get()))
        && hashes.equals(that.hashes)
        && MessageDigest.isEqual(signedCheckpoint, that.signedCheckpoint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, hashes, Arrays.hashCode(signedCheckpoint), extra.map(Arrays::hashCode));
  }

  @Override
  public String toString() {
    return format();
  }
}
