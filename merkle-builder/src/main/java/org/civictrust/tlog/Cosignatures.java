package org.civictrust.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.civictrust.tlog.internal.KeyEncoding;

/**
 * Witness cosignature checks for a verifier: a k-of-n quorum of tlog-cosignature/v1 cosignatures on a
 * checkpoint already authenticated by its log (C2SP tlog-proof, "Verifying a tlog proof", step 3; the
 * flat {@code group <name> <k> ...} rule of C2SP tlog-policy). Requiring witnesses protects a client
 * from a log that shows it a split view.
 *
 * <p>Witness sets follow tlog-policy, section "Defining a witness": every key must be a cosignature
 * key (type 0x04) and no public key may appear twice, even under another name. This matters for
 * Ed25519 cosignatures, whose signed message does not commit to the cosigner name: one cosignature
 * could otherwise be counted once per name sharing its key.
 */
public final class Cosignatures {
  private record KeyRef(String name, int keyId) {}

  private Cosignatures() {}

  /**
   * Verifies the cosignatures of {@code witnesses} on an authenticated note and requires at least
   * {@code quorum} distinct witnesses to have cosigned. Every signature line from a listed witness must
   * verify (C2SP signed-note, "Signatures"); lines from other keys are ignored. Timestamps are verified
   * as part of the signature but not compared with any clock: read them with {@link
   * CosignerKey#timestamp} to apply a freshness policy.
   *
   * @param note a note opened with the log's key, typically a checkpoint
   * @param witnesses the trusted witnesses: type 0x04 keys, no public key twice
   * @param quorum how many distinct witnesses must have cosigned; requires {@code 0 <= quorum <=
   *     witnesses.size()} (0 is tlog-policy's {@code quorum none})
   * @return the verified cosignatures, in note order, at most one per witness
   * @throws VerificationException with {@link Reason#BAD_SIGNATURE} if a listed witness's cosignature
   *     does not verify, {@link Reason#MALFORMED} if one witness cosigned twice, {@link
   *     Reason#INSUFFICIENT_COSIGNATURES} if fewer than {@code quorum} witnesses cosigned
   * @throws IllegalArgumentException if the witness set or quorum breaks the rules above
   */
  public static List<NoteSignature> verifyQuorum(
      VerifiedNote note, Collection<VerifierKey> witnesses, int quorum) throws VerificationException {
    Objects.requireNonNull(note, "note");
    Map<KeyRef, VerifierKey> byRef = index(witnesses);
    if (quorum < 0 || quorum > byRef.size()) {
      throw new IllegalArgumentException(
          "quorum must be in [0, " + byRef.size() + "] for " + byRef.size() + " witnesses, got " + quorum);
    }
    byte[] message = note.text().getBytes(StandardCharsets.UTF_8);
    List<NoteSignature> lines = new ArrayList<>(note.signatures());
    lines.addAll(note.unverifiedSignatures());
    Set<KeyRef> cosigned = new HashSet<>();
    List<NoteSignature> verified = new ArrayList<>();
    for (NoteSignature line : lines) {
      KeyRef ref = new KeyRef(line.name(), line.keyId());
      VerifierKey witness = byRef.get(ref);
      if (witness == null) {
        continue;
      }
      if (!cosigned.add(ref)) {
        throw new VerificationException(
            Reason.MALFORMED, "witness " + ref.name() + "+" + KeyEncoding.hex8(ref.keyId()) + " cosigned twice");
      }
      witness.verify(message.clone(), line.signature());
      verified.add(line);
    }
    if (verified.size() < quorum) {
      throw new VerificationException(
          Reason.INSUFFICIENT_COSIGNATURES,
          "only " + verified.size() + " of the required " + quorum + " witnesses cosigned");
    }
    return List.copyOf(verified);
  }

  private static Map<KeyRef, VerifierKey> index(Collection<VerifierKey> witnesses) {
    Objects.requireNonNull(witnesses, "witnesses");
    Map<KeyRef, VerifierKey> byRef = new HashMap<>();
    Set<ByteBuffer> publicKeys = new HashSet<>();
    for (VerifierKey witness : witnesses) {
      Objects.requireNonNull(witness, "witness");
      if (witness.type() != VerifierKey.TYPE_COSIGNATURE_V1) {
        throw new IllegalArgumentException("witness " + witness.name() + " is not a cosignature/v1 (0x04) key");
      }
      if (!publicKeys.add(ByteBuffer.wrap(witness.publicKey()))) {
        throw new IllegalArgumentException("witness public key listed twice (" + witness.name() + ")");
      }
      if (byRef.put(new KeyRef(witness.name(), witness.keyId()), witness) != null) {
        throw new IllegalArgumentException("two witnesses share the name and key ID of " + witness.name());
      }
    }
    return byRef;
  }
}
