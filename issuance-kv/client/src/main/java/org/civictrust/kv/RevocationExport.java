package org.civictrust.kv;

import java.util.ArrayList;
import java.util.List;
import org.civictrust.tlog.Hash;
import org.civictrust.verifier.RevocationSnapshot;
import org.civictrust.verifier.RevocationSnapshot.DocumentRevocation;
import org.civictrust.verifier.RevocationSnapshot.KeyRevocation;

/**
 * The store's revocations as a {@link RevocationSnapshot}: the signed note an offline verifier is
 * handed ({@code civictrust verify --revocations}). The format and its parser live in the verifier
 * module, which relying parties use without this store.
 */
public final class RevocationExport {
  private RevocationExport() {}

  /**
   * The snapshot of {@code revocations} as read at {@code index}.
   *
   * @param name the snapshot's name, e.g. the signing key's name
   * @param time when the snapshot was taken, milliseconds since the epoch
   * @throws IllegalArgumentException if a field breaks the format's rules
   */
  public static RevocationSnapshot snapshot(String name, long index, long time, List<RevocationRecord> revocations) {
    List<KeyRevocation> keys = new ArrayList<>();
    List<DocumentRevocation> documents = new ArrayList<>();
    for (RevocationRecord revocation : revocations) {
      if (revocation.kind() == RevocationRecord.Kind.KEY) {
        keys.add(new KeyRevocation(revocation.issuerId(), revocation.subject(), revocation.cutoff(),
            revocation.reason()));
      } else {
        documents.add(new DocumentRevocation(revocation.issuerId(), Hash.fromBase64(revocation.subject()),
            revocation.cutoff(), revocation.reason()));
      }
    }
    return RevocationSnapshot.of(name, index, time, keys, documents);
  }

  /**
   * Reads every revocation from the store (a linearizable read) into a snapshot.
   *
   * @throws KvUnavailableException if the store did not answer before the client's deadline
   */
  public static RevocationSnapshot read(KvClient client, String name, long time) throws KvUnavailableException {
    AtIndex<List<RevocationRecord>> read = client.revocations();
    return snapshot(name, read.appliedIndex(), time, read.value());
  }
}
