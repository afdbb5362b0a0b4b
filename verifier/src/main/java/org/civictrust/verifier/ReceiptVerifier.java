package org.civictrust.verifier;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.civictrust.schemas.Document;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.IssuedEntry;
import org.civictrust.schemas.RecordException;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Cosignatures;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.InclusionProofs;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Reason;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.TlogProof;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifiedNote;
import org.civictrust.tlog.VerifierKey;
import org.civictrust.verifier.internal.SafeText;

/**
 * Verifies receipts offline against a {@link TrustStore}, at a verification time the caller passes
 * (there is no hidden clock), and returns a {@link Verdict}; it never throws for bad input. No
 * network, no files: the receipt and trust store are already in memory. Immutable and thread-safe.
 *
 * <p>It fails closed and authenticates before it trusts. The checks run in this order; the first that
 * fails decides the verdict ({@link Check} names each):
 *
 * <ol>
 *   <li>RECEIPT: the receipt parses ({@link Receipt#parse}); else MALFORMED. An empty {@code tlogProof}
 *       skips steps 2 to 5 (not anchored).
 *   <li>TLOG_PROOF: the tlog-proof parses; else MALFORMED.
 *   <li>LOG: the checkpoint's origin, read <em>before</em> its signature is checked and only to choose
 *       the key to check it with, is a log of the trust store; else UNKNOWN_LOG.
 *   <li>CHECKPOINT: the note is signed by that log's key ({@link Checkpoint#open}, which compares the
 *       origin again once authenticated); a bad signature, or no signature by that key, is TAMPERED; a
 *       note or checkpoint that does not parse is MALFORMED.
 *   <li>WITNESSES, only when the trust store lists witnesses for the log: at least its quorum of them
 *       cosigned the checkpoint (C2SP tlog-cosignature/v1; tlog-proof "Verifying a tlog proof" step
 *       3), else UNWITNESSED; a cosignature by one of them that does not verify is TAMPERED, one
 *       witness cosigning twice MALFORMED.
 *   <li>INCLUSION: the proof leads from {@code Rfc9162.leafHash(entry bytes)} at its index to the
 *       signed root; another root is TAMPERED; a proof of the wrong shape (index not below the tree
 *       size, wrong number of hashes) is MALFORMED. The entry bytes are now authenticated by the log.
 *   <li>ENTRY: the entry is a canonical IssuedEntry; else MALFORMED.
 *   <li>DOCUMENT_HASH: SHA-256 of the document bytes is the entry's documentHash; else TAMPERED.
 *       Compared before the document is parsed, so any change to its bytes is TAMPERED.
 *   <li>DOCUMENT: the document is a canonical Document; else MALFORMED.
 *   <li>ENTRY_FIELDS: issuerId, issuerKeyId, issuedAt and type equal the entry's; else TAMPERED.
 *   <li>ISSUER, ISSUER_KEY: the issuer, and its key ID among its keys, are in the trust store; else
 *       UNKNOWN_ISSUER.
 *   <li>ISSUER_SIGNATURE: the entry's issuerSignature is that key's Ed25519 signature of the
 *       canonical document bytes; else TAMPERED.
 *   <li>REVOCATION, only with a {@linkplain #withRevocations revocation snapshot}: a document listed
 *       as revoked at or before {@code now}, or signed (issuedAt) at or after its key's revocation
 *       cutoff, is REVOKED. The issuedAt is the issuer's claim: whoever holds a stolen key can backdate
 *       it, so the cutoff protects against documents signed after it only as far as issuedAt is
 *       checked when a document is logged (the pipeline refuses requests for a revoked key).
 *   <li>ANCHOR: a receipt without tlog-proof is NOT_ANCHORED here, expired or not.
 *   <li>VALIDITY: {@code now} is before expiresAt; else EXPIRED (the receipt is genuine).
 * </ol>
 *
 * <p>A verdict is only as current as its revocation snapshot: the explanation of a verified receipt
 * names the snapshot's time, or says that revocations were not checked.
 */
public final class ReceiptVerifier {
  private static final int MAX_SIGNERS_SHOWN = 5;

  private final TrustStore trust;
  private final Optional<RevocationSnapshot> revocations;

  private ReceiptVerifier(TrustStore trust, Optional<RevocationSnapshot> revocations) {
    this.trust = trust;
    this.revocations = revocations;
  }

  /** A verifier that trusts exactly the logs and issuers of {@code trust}. */
  public static ReceiptVerifier of(TrustStore trust) {
    return new ReceiptVerifier(Objects.requireNonNull(trust, "trust"), Optional.empty());
  }

  /**
   * This verifier, also checking revocations against {@code snapshot} (step REVOCATION). The snapshot
   * must already be authenticated: {@link RevocationSnapshot#open} it with the trust store's {@link
   * TrustStore#revocationKeys()}.
   */
  public ReceiptVerifier withRevocations(RevocationSnapshot snapshot) {
    return new ReceiptVerifier(trust, Optional.of(Objects.requireNonNull(snapshot, "snapshot")));
  }

  /** The revocation snapshot this verifier checks, if any. */
  public Optional<RevocationSnapshot> revocations() {
    return revocations;
  }

  /** The trust store this verifier trusts. */
  public TrustStore trustStore() {
    return trust;
  }

  /** Parses the receipt file {@code receiptJson} ({@link Receipt#parse}) and verifies it at {@code now}. */
  public Verdict verify(byte[] receiptJson, Instant now) {
    Objects.requireNonNull(receiptJson, "receiptJson");
    Objects.requireNonNull(now, "now");
    Receipt receipt;
    try {
      receipt = Receipt.parse(receiptJson);
    } catch (VerificationException e) {
      return Verdict.failed(Status.MALFORMED, Check.RECEIPT, "the receipt does not parse: " + e.getMessage());
    }
    return verify(receipt, now);
  }

  /** Verifies {@code receipt} at the verification time {@code now}, in the order of the class comment. */
  public Verdict verify(Receipt receipt, Instant now) {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(now, "now");
    try {
      byte[] entryBytes = receipt.entry();
      byte[] documentBytes = receipt.document();
      Optional<Verdict.Anchor> anchor = receipt.isAnchored()
          ? Optional.of(anchor(receipt.tlogProof(), entryBytes)) : Optional.empty();
      IssuedEntry entry = entry(entryBytes);
      Document document = document(documentBytes, entry);
      VerifierKey key = issuerKey(entry);
      checkIssuerSignature(key, documentBytes, entry);
      Verdict.Facts facts = new Verdict.Facts(entry.getIssuerId(), entry.getIssuerKeyId(), entry.getDocumentType(),
          HexFormat.of().formatHex(Documents.bytes(document.getDocumentId())),
          Instant.ofEpochMilli(document.getIssuedAt()), Instant.ofEpochMilli(document.getExpiresAt()), anchor);
      String issued = "issued by " + SafeText.quote(facts.issuerId()) + " (key " + facts.issuerKeyId() + ") at "
          + facts.issuedAt() + ": " + SafeText.quote(facts.documentType()) + " " + facts.documentId();
      checkRevocation(entry, now, issued);
      boolean expired = !now.isBefore(facts.expiresAt());
      if (anchor.isEmpty()) {
        return new Verdict(Status.NOT_ANCHORED, Optional.of(Check.ANCHOR), "genuine document " + issued
            + ", but the receipt has no tlog-proof: not anchored in a log, so not final"
            + (expired ? "; it also expired at " + facts.expiresAt() : ""), Optional.of(facts));
      }
      Verdict.Anchor at = anchor.get();
      String logged = "entry " + at.leafIndex() + " of " + at.treeSize() + " in log " + SafeText.quote(at.origin());
      if (expired) {
        return new Verdict(Status.EXPIRED, Optional.of(Check.VALIDITY), "genuine receipt, but the document expired at "
            + facts.expiresAt() + ", not after the verification time " + now + "; " + issued + "; " + logged,
            Optional.of(facts));
      }
      Optional<Evidence.Revocation> notRevoked = revocations.map(s -> Evidence.Revocation.notRevoked(s.name(),
          Instant.ofEpochMilli(s.time())));
      return new Verdict(Status.VERIFIED, Optional.empty(), issued + "; " + logged + "; valid until "
          + facts.expiresAt() + "; " + revocationsChecked(notRevoked), Optional.of(facts),
          notRevoked.map(Evidence.class::cast));
    } catch (Stop stop) {
      return stop.verdict;
    }
  }

  /** Steps TLOG_PROOF to INCLUSION: the entry's place in a trusted log, or why not. */
  private Verdict.Anchor anchor(String tlogProof, byte[] entryBytes) throws Stop {
    TlogProof proof;
    Note unverified;
    try {
      proof = TlogProof.parse(tlogProof);
    } catch (VerificationException e) {
      throw new Stop(Status.MALFORMED, Check.TLOG_PROOF, "the tlog-proof does not parse: " + e.getMessage());
    }
    byte[] signed = proof.signedCheckpoint();
    try {
      unverified = Note.parse(signed);
    } catch (VerificationException e) {
      throw new Stop(Status.MALFORMED, Check.CHECKPOINT, "the checkpoint is not a signed note: " + e.getMessage());
    }
    // Not yet authenticated: the origin serves only to choose which trusted key checks the signature.
    // Checkpoint.open compares it again after the signature verifies.
    String origin = unverified.text().substring(0, unverified.text().indexOf('\n'));
    TrustStore.Log log = trust.log(origin).orElseThrow(() -> new Stop(Status.UNKNOWN_LOG, Check.LOG,
        "the checkpoint's origin " + SafeText.quote(origin) + " is not one of the " + trust.logs().size()
            + " logs of the trust store"));
    String logKey = Evidence.NoteKey.of(log.vkey().name(), log.vkey().keyId()).format();
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(signed, origin, log.vkey());
    } catch (VerificationException e) {
      switch (e.reason()) {
        case MALFORMED:
        case TOO_MANY_SIGNATURES:
          throw new Stop(Status.MALFORMED, Check.CHECKPOINT, "the checkpoint of log " + SafeText.quote(origin)
              + " does not parse: " + e.getMessage());
        case UNKNOWN_KEY: {
          Evidence.CheckpointKey signedBy = new Evidence.CheckpointKey(origin, Evidence.NoteKey.of(log.vkey().name(),
              log.vkey().keyId()), unverified.signatures().stream().map(s -> Evidence.NoteKey.of(s.name(), s.keyId()))
              .collect(Collectors.toList()));
          throw new Stop(Status.TAMPERED, signedBy, explain(signedBy));
        }
        default:
          throw new Stop(Status.TAMPERED, Check.CHECKPOINT, "the signature of the trusted key " + SafeText.quote(logKey)
              + " on the checkpoint of log " + SafeText.quote(origin) + " does not verify: " + e.getMessage());
      }
    }
    if (log.quorum() > 0) {
      checkWitnesses(signed, log, checkpoint);
    }
    Hash leafHash = Rfc9162.leafHash(entryBytes);
    Hash root;
    try {
      root = InclusionProofs.rootFrom(proof.index(), checkpoint.treeSize(), leafHash, proof.hashes());
    } catch (VerificationException e) {
      throw new Stop(Status.MALFORMED, Check.INCLUSION, "the inclusion proof does not fit the signed checkpoint: "
          + e.getMessage());
    }
    if (!root.equals(checkpoint.rootHash())) {
      throw new Stop(Status.TAMPERED, Check.INCLUSION, "the inclusion proof of the entry (leaf hash " + leafHash
          + ") at leafIndex " + proof.index() + " leads to root " + root + ", but log " + SafeText.quote(origin)
          + " signed root " + checkpoint.rootHash() + " for treeSize " + checkpoint.treeSize());
    }
    return new Verdict.Anchor(origin, proof.index(), checkpoint.treeSize(), checkpoint.rootHash());
  }

  /**
   * Step WITNESSES: at least the log's quorum of its trusted witnesses cosigned the checkpoint, which
   * is already authenticated by the log; each witness's cosignature is checked on its own, so the
   * evidence names who cosigned and who did not.
   */
  private static void checkWitnesses(byte[] signed, TrustStore.Log log, Checkpoint checkpoint) throws Stop {
    VerifiedNote note;
    try {
      note = Notes.open(signed, List.of(log.vkey()));
    } catch (VerificationException e) {
      throw new IllegalStateException("a checkpoint the log's key opened no longer opens", e);
    }
    List<String> cosigned = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (TrustStore.Witness witness : log.witnesses()) {
      List<String> into;
      try {
        into = Cosignatures.verifyQuorum(note, List.of(witness.vkey()), 0).isEmpty() ? missing : cosigned;
      } catch (VerificationException e) {
        Evidence.WitnessCosignature by = new Evidence.WitnessCosignature(log.origin(), checkpoint.treeSize(),
            witness.name(), Evidence.NoteKey.of(witness.vkey().name(), witness.vkey().keyId()));
        Status status = e.reason() == Reason.BAD_SIGNATURE ? Status.TAMPERED : Status.MALFORMED;
        throw new Stop(status, by, explain(status, by));
      }
      into.add(witness.name());
    }
    if (cosigned.size() < log.quorum()) {
      Evidence.WitnessQuorum quorum = new Evidence.WitnessQuorum(log.origin(), checkpoint.treeSize(), log.quorum(),
          cosigned, missing);
      throw new Stop(Status.UNWITNESSED, quorum, explain(quorum));
    }
  }

  private static String explain(Evidence.WitnessQuorum quorum) {
    return where(quorum.origin(), quorum.treeSize()) + " is cosigned by " + quorum.cosigned().size() + " of its "
        + quorum.witnesses() + " trusted witnesses (" + names(quorum.cosigned()) + "), but the trust store requires "
        + quorum.quorum() + "; not cosigned by " + names(quorum.notCosigned());
  }

  /** The explanation of a TAMPERED (the cosignature does not verify) or MALFORMED (cosigned twice) verdict. */
  private static String explain(Status status, Evidence.WitnessCosignature by) {
    String witness = "the trusted witness " + SafeText.quote(by.witness()) + " (key " + SafeText.quote(by.key().format())
        + ")";
    String where = where(by.origin(), by.treeSize());
    return status == Status.TAMPERED ? "the cosignature of " + witness + " on " + where + " does not verify"
        : witness + " cosigned " + where + " more than once";
  }

  private static String where(String origin, long treeSize) {
    return "the checkpoint of log " + SafeText.quote(origin) + " (treeSize " + treeSize + ")";
  }

  private static String names(List<String> names) {
    return names.isEmpty() ? "none" : names.stream().map(SafeText::quote).collect(Collectors.joining(", "));
  }

  /** Names the first signers of the checkpoint, and how many more there are. */
  private static String explain(Evidence.CheckpointKey signedBy) {
    List<Evidence.NoteKey> found = signedBy.found();
    int shown = Math.min(MAX_SIGNERS_SHOWN, found.size());
    String list = found.subList(0, shown).stream().map(k -> SafeText.quote(k.format()))
        .collect(Collectors.joining(", "));
    return "the checkpoint of log " + SafeText.quote(signedBy.origin()) + " is not signed by its trusted key "
        + SafeText.quote(signedBy.expected().format()) + "; it is signed by "
        + (found.size() > shown ? list + " and " + (found.size() - shown) + " more" : list);
  }

  /** Step ENTRY. */
  private static IssuedEntry entry(byte[] entryBytes) throws Stop {
    try {
      return Documents.parseEntry(entryBytes);
    } catch (RecordException e) {
      throw new Stop(Status.MALFORMED, Check.ENTRY, "the entry is not a canonical IssuedEntry: " + e.getMessage());
    }
  }

  /** Steps DOCUMENT_HASH, DOCUMENT and ENTRY_FIELDS. */
  private static Document document(byte[] documentBytes, IssuedEntry entry) throws Stop {
    byte[] hash = Documents.sha256(documentBytes);
    byte[] committed = Documents.bytes(entry.getDocumentHash());
    if (!MessageDigest.isEqual(hash, committed)) {
      Evidence.DocumentHash mismatch = new Evidence.DocumentHash(Hash.of(committed), Hash.of(hash));
      throw new Stop(Status.TAMPERED, mismatch, "SHA-256 of the document is " + mismatch.found().toHex()
          + ", but the entry's documentHash is " + mismatch.expected().toHex());
    }
    Document document;
    try {
      document = Documents.parseDocument(documentBytes);
    } catch (RecordException e) {
      throw new Stop(Status.MALFORMED, Check.DOCUMENT, "the document is not a canonical Document: " + e.getMessage());
    }
    requireEqual("issuerId", document.getIssuerId(), entry.getIssuerId());
    requireEqual("issuerKeyId", document.getIssuerKeyId(), entry.getIssuerKeyId());
    requireEqual("issuedAt", Long.toString(document.getIssuedAt()), Long.toString(entry.getIssuedAt()));
    requireEqual("type", document.getType(), entry.getDocumentType());
    return document;
  }

  private static void requireEqual(String field, String inDocument, String inEntry) throws Stop {
    if (!inDocument.equals(inEntry)) {
      throw new Stop(Status.TAMPERED, Check.ENTRY_FIELDS, "the document's " + field + " is "
          + SafeText.quote(inDocument) + ", but the entry's is " + SafeText.quote(inEntry));
    }
  }

  /** Steps ISSUER and ISSUER_KEY. */
  private VerifierKey issuerKey(IssuedEntry entry) throws Stop {
    TrustStore.Issuer issuer = trust.issuer(entry.getIssuerId()).orElseThrow(() -> new Stop(Status.UNKNOWN_ISSUER,
        Check.ISSUER, "the issuer " + SafeText.quote(entry.getIssuerId()) + " is not one of the "
            + trust.issuers().size() + " issuers of the trust store"));
    Optional<VerifierKey> key = issuer.key(entry.getIssuerKeyId());
    if (key.isEmpty()) {
      Evidence.IssuerKey unknown = new Evidence.IssuerKey(issuer.id(), issuer.vkeys().stream()
          .map(k -> SafeText.hex8(k.keyId())).collect(Collectors.toList()), entry.getIssuerKeyId());
      throw new Stop(Status.UNKNOWN_ISSUER, unknown, "the issuer " + SafeText.quote(unknown.issuerId()) + " has no key "
          + unknown.found() + " in the trust store; its keys are " + String.join(", ", unknown.expected()));
    }
    return key.get();
  }

  /** Step ISSUER_SIGNATURE. */
  private static void checkIssuerSignature(VerifierKey key, byte[] documentBytes, IssuedEntry entry) throws Stop {
    try {
      key.verify(documentBytes, Documents.bytes(entry.getIssuerSignature()));
    } catch (VerificationException e) {
      throw new Stop(Status.TAMPERED, Check.ISSUER_SIGNATURE, "the issuer signature does not verify with key "
          + SafeText.quote(key.name() + "+" + SafeText.hex8(key.keyId())) + " over the canonical document (SHA-256 "
          + HexFormat.of().formatHex(Documents.sha256(documentBytes)) + ")");
    }
  }

  /** Step REVOCATION. */
  private void checkRevocation(IssuedEntry entry, Instant now, String issued) throws Stop {
    if (revocations.isEmpty()) {
      return;
    }
    RevocationSnapshot snapshot = revocations.get();
    Optional<RevocationSnapshot.DocumentRevocation> document = snapshot.document(Hash.of(Documents.bytes(entry.getDocumentHash())))
        .filter(d -> !now.isBefore(Instant.ofEpochMilli(d.revokedAt())));
    Optional<RevocationSnapshot.KeyRevocation> key = document.isPresent() ? Optional.empty()
        : snapshot.key(entry.getIssuerId(), entry.getIssuerKeyId()).filter(k -> entry.getIssuedAt() >= k.cutoff());
    Evidence.Revocation revocation = new Evidence.Revocation(snapshot.name(), Instant.ofEpochMilli(snapshot.time()),
        document, key);
    if (revocation.revoked()) {
      throw new Stop(Status.REVOKED, revocation, explainRevoked(issued, revocation));
    }
  }

  /** The explanation of a REVOKED verdict: {@code issued} describes the genuine document. */
  private static String explainRevoked(String issued, Evidence.Revocation revocation) {
    String source = "revocation snapshot " + SafeText.quote(revocation.snapshotName()) + " of "
        + revocation.snapshotTime();
    if (revocation.document().isPresent()) {
      RevocationSnapshot.DocumentRevocation document = revocation.document().get();
      return "genuine document " + issued + ", but it was revoked at " + Instant.ofEpochMilli(document.revokedAt())
          + reason(document.reason()) + " (" + source + ")";
    }
    RevocationSnapshot.KeyRevocation key = revocation.key().orElseThrow();
    return "genuine document " + issued + ", but its key " + key.keyId() + " was revoked: nothing it signed at or after "
        + Instant.ofEpochMilli(key.cutoff()) + " counts (" + source + ")";
  }

  private static String reason(String reason) {
    return reason.isEmpty() ? "" : " (" + SafeText.quote(reason) + ")";
  }

  private static String revocationsChecked(Optional<Evidence.Revocation> notRevoked) {
    return notRevoked.map(r -> "not revoked as of " + r.snapshotTime() + " (revocation snapshot "
        + SafeText.quote(r.snapshotName()) + ")").orElse("revocations not checked");
  }

  /** Ends a verification early with its verdict; no stack trace. */
  private static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Verdict verdict;

    Stop(Status status, Check check, String explanation) {
      super(null, null, false, false);
      this.verdict = Verdict.failed(status, check, explanation);
    }

    /** Ends with the evidence of the check that failed, and the explanation built from it. */
    Stop(Status status, Evidence evidence, String explanation) {
      super(null, null, false, false);
      this.verdict = Verdict.failed(status, evidence, explanation);
    }
  }
}
