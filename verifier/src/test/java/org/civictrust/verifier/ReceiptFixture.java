package org.civictrust.verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.civictrust.schemas.Claim;
import org.civictrust.schemas.Document;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuedEntry;
import org.civictrust.schemas.RecordException;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.InclusionProofs;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.NoteSigner;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.TlogProof;

/**
 * Real receipts for tests, built the way the pipeline builds them: an issuer key signs canonical
 * documents, their IssuedEntry records are appended to a small log (compact range and tiles in
 * memory), the log key signs a checkpoint, and each receipt carries a tlog-proof against it. Keys are
 * deterministic (derived from their names), so runs are reproducible. Shared with the cli's tests
 * through the verifier's test jar. Never use outside tests.
 */
public final class ReceiptFixture {
  /** The log's origin, also its key name. */
  public static final String ORIGIN = "log.civictrust.example/main";
  /** The issuer id, also its key name. */
  public static final String ISSUER = "registry.example/civil-status";
  /** When every fixture document is issued. */
  public static final Instant ISSUED_AT = Instant.parse("2026-11-21T10:00:00Z");
  /** When fixture documents expire unless told otherwise. */
  public static final Instant EXPIRES_AT = Instant.parse("2036-11-21T00:00:00Z");
  /** A verification time at which fixture documents are valid. */
  public static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");
  /** The log's signer key. */
  public static final SignerKey LOG_KEY = key(ORIGIN);
  /** The issuer's signer key. */
  public static final SignerKey ISSUER_KEY = key(ISSUER);

  private final String origin;
  private final SignerKey logKey;
  private final List<byte[]> documents = new ArrayList<>();
  private final List<byte[]> entries = new ArrayList<>();
  private final CompactRange range = CompactRange.empty(0);
  private final MemoryTiles tiles = new MemoryTiles();

  /** An empty log named {@code origin} that signs checkpoints with {@code logKey}. */
  public ReceiptFixture(String origin, SignerKey logKey) {
    this.origin = origin;
    this.logKey = logKey;
  }

  /** The standard log: {@code count} documents of {@link #ISSUER}, expiring at {@link #EXPIRES_AT}. */
  public static ReceiptFixture standard(int count) {
    ReceiptFixture log = new ReceiptFixture(ORIGIN, LOG_KEY);
    for (int i = 0; i < count; i++) {
      Document document = document(i, ISSUER_KEY, EXPIRES_AT);
      log.append(canonical(document), canonical(entryFor(document, ISSUER_KEY).build()));
    }
    return log;
  }

  /** The trust store of the standard log and issuer. */
  public static TrustStore trustStore() {
    return TrustStore.of(List.of(new TrustStore.Log(ORIGIN, LOG_KEY.verifierKey())),
        List.of(new TrustStore.Issuer(ISSUER, List.of(ISSUER_KEY.verifierKey()))));
  }

  /** A deterministic Ed25519 signer key named {@code name}: the same on every run. */
  public static SignerKey key(String name) {
    return SignerKey.generate(name, fixedRandom(name));
  }

  /** A "random" source whose bytes derive from {@code label} only. */
  public static SecureRandom fixedRandom(String label) {
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;
      private long state = label.hashCode();

      @Override
      public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
          state = state * 6364136223846793005L + 1442695040888963407L;
          bytes[i] = (byte) (state >>> 56);
        }
      }
    };
  }

  /** Document number {@code n} issued with {@code issuer}'s key (its name is the issuer id). */
  public static Document document(int n, SignerKey issuer, Instant expiresAt) {
    byte[] id = new byte[Documents.DOCUMENT_ID_SIZE];
    fixedRandom("document " + n).nextBytes(id);
    return Document.newBuilder()
        .setSchemaFingerprint(ByteBuffer.wrap(Documents.DOCUMENT.fingerprint()))
        .setDocumentId(ByteBuffer.wrap(id))
        .setType(n % 2 == 0 ? "birth-certificate" : "driving-licence")
        .setIssuerId(issuer.name())
        .setIssuerKeyId(String.format("%08x", issuer.keyId()))
        .setIssuedAt(ISSUED_AT.toEpochMilli())
        .setExpiresAt(expiresAt.toEpochMilli())
        .setSubject("Ada Example " + n)
        .setClaims(List.of(new Claim("birthDate", "2026-11-21"), new Claim("birthPlace", "Geneva")))
        .build();
  }

  /** The entry committing to {@code document}, signed by {@code issuer}; a builder to bend it in tests. */
  public static IssuedEntry.Builder entryFor(Document document, SignerKey issuer) {
    byte[] canonical = canonical(document);
    return IssuedEntry.newBuilder()
        .setDocumentHash(ByteBuffer.wrap(Documents.sha256(canonical)))
        .setIssuerId(document.getIssuerId())
        .setIssuerKeyId(document.getIssuerKeyId())
        .setIssuerSignature(ByteBuffer.wrap(issuer.sign(canonical)))
        .setIssuedAt(document.getIssuedAt())
        .setDocumentType(document.getType());
  }

  /** The canonical bytes of {@code document}. */
  public static byte[] canonical(Document document) {
    try {
      return Documents.canonicalBytes(document);
    } catch (RecordException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The canonical bytes of {@code entry}. */
  public static byte[] canonical(IssuedEntry entry) {
    try {
      return Documents.canonicalBytes(entry);
    } catch (RecordException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Appends {@code entry} (carried with {@code document} in receipts) and returns its leaf index. */
  public int append(byte[] document, byte[] entry) {
    documents.add(document.clone());
    entries.add(entry.clone());
    range.append(Rfc9162.leafHash(entry), tiles);
    return entries.size() - 1;
  }

  /** The number of entries. */
  public int size() {
    return entries.size();
  }

  /** The document carried with entry {@code index}. */
  public byte[] document(int index) {
    return documents.get(index).clone();
  }

  /** Entry {@code index}. */
  public byte[] entry(int index) {
    return entries.get(index).clone();
  }

  /** The checkpoint of the whole log signed by {@code signers} (as a signed note). */
  public byte[] checkpoint(NoteSigner... signers) {
    return Notes.sign(Checkpoint.of(origin, size(), range.rootHash()).format(), signers);
  }

  /** The tlog-proof of entry {@code index} in the whole log, against {@code signedCheckpoint}. */
  public TlogProof proof(int index, byte[] signedCheckpoint) {
    try {
      return TlogProof.of(index, InclusionProofs.prove(index, size(), new TileHashReader(size(), tiles)),
          signedCheckpoint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The receipt of entry {@code index}: its document, the entry, a proof against a checkpoint by the log key. */
  public Receipt receipt(int index) {
    return new Receipt(document(index), entry(index), proof(index, checkpoint(logKey)).format());
  }
}
