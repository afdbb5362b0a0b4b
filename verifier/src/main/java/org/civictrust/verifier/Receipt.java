package org.civictrust.verifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import org.civictrust.schemas.Documents;
import org.civictrust.text.MalformedTextException;
import org.civictrust.text.StrictBase64;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.VerificationException;
import org.civictrust.verifier.internal.SafeText;
import org.civictrust.verifier.internal.StrictJson;

/**
 * A CivicTrust receipt: what a document's holder keeps to prove, offline, that the document was issued
 * and logged. Its file form (media type {@value #MEDIA_TYPE}) is one strict JSON object with exactly
 * these four fields, in any order:
 *
 * <pre>
 *   {"mediaType":"application/vnd.civictrust.receipt.v1+json",
 *    "document":"&lt;standard base64 of the canonical Document bytes&gt;",
 *    "entry":"&lt;standard base64 of the canonical IssuedEntry bytes, the log entry&gt;",
 *    "tlogProof":"&lt;C2SP tlog-proof text, or the empty string when not anchored&gt;"}
 * </pre>
 *
 * <p>Parsing checks sizes before decoding: the whole file at most {@value #MAX_SIZE} bytes, the document
 * at most {@value #MAX_DOCUMENT_SIZE} bytes, the entry at most {@value #MAX_ENTRY_SIZE} bytes (what a
 * tlog-tiles entry bundle can carry) and the tlog-proof at most {@value #MAX_TLOG_PROOF_SIZE} bytes of
 * UTF-8. Base64 is canonical and padded, so one receipt has one file form; {@link #format} writes it
 * compactly in the order above. Parsing checks the form only; {@link ReceiptVerifier} checks the
 * content. Arrays are copied in and out; equality is by content.
 *
 * @param document the canonical Document bytes (not checked here)
 * @param entry the canonical IssuedEntry bytes (not checked here)
 * @param tlogProof the tlog-proof text (not checked here); the empty string means the document is not
 *     anchored yet
 */
public record Receipt(byte[] document, byte[] entry, String tlogProof) {
  /** The exact mediaType of this format's version 1. */
  public static final String MEDIA_TYPE = "application/vnd.civictrust.receipt.v1+json";
  /** The largest receipt file, in bytes: 1 MiB. */
  public static final int MAX_SIZE = 1 << 20;
  /** The largest document, in bytes: 64 KiB, {@link Documents#MAX_DOCUMENT_SIZE}. */
  public static final int MAX_DOCUMENT_SIZE = Documents.MAX_DOCUMENT_SIZE;
  /** The largest entry, in bytes: 65,535, {@link Documents#MAX_ENTRY_SIZE}. */
  public static final int MAX_ENTRY_SIZE = Documents.MAX_ENTRY_SIZE;
  /** The largest tlog-proof, in bytes of UTF-8: 64 KiB (63 hashes and a checkpoint with many cosignatures). */
  public static final int MAX_TLOG_PROOF_SIZE = 64 * 1024;

  private static final String WHAT = "receipt";
  private static final Set<String> FIELDS = Set.of("mediaType", "document", "entry", "tlogProof");

  /**
   * Validates sizes and copies.
   *
   * @throws IllegalArgumentException if a field exceeds its size limit
   */
  public Receipt {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(tlogProof, "tlogProof");
    if (document.length > MAX_DOCUMENT_SIZE) {
      throw new IllegalArgumentException("document of " + document.length + " bytes exceeds " + MAX_DOCUMENT_SIZE);
    }
    if (entry.length > MAX_ENTRY_SIZE) {
      throw new IllegalArgumentException("entry of " + entry.length + " bytes exceeds " + MAX_ENTRY_SIZE);
    }
    long proofSize = utf8Length(tlogProof);
    if (proofSize > MAX_TLOG_PROOF_SIZE) {
      throw new IllegalArgumentException("tlogProof of " + proofSize + " bytes exceeds " + MAX_TLOG_PROOF_SIZE);
    }
    document = document.clone();
    entry = entry.clone();
  }

  /** Returns a copy of the canonical document bytes. */
  @Override
  public byte[] document() {
    return document.clone();
  }

  /** Returns a copy of the entry bytes. */
  @Override
  public byte[] entry() {
    return entry.clone();
  }

  /** Whether the receipt carries a tlog-proof, i.e. {@code tlogProof} is not the empty string. */
  public boolean isAnchored() {
    return !tlogProof.isEmpty();
  }

  /**
   * Parses a receipt file strictly, as described above.
   *
   * @throws VerificationException with {@link Reason#MALFORMED} if {@code json} is not a receipt; the
   *     message says which rule it breaks
   */
  public static Receipt parse(byte[] json) throws VerificationException {
    try {
      ObjectNode root = StrictJson.readObject(json, MAX_SIZE, WHAT);
      StrictJson.requireFields(root, FIELDS, WHAT);
      String mediaType = StrictJson.text(root, "mediaType", WHAT);
      if (!MEDIA_TYPE.equals(mediaType)) {
        throw new IllegalArgumentException("the mediaType is " + SafeText.quote(mediaType) + ", expected " + MEDIA_TYPE);
      }
      byte[] document = StrictBase64.decode(StrictJson.text(root, "document", WHAT), MAX_DOCUMENT_SIZE, "document");
      byte[] entry = StrictBase64.decode(StrictJson.text(root, "entry", WHAT), MAX_ENTRY_SIZE, "entry");
      return new Receipt(document, entry, StrictJson.text(root, "tlogProof", WHAT));
    } catch (IllegalArgumentException | MalformedTextException e) {
      throw new VerificationException(Reason.MALFORMED, e.getMessage(), e);
    }
  }

  /**
   * Parses the JSON text of a receipt, as {@link #parse(byte[])} does.
   *
   * @throws VerificationException with {@link Reason#MALFORMED} if it is not a receipt
   */
  public static Receipt parse(String json) throws VerificationException {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the receipt file: compact JSON, fields in the order mediaType, document, entry, tlogProof. */
  public String format() {
    ObjectNode root = StrictJson.MAPPER.createObjectNode()
        .put("mediaType", MEDIA_TYPE)
        .put("document", StrictBase64.encode(document))
        .put("entry", StrictBase64.encode(entry))
        .put("tlogProof", tlogProof);
    return StrictJson.write(root);
  }

  private static long utf8Length(String text) {
    long length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }

  /** Equal when all fields are equal, arrays by content. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Receipt
        && MessageDigest.isEqual(((Receipt) other).document, document)
        && MessageDigest.isEqual(((Receipt) other).entry, entry)
        && ((Receipt) other).tlogProof.equals(tlogProof);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(document) * 31 + Arrays.hashCode(entry)) * 31 + tlogProof.hashCode();
  }

  /** Describes the receipt by its sizes only: the document holds personal data. */
  @Override
  public String toString() {
    return "Receipt[document " + document.length + " bytes, entry " + entry.length + " bytes, "
        + (isAnchored() ? "tlogProof " + tlogProof.length() + " chars" : "not anchored") + "]";
  }
}
