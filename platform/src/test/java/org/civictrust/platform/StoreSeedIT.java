package org.civictrust.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.civictrust.issuance.IssuerKey;
import org.civictrust.issuance.IssuerPolicy;
import org.civictrust.issuance.KeyState;
import org.civictrust.kv.IssuerView;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.server.LocalKvCluster;
import org.civictrust.kv.StateDigest;
import org.civictrust.tlog.SignerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeding the issuance store from the issuers file, on three real peers: each key lands in the state the
 * file gives it, the file's default key stays the one active key, and seeding again (a restart) changes
 * nothing, not even after an operator changed the store.
 */
class StoreSeedIT {
  static final String ISSUER = "seed.example/issuer";

  @TempDir
  Path dir;

  @Test
  void seedsEachIssuerOnceWithItsKeysInTheirStatesAndNeverOverridesTheStore() throws Exception {
    SecureRandom random = new SecureRandom();
    List<SignerKey> keys = List.of(SignerKey.generate(ISSUER, random), SignerKey.generate(ISSUER, random),
        SignerKey.generate(ISSUER, random), SignerKey.generate(ISSUER, random));
    List<SignerKey> actives = keys.subList(0, 2).stream().sorted((a, b) -> keyId(a).compareTo(keyId(b))).toList();
    IssuerPolicy issuer = new IssuerPolicy(ISSUER, Set.of("permit"), Duration.ofDays(30), List.of(
        IssuerKey.of(keys.get(0), KeyState.ACTIVE), IssuerKey.of(keys.get(1), KeyState.ACTIVE),
        IssuerKey.of(keys.get(2), KeyState.RETIRING), IssuerKey.ofVerifier(keys.get(3).verifierKey(), KeyState.REVOKED)));
    try (LocalKvCluster cluster = LocalKvCluster.start(dir.resolve("kv"), 3);
        KvClient client = KvClient.connect(cluster.peers())) {
      assertEquals(1, StoreSeed.seed(client, List.of(issuer)));
      IssuerView view = client.issuer(ISSUER).orElseThrow();
      assertEquals(keyId(actives.get(0)), view.defaultKey().orElseThrow().keyId(), "the file's default key is active");
      assertEquals(org.civictrust.kv.KeyState.RETIRING, view.key(keyId(actives.get(1))).orElseThrow().state());
      assertEquals(org.civictrust.kv.KeyState.RETIRING, view.key(keyId(keys.get(2))).orElseThrow().state());
      assertEquals(org.civictrust.kv.KeyState.REVOKED, view.key(keyId(keys.get(3))).orElseThrow().state());
      assertEquals(0, view.key(keyId(actives.get(0))).orElseThrow().activeFrom());

      // An operator revokes the active key; a restart seeds again: the store keeps what it says.
      assertEquals(true, client.submit(new KvCommand.RevokeKey("operator", KvCommand.ANY_VERSION, ISSUER,
          keyId(actives.get(0)), 1, 1, "lost")).ok());
      StateDigest before = client.digest();
      assertEquals(1, StoreSeed.seed(client, List.of(issuer)), "the remembered PutIssuer: its keys are retried");
      assertEquals(org.civictrust.kv.KeyState.REVOKED,
          client.issuer(ISSUER).orElseThrow().key(keyId(actives.get(0))).orElseThrow().state());
      assertEquals(before.digest(), client.digest().digest(), "seeding again changed nothing");
    }
  }

  static String keyId(SignerKey key) {
    return String.format("%08x", key.keyId());
  }
}
