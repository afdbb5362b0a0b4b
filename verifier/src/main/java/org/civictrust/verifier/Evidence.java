package org.civictrust.verifier;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.civictrust.tlog.Hash;

/**
 * What a check of a receipt verification found, for programs: the values that the {@link
 * Verdict#explanation()} states for humans, typed, so that nobody has to read them back from the text.
 * A verdict carries the evidence of the check that decided it where that check produced some (read it
 * with {@link Verdict#evidence(Class)}); each kind says which check produces it and with which
 * statuses. A VERIFIED verdict carries the {@link Revocation} evidence of a passed REVOCATION check when
 * the verifier had a revocation snapshot.
 *
 * <p>Every kind is an immutable record that validates its fields and copies its lists. Decide on the
 * {@link Status} and {@link Check} first (switch on them, not on the kind of evidence); the evidence
 * says why.
 */
public sealed interface Evidence {
  /** The check that produced this evidence. */
  Check check();

  /**
   * A C2SP signed-note key (c2sp.org/signed-note, "Verifier keys"), as a signature line names it.
   *
   * @param name the key name
   * @param keyId the key ID, 8 lowercase hex digits
   */
  record NoteKey(String name, String keyId) {
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}");

    /** Validates. */
    public NoteKey {
      Objects.requireNonNull(name, "name");
      requireKeyId(keyId, "keyId");
    }

    /** The key of a signature line or verifier key with this name and numeric key ID. */
    public static NoteKey of(String name, int keyId) {
      return new NoteKey(name, String.format("%08x", keyId));
    }

    /** {@code <name>+<keyId>}, the way a verifier key begins. */
    public String format() {
      return name + "+" + keyId;
    }
  }

  /**
   * Check CHECKPOINT, status TAMPERED: the checkpoint carries no signature by the log's trusted key.
   *
   * @param origin the log the checkpoint names
   * @param expected the log's trusted key
   * @param found the keys of the checkpoint's signature lines, in note order (at most {@value
   *     org.civictrust.tlog.Notes#MAX_SIGNATURES}); copied
   */
  record CheckpointKey(String origin, NoteKey expected, List<NoteKey> found) implements Evidence {
    /** Validates and copies. */
    public CheckpointKey {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(expected, "expected");
      found = List.copyOf(found);
    }

    @Override
    public Check check() {
      return Check.CHECKPOINT;
    }
  }

  /**
   * Check WITNESSES, status UNWITNESSED: which of the log's trusted witnesses cosigned its checkpoint
   * and which did not (c2sp.org/tlog-cosignature), and the quorum the trust store requires. Every
   * trusted witness of the log is in exactly one of the two lists, in trust store order.
   *
   * @param origin the log's origin
   * @param treeSize the checkpoint's tree size
   * @param quorum how many of the witnesses must cosign, {@code 1 <= quorum <= } the number of witnesses
   * @param cosigned the names of the witnesses whose cosignature verifies; copied
   * @param notCosigned the names of the witnesses without a cosignature; copied
   */
  record WitnessQuorum(String origin, long treeSize, int quorum, List<String> cosigned, List<String> notCosigned)
      implements Evidence {
    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the tree size is negative, the quorum is out of range, or a
     *     witness is named twice
     */
    public WitnessQuorum {
      Objects.requireNonNull(origin, "origin");
      cosigned = List.copyOf(cosigned);
      notCosigned = List.copyOf(notCosigned);
      if (treeSize < 0) {
        throw new IllegalArgumentException("treeSize must not be negative, got " + treeSize);
      }
      int witnesses = cosigned.size() + notCosigned.size();
      if (quorum < 1 || quorum > witnesses) {
        throw new IllegalArgumentException("quorum " + quorum + " is not in [1, " + witnesses + "]");
      }
      HashSet<String> names = new HashSet<>(cosigned);
      names.addAll(notCosigned);
      if (names.size() != witnesses) {
        throw new IllegalArgumentException("a witness is named twice");
      }
    }

    /** How many trusted witnesses the log has. */
    public int witnesses() {
      return cosigned.size() + notCosigned.size();
    }

    @Override
    public Check check() {
      return Check.WITNESSES;
    }
  }

  /**
   * Check WITNESSES, status TAMPERED (the witness's cosignature does not verify) or MALFORMED (the
   * witness cosigned the checkpoint more than once).
   *
   * @param origin the log's origin
   * @param treeSize the checkpoint's tree size
   * @param witness the trusted witness's name
   * @param key the witness's cosigner key
   */
  record WitnessCosignature(String origin, long treeSize, String witness, NoteKey key) implements Evidence {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the tree size is negative
     */
    public WitnessCosignature {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(witness, "witness");
      Objects.requireNonNull(key, "key");
      if (treeSize < 0) {
        throw new IllegalArgumentException("treeSize must not be negative, got " + treeSize);
      }
    }

    @Override
    public Check check() {
      return Check.WITNESSES;
    }
  }

  /**
   * Check DOCUMENT_HASH, status TAMPERED: the document bytes are not the ones the entry commits to.
   *
   * @param expected the entry's documentHash
   * @param found SHA-256 of the receipt's document bytes
   */
  record DocumentHash(Hash expected, Hash found) implements Evidence {
    /** Validates. */
    public DocumentHash {
      Objects.requireNonNull(expected, "expected");
      Objects.requireNonNull(found, "found");
    }

    @Override
    public Check check() {
      return Check.DOCUMENT_HASH;
    }
  }

  /**
   * Check ISSUER_KEY, status UNKNOWN_ISSUER: the issuer is trusted, but not with the key that the
   * entry names.
   *
   * @param issuerId the issuer
   * @param expected the key IDs of the issuer's keys in the trust store, in trust store order, each 8
   *     lowercase hex digits; copied
   * @param found the entry's issuerKeyId, 8 lowercase hex digits
   */
  record IssuerKey(String issuerId, List<String> expected, String found) implements Evidence {
    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if a key ID is not 8 lowercase hex digits
     */
    public IssuerKey {
      Objects.requireNonNull(issuerId, "issuerId");
      expected = List.copyOf(expected);
      expected.forEach(keyId -> requireKeyId(keyId, "expected"));
      requireKeyId(found, "found");
    }

    @Override
    public Check check() {
      return Check.ISSUER_KEY;
    }
  }

  /**
   * Check REVOCATION: what the verifier's revocation snapshot says about the document. With status
   * REVOKED exactly one of {@code document} and {@code key} is present: the snapshot's line that
   * decided it (its {@code revokedAt}, or its {@code cutoff} at or before the document's issuedAt).
   * With status VERIFIED neither is: the document was not revoked as of the snapshot's time.
   *
   * @param snapshotName the snapshot's name
   * @param snapshotTime when the snapshot was taken
   * @param document the document's revocation, in effect at the verification time
   * @param key the revocation of the document's issuer key, its cutoff at or before the issuedAt
   */
  record Revocation(String snapshotName, Instant snapshotTime, Optional<RevocationSnapshot.DocumentRevocation> document,
      Optional<RevocationSnapshot.KeyRevocation> key) implements Evidence {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if both a document and a key revocation are given
     */
    public Revocation {
      Objects.requireNonNull(snapshotName, "snapshotName");
      Objects.requireNonNull(snapshotTime, "snapshotTime");
      Objects.requireNonNull(document, "document");
      Objects.requireNonNull(key, "key");
      if (document.isPresent() && key.isPresent()) {
        throw new IllegalArgumentException("one revocation decides: the document's or its key's, not both");
      }
    }

    /** Evidence that the document was not revoked as of the snapshot's time. */
    public static Revocation notRevoked(String snapshotName, Instant snapshotTime) {
      return new Revocation(snapshotName, snapshotTime, Optional.empty(), Optional.empty());
    }

    /** Whether the snapshot revokes the document (its own revocation or its key's). */
    public boolean revoked() {
      return document.isPresent() || key.isPresent();
    }

    @Override
    public Check check() {
      return Check.REVOCATION;
    }
  }

  private static void requireKeyId(String keyId, String field) {
    if (keyId == null || !NoteKey.KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException(field + " must be a key ID of 8 lowercase hex digits, got " + keyId);
    }
  }
}
