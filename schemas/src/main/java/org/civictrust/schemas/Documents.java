package org.civictrust.schemas;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The canonical forms of the signed {@link Document} and of the public log entry {@link IssuedEntry}:
 * their Avro binary encodings under the pinned schemas, with the rules that make the encoding unique
 * (claims sorted by name, names unique, fixed-size fields of the right size). Parsing checks every rule
 * and that re-encoding gives the same bytes.
 */
public final class Documents {
  /** The largest canonical document. */
  public static final int MAX_DOCUMENT_SIZE = 64 * 1024;
  /** The largest log entry: what a tlog-tiles entry bundle can carry. */
  public static final int MAX_ENTRY_SIZE = 0xffff;
  /** Size of a document id. */
  public static final int DOCUMENT_ID_SIZE = 16;
  /** The longest text field (ids, types, subject, claim names and values). */
  public static final int MAX_TEXT_LENGTH = 4096;

  public static final AvroCodec<Document> DOCUMENT = AvroCodec.of(Document.class, MAX_DOCUMENT_SIZE);
  public static final AvroCodec<IssuedEntry> ENTRY = AvroCodec.of(IssuedEntry.class, MAX_ENTRY_SIZE);

  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}");
  private static final Comparator<Claim> BY_NAME = Comparator.comparing(Claim::getName);

  private Documents() {}

  /** The canonical bytes of {@code document}, after checking every rule. */
  public static byte[] canonicalBytes(Document document) throws RecordException {
    check(document);
    return DOCUMENT.encode(document);
  }

  /** Parses canonical document bytes: decodes, checks every rule, and requires the canonical encoding. */
  public static Document parseDocument(byte[] canonical) throws RecordException {
    Document document = DOCUMENT.decode(canonical);
    check(document);
    requireCanonical(canonical, DOCUMENT.encode(document), "document");
    return document;
  }

  /** The canonical bytes of a log entry, after checking its fields. */
  public static byte[] canonicalBytes(IssuedEntry entry) throws RecordException {
    check(entry);
    return ENTRY.encode(entry);
  }

  /** Parses canonical log entry bytes. */
  public static IssuedEntry parseEntry(byte[] canonical) throws RecordException {
    IssuedEntry entry = ENTRY.decode(canonical);
    check(entry);
    requireCanonical(canonical, ENTRY.encode(entry), "entry");
    return entry;
  }

  /** {@code claims} sorted by name; MALFORMED if two share a name. */
  public static List<Claim> sortedClaims(List<Claim> claims) throws RecordException {
    List<Claim> sorted = new ArrayList<>(claims);
    sorted.sort(BY_NAME);
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i - 1).getName().equals(sorted.get(i).getName())) {
        throw new RecordException(RecordException.Fault.MALFORMED, "claim " + sorted.get(i).getName() + " appears twice");
      }
    }
    return sorted;
  }

  /** SHA-256 of {@code bytes}. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /** The bytes a {@code bytes} field holds. */
  public static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  private static void check(Document d) throws RecordException {
    if (!Arrays.equals(bytes(d.getSchemaFingerprint()), DOCUMENT.fingerprint())) {
      throw new RecordException(RecordException.Fault.WRONG_SCHEMA, "document names another schema");
    }
    requireSize(d.getDocumentId(), DOCUMENT_ID_SIZE, "documentId");
    requireText(d.getType(), "type");
    requireText(d.getIssuerId(), "issuerId");
    requireKeyId(d.getIssuerKeyId());
    requireText(d.getSubject(), "subject");
    if (d.getExpiresAt() <= d.getIssuedAt()) {
      throw new RecordException(RecordException.Fault.MALFORMED, "expiresAt " + d.getExpiresAt()
          + " is not after issuedAt " + d.getIssuedAt());
    }
    for (int i = 0; i < d.getClaims().size(); i++) {
      Claim claim = d.getClaims().get(i);
      requireText(claim.getName(), "claim name");
      if (claim.getValue().length() > MAX_TEXT_LENGTH) {
        throw new RecordException(RecordException.Fault.OVERSIZE, "claim " + claim.getName() + " is too long");
      }
      if (i > 0 && BY_NAME.compare(d.getClaims().get(i - 1), claim) >= 0) {
        throw new RecordException(RecordException.Fault.NOT_CANONICAL, "claims are not sorted by unique name at " + i);
      }
    }
  }

  private static void check(IssuedEntry e) throws RecordException {
    requireSize(e.getDocumentHash(), 32, "documentHash");
    requireText(e.getIssuerId(), "issuerId");
    requireKeyId(e.getIssuerKeyId());
    requireSize(e.getIssuerSignature(), 64, "issuerSignature");
    requireText(e.getDocumentType(), "documentType");
  }

  private static void requireSize(ByteBuffer field, int size, String name) throws RecordException {
    if (field == null || field.remaining() != size) {
      throw new RecordException(RecordException.Fault.MALFORMED, name + " must be " + size + " bytes");
    }
  }

  private static void requireText(String text, String name) throws RecordException {
    if (text == null || text.isEmpty()) {
      throw new RecordException(RecordException.Fault.MALFORMED, name + " is empty");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new RecordException(RecordException.Fault.OVERSIZE, name + " is longer than " + MAX_TEXT_LENGTH);
    }
  }

  private static void requireKeyId(String keyId) throws RecordException {
    if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
      throw new RecordException(RecordException.Fault.MALFORMED, "issuerKeyId must be 8 lowercase hex digits");
    }
  }

  private static void requireCanonical(byte[] given, byte[] reencoded, String what) throws RecordException {
    if (!Arrays.equals(given, reencoded)) {
      throw new RecordException(RecordException.Fault.NOT_CANONICAL, what + " bytes are not the canonical encoding");
    }
  }
}
