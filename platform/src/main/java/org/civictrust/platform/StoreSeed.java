package org.civictrust.platform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.civictrust.issuance.IssuerKey;
import org.civictrust.issuance.IssuerPolicy;
import org.civictrust.issuance.KeyState;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.KvUnavailableException;
import org.civictrust.kv.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the issuance store from the configured issuers (the issuers file), once per issuer: {@code
 * PutIssuer} (must not exist) with request id {@code seed:issuer:<id>}; only if that applied (now, or
 * on an earlier start whose seeding was cut short: the store returns the remembered result of the same
 * request id), each key is added with {@code RotateKey} and, for a key the file says is retiring or
 * revoked, {@code RetireKey} or {@code RevokeKey}, all with deterministic request ids. An issuer the
 * store already has is left alone: after the first start the store, not the file, is the truth (change
 * it with {@code civictrust issuers|keys}).
 *
 * <p>Times: the file's keys predate the store, so their times are 0 (the epoch): an active key is active
 * from the epoch, a retiring one retiring from it without overlap window, a revoked one revoked with
 * cutoff 0 (the file's "no longer trusted"). Retiring and revoked keys are added first, then active ones
 * in descending key-ID order: a {@code RotateKey} retires the issuer's other active keys, so the key
 * left active is the one with the lowest key ID, the file registry's default key. (A file listing
 * several active keys thus keeps one: the store's lifecycle allows one active key per issuer.)
 */
final class StoreSeed {
  private static final Logger LOG = LoggerFactory.getLogger(StoreSeed.class);

  private StoreSeed() {}

  /**
   * Seeds {@code store} with {@code issuers}.
   *
   * @return how many issuers had their keys submitted: those created now, and those whose creation by an
   *     earlier seeding the store still remembers (their key commands are then remembered too, or applied
   *     if that seeding was cut short)
   * @throws KvUnavailableException if the store did not answer
   */
  static int seed(KvClient store, List<IssuerPolicy> issuers) throws KvUnavailableException {
    int seeded = 0;
    for (IssuerPolicy issuer : issuers) {
      String id = KvCommand.requestIdPart(issuer.issuerId());
      KvResult put = store.submit(new KvCommand.PutIssuer("seed:issuer:" + id, KvCommand.ABSENT, issuer.issuerId(),
          List.copyOf(issuer.documentTypes()), issuer.maxValidityMillis()));
      if (put.reason() == ReasonCode.EXISTS) {
        continue;
      }
      if (!put.ok()) {
        LOG.warn("the issuance store refused issuer {}: {} {}", issuer.issuerId(), put.reason(), put.detail());
        continue;
      }
      List<IssuerKey> keys = new ArrayList<>(issuer.keys());
      keys.sort(Comparator.comparing((IssuerKey k) -> k.state() == KeyState.ACTIVE)
          .thenComparing(IssuerKey::keyId, Comparator.reverseOrder()));
      for (IssuerKey key : keys) {
        String keyName = id + ":" + key.keyId();
        check(store.submit(new KvCommand.RotateKey("seed:key:" + keyName, KvCommand.ANY_VERSION, issuer.issuerId(),
            key.verifierKey().format(), 0, 0)), "add key " + keyName);
        if (key.state() == KeyState.RETIRING) {
          check(store.submit(new KvCommand.RetireKey("seed:retire:" + keyName, KvCommand.ANY_VERSION,
              issuer.issuerId(), key.keyId(), 0, 0)), "retire key " + keyName);
        } else if (key.state() == KeyState.REVOKED) {
          check(store.submit(new KvCommand.RevokeKey("seed:revoke:" + keyName, KvCommand.ANY_VERSION,
              issuer.issuerId(), key.keyId(), 0, 0, "revoked in the issuers file")), "revoke key " + keyName);
        }
      }
      seeded++;
    }
    return seeded;
  }

  private static void check(KvResult result, String what) {
    if (!result.ok() && result.reason() != ReasonCode.EXISTS) {
      LOG.warn("the issuance store refused to {}: {} {}", what, result.reason(), result.detail());
    }
  }
}
