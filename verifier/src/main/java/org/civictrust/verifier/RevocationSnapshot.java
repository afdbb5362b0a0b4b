package org.civictrust.verifier;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictDecimal;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.NoteSigner;
import org.civictrust.tlog.NoteVerifier;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifiedNote;

/**
 * A signed revocation snapshot: every revoked issuer key (with its cutoff) and every revoked document
 * of the store at one log index, as a C2SP signed note (c2sp.org/signed-note) that an offline verifier
 * can be handed. The note text (docs/design/issuance-kv.md, "Revocation snapshot"):
 *
 * <pre>
 * civictrust.org/revocations/v1
 * &lt;name&gt;
 * index &lt;log index&gt;
 * time &lt;milliseconds since the epoch&gt;
 * key &lt;issuerId&gt; &lt;keyId&gt; &lt;cutoff ms&gt;[ &lt;reason&gt;]            one per revoked key, by issuer then key ID
 * document &lt;issuerId&gt; &lt;base64 SHA-256&gt; &lt;revokedAt ms&gt;[ &lt;reason&gt;] one per revoked document, by hash
 * </pre>
 *
 * Numbers are {@code 0|[1-9][0-9]*}. The first line names the format, so the note cannot be taken for
 * a checkpoint (whose first line is a log origin). {@link #open} authenticates the note before it
 * reads a byte of the text, then parses it strictly (order, repeats, trailing data).
 */
public final class RevocationSnapshot {
  /** The first line of the note text. */
  public static final String HEADER = "civictrust.org/revocations/v1";

  private final String name;
  private final long index;
  private final long time;
  private final List<KeyRevocation> keys;
  private final List<DocumentRevocation> documents;

  /**
   * A revoked key.
   *
   * @param issuerId the issuer
   * @param keyId the key ID, 8 lowercase hex digits
   * @param cutoff nothing the key signed at or after this time is valid
   * @param reason why ("" if not given)
   */
  public record KeyRevocation(String issuerId, String keyId, long cutoff, String reason) {
    /**
     * Validates the revocation.
     *
     * @throws IllegalArgumentException if a field breaks its rule
     */
    public KeyRevocation {
      Rules.name(issuerId, "issuerId");
      Rules.keyId(keyId);
      Rules.time(cutoff, "cutoff");
      Rules.reason(reason);
    }
  }

  /**
   * A revoked document.
   *
   * @param issuerId the issuer
   * @param documentHash SHA-256 of the canonical document
   * @param revokedAt when it was revoked
   * @param reason why ("" if not given)
   */
  public record DocumentRevocation(String issuerId, Hash documentHash, long revokedAt, String reason) {
    /**
     * Validates the revocation.
     *
     * @throws IllegalArgumentException if a field breaks its rule
     */
    public DocumentRevocation {
      Rules.name(issuerId, "issuerId");
      Objects.requireNonNull(documentHash, "documentHash");
      Rules.time(revokedAt, "revokedAt");
      Rules.reason(reason);
    }
  }

  private RevocationSnapshot(String name, long index, long time, List<KeyRevocation> keys,
      List<DocumentRevocation> documents) {
    this.name = Rules.name(name, "name");
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative");
    }
    this.index = index;
    this.time = Rules.time(time, "time");
    List<KeyRevocation> sortedKeys = new ArrayList<>(keys);
    sortedKeys.sort(Comparator.comparing(KeyRevocation::issuerId).thenComparing(KeyRevocation::keyId));
    List<DocumentRevocation> sortedDocuments = new ArrayList<>(documents);
    sortedDocuments.sort(Comparator.comparing(DocumentRevocation::documentHash));
    for (int i = 1; i < sortedKeys.size(); i++) {
      if (sortedKeys.get(i).issuerId().equals(sortedKeys.get(i - 1).issuerId())
          && sortedKeys.get(i).keyId().equals(sortedKeys.get(i - 1).keyId())) {
        throw new IllegalArgumentException("key " + sortedKeys.get(i).keyId() + " is listed twice");
      }
    }
    for (int i = 1; i < sortedDocuments.size(); i++) {
      if (sortedDocuments.get(i).documentHash().equals(sortedDocuments.get(i - 1).documentHash())) {
        throw new IllegalArgumentException("a document is listed twice");
      }
    }
    this.keys = List.copyOf(sortedKeys);
    this.documents = List.copyOf(sortedDocuments);
  }

  /**
   * The snapshot of these revocations, sorted as the format requires.
   *
   * @param name the snapshot's name, e.g. the signing key's name: 1 to 256 bytes, no space or control
   *     character
   * @param index the position in the issuing store's history the snapshot reflects, not negative
   * @param time when the snapshot was taken, milliseconds since the epoch
   * @throws IllegalArgumentException if a field breaks its rule, or a key or document is listed twice
   */
  public static RevocationSnapshot of(String name, long index, long time, List<KeyRevocation> keys,
      List<DocumentRevocation> documents) {
    return new RevocationSnapshot(name, index, time, keys, documents);
  }

  /** The note text. */
  public String formatText() {
    StringBuilder text = new StringBuilder();
    text.append(HEADER).append('\n').append(name).append('\n')
        .append("index ").append(index).append('\n').append("time ").append(time).append('\n');
    for (KeyRevocation key : keys) {
      text.append("key ").append(key.issuerId()).append(' ').append(key.keyId()).append(' ').append(key.cutoff());
      appendReason(text, key.reason());
    }
    for (DocumentRevocation document : documents) {
      text.append("document ").append(document.issuerId()).append(' ').append(document.documentHash().toBase64())
          .append(' ').append(document.revokedAt());
      appendReason(text, document.reason());
    }
    return text.toString();
  }

  private static void appendReason(StringBuilder text, String reason) {
    if (!reason.isEmpty()) {
      text.append(' ').append(reason);
    }
    text.append('\n');
  }

  /**
   * The signed note: the text signed by {@code signer}, as Go's {@code note.Sign} would.
   *
   * @throws IllegalArgumentException if the note would exceed {@link Notes#MAX_NOTE_SIZE} (1 MiB:
   *     about 7,000 revocations)
   */
  public byte[] sign(NoteSigner signer) {
    return Notes.sign(formatText(), signer);
  }

  /**
   * Authenticates a signed revocation snapshot with the trusted keys, then parses its text strictly.
   *
   * @throws VerificationException {@link Reason#UNKNOWN_KEY} or {@link Reason#BAD_SIGNATURE} if no
   *     trusted key signed it, {@link Reason#MALFORMED} if the note or its text breaks the format
   */
  public static RevocationSnapshot open(byte[] signedNote, Collection<? extends NoteVerifier> trusted)
      throws VerificationException {
    VerifiedNote note = Notes.open(signedNote, trusted);
    return parseText(note.text());
  }

  private static RevocationSnapshot parseText(String text) throws VerificationException {
    List<String> lines = List.of(text.split("\n", -1));
    if (lines.size() < 5 || !lines.get(lines.size() - 1).isEmpty() || !lines.get(0).equals(HEADER)) {
      throw malformed("not a " + HEADER + " text");
    }
    String name = lines.get(1);
    long index = number(field(lines.get(2), "index "), "index");
    long time = number(field(lines.get(3), "time "), "time");
    List<KeyRevocation> keys = new ArrayList<>();
    List<DocumentRevocation> documents = new ArrayList<>();
    for (String line : lines.subList(4, lines.size() - 1)) {
      String[] parts = line.split(" ", 5);
      if (parts.length < 4) {
        throw malformed("a revocation line has at least four fields");
      }
      String reason = parts.length == 5 ? parts[4] : "";
      if (parts.length == 5 && reason.isEmpty()) {
        throw malformed("an empty reason is written without its space");
      }
      try {
        if (parts[0].equals("key") && documents.isEmpty()) {
          keys.add(new KeyRevocation(parts[1], parts[2], number(parts[3], "revokedAt"), reason));
        } else if (parts[0].equals("document")) {
          Hash hash = Hash.fromBase64(parts[2]);
          if (!hash.toBase64().equals(parts[2])) {
            throw malformed("a document hash is canonical base64");
          }
          documents.add(new DocumentRevocation(parts[1], hash, number(parts[3], "revokedAt"), reason));
        } else {
          throw malformed("expected a key line (before any document line) or a document line");
        }
      } catch (IllegalArgumentException e) {
        throw malformed(e.getMessage());
      }
    }
    RevocationSnapshot snapshot;
    try {
      snapshot = new RevocationSnapshot(name, index, time, keys, documents);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
    if (!snapshot.formatText().equals(text)) {
      throw malformed("revocations out of order");
    }
    return snapshot;
  }

  private static String field(String line, String prefix) throws VerificationException {
    if (!line.startsWith(prefix)) {
      throw malformed("expected \"" + prefix.trim() + "\"");
    }
    return line.substring(prefix.length());
  }

  private static long number(String text, String what) throws VerificationException {
    try {
      return StrictDecimal.parseUint63(text, what);
    } catch (MalformedTextException e) {
      throw VerificationException.malformed(e);
    }
  }

  private static VerificationException malformed(String message) {
    return new VerificationException(Reason.MALFORMED, message);
  }

  /** The snapshot's name. */
  public String name() {
    return name;
  }

  /** The store's log index the snapshot reflects. */
  public long index() {
    return index;
  }

  /** When the snapshot was taken. */
  public long time() {
    return time;
  }

  /** The revoked keys, by issuer then key ID. */
  public List<KeyRevocation> keys() {
    return keys;
  }

  /** The revoked documents, by hash. */
  public List<DocumentRevocation> documents() {
    return documents;
  }

  /** The cutoff of the issuer's key, if it is revoked. */
  public Optional<Long> keyCutoff(String issuerId, String keyId) {
    return key(issuerId, keyId).map(KeyRevocation::cutoff);
  }

  /** The issuer key's revocation, if it is revoked. */
  public Optional<KeyRevocation> key(String issuerId, String keyId) {
    for (KeyRevocation key : keys) {
      if (key.issuerId().equals(issuerId) && key.keyId().equals(keyId)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /** The document's revocation, if it is revoked. */
  public Optional<DocumentRevocation> document(Hash documentHash) {
    for (DocumentRevocation document : documents) {
      if (document.documentHash().equals(documentHash)) {
        return Optional.of(document);
      }
    }
    return Optional.empty();
  }

  /** The rules of the fields: what the text format can carry unambiguously. */
  private static final class Rules {
    private static final int MAX_NAME_BYTES = 256;
    private static final int MAX_REASON_BYTES = 512;
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}");
    /** No space (so fields split on spaces), no '+' (a signed-note key name), no control character. */
    private static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}\\p{Space}\\p{Z}\\x{80}-\\x{9F}+]+");
    /** No control character (so a reason stays on its line). */
    private static final Pattern REASON = Pattern.compile("[^\\p{Cntrl}\\x{80}-\\x{9F}]*");

    private Rules() {}

    static String name(String value, String field) {
      Objects.requireNonNull(value, field);
      require(NAME.matcher(value).matches() && utf8Length(value) <= MAX_NAME_BYTES, field,
          "1 to " + MAX_NAME_BYTES + " bytes without '+', space or control character");
      return value;
    }

    static String keyId(String value) {
      require(value != null && KEY_ID.matcher(value).matches(), "keyId", "8 lowercase hex digits");
      return value;
    }

    static long time(long value, String field) {
      require(value >= 0, field, "a time in milliseconds since the epoch, not negative");
      return value;
    }

    static String reason(String value) {
      Objects.requireNonNull(value, "reason");
      require(REASON.matcher(value).matches() && utf8Length(value) <= MAX_REASON_BYTES, "reason",
          "at most " + MAX_REASON_BYTES + " bytes without control characters");
      return value;
    }

    private static int utf8Length(String value) {
      CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder();
      try {
        return encoder.encode(CharBuffer.wrap(value)).remaining();
      } catch (CharacterCodingException e) {
        return Integer.MAX_VALUE;
      }
    }

    private static void require(boolean condition, String field, String rule) {
      if (!condition) {
        throw new IllegalArgumentException(field + " must be " + rule);
      }
    }
  }
}
