package org.civictrust.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.SignerKey;
import org.civictrust.verifier.RevocationSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.kv.ChangeBatch;
import org.civictrust.kv.DocumentState;
import org.civictrust.kv.IssuanceCache;
import org.civictrust.kv.IssuerRecord;
import org.civictrust.kv.IssuerView;
import org.civictrust.kv.KeyState;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.KvUnavailableException;
import org.civictrust.kv.ReasonCode;
import org.civictrust.kv.RevocationExport;
import org.civictrust.kv.StaleCacheException;
import org.civictrust.kv.StateDigest;
import org.civictrust.tlog.testing.Await;

/** A three-peer store in this JVM (separate Ratis servers, storage directories and ports). */
class StoreIT {
  static final long DAY = 86_400_000L;

  @TempDir
  static Path dir;
  static InProcessCluster cluster;
  static KvClient client;

  @BeforeAll
  static void startStore() throws Exception {
    cluster = InProcessCluster.start(dir, 3, config -> config);
    client = cluster.client();
  }

  @AfterAll
  static void stopStore() throws Exception {
    client.close();
    cluster.close();
  }

  private static String issuer(String name) throws KvUnavailableException {
    String id = name + ".example/issuer";
    assertEquals(ReasonCode.OK, client.submit(new KvCommand.PutIssuer(KvCommand.newRequestId(), KvCommand.ABSENT, id,
        List.of("diploma"), 365 * DAY)).reason());
    return id;
  }

  private static SignerKey rotate(String issuerId, long at) throws KvUnavailableException {
    SignerKey key = SignerKey.generate(issuerId, new SecureRandom());
    assertEquals(ReasonCode.OK, client.submit(new KvCommand.RotateKey(KvCommand.newRequestId(),
        KvCommand.ANY_VERSION, issuerId, key.verifierKey().format(), at, at + DAY)).reason());
    return key;
  }

  private static String keyId(SignerKey key) {
    return String.format("%08x", key.keyId());
  }

  @Test
  void aMalformedCommandNeverReachesTheLog() throws Exception {
    StateDigest before = client.digest();
    KvResult result = client.submitBytesAsync(new byte[] {1, 1, 0, 1, 'r', 0}).get();
    assertEquals(ReasonCode.MALFORMED, result.reason());
    assertEquals(0, result.logIndex(), "refused in startTransaction, before the log");
    StateDigest after = client.digest();
    assertEquals(before.digest(), after.digest());
  }

  @Test
  void badCommandsAreRefusedWithTheirReasonAndChangeNoRecord() throws Exception {
    String issuerId = issuer("bad-input");
    SignerKey key = rotate(issuerId, 1_000);
    assertEquals(ReasonCode.OK, client.submit(new KvCommand.RevokeKey(KvCommand.newRequestId(), KvCommand.ANY_VERSION,
        issuerId, keyId(key), 5_000, 6_000, "compromised")).reason());
    IssuerView issuerBefore = client.issuer(issuerId).orElseThrow();
    Hash unknownDocument = Hash.of(new byte[32]);

    SignerKey stranger = SignerKey.generate("nobody.example/issuer", new SecureRandom());
    assertEquals(ReasonCode.UNKNOWN_ISSUER, client.submit(new KvCommand.RotateKey(KvCommand.newRequestId(),
        KvCommand.ANY_VERSION, stranger.name(), stranger.verifierKey().format(), 1, 1)).reason());
    assertEquals(ReasonCode.KEY_REVOKED, client.submit(new KvCommand.RotateKey(KvCommand.newRequestId(),
        KvCommand.ANY_VERSION, issuerId, key.verifierKey().format(), 7_000, 7_000)).reason(), "no reviving");
    assertEquals(ReasonCode.UNKNOWN_DOCUMENT, client.submit(new KvCommand.MarkAnchored(KvCommand.newRequestId(),
        KvCommand.ANY_VERSION, unknownDocument, "log.example/0", 0, 1)).reason());
    assertEquals(ReasonCode.STALE_VERSION, client.submit(new KvCommand.PutIssuer(KvCommand.newRequestId(), 7, issuerId,
        List.of("permit"), DAY)).reason());

    assertEquals(issuerBefore, client.issuer(issuerId).orElseThrow());
    assertTrue(client.issuer(stranger.name()).isEmpty());
    assertTrue(client.document(unknownDocument).isEmpty());
  }

  @Test
  void aRetryFromAnotherClientReturnsTheOriginalResultAndAppliesOnce() throws Exception {
    String issuerId = issuer("retry");
    KvCommand command = new KvCommand.PutIssuer("retry-1", KvCommand.ANY_VERSION, issuerId, List.of("permit"), DAY);
    KvResult first = client.submit(command);
    try (KvClient other = cluster.client()) {
      KvResult again = other.submit(command);
      assertEquals(first, again);
    }
    assertEquals(2, client.issuer(issuerId).orElseThrow().issuer().version(), "created, then one put");
  }

  @Test
  void aReadFromAnotherClientSeesEveryAcknowledgedWrite() throws Exception {
    String issuerId = issuer("linearizable");
    try (KvClient reader = cluster.client()) {
      for (int i = 1; i <= 20; i++) {
        KvResult written = client.submit(new KvCommand.PutIssuer(KvCommand.newRequestId(), KvCommand.ANY_VERSION,
            issuerId, List.of("diploma"), DAY + i));
        IssuerRecord read = reader.issuer(issuerId).orElseThrow().issuer();
        assertEquals(written.version(), read.version());
        assertEquals(DAY + i, read.maxValidityMillis());
      }
    }
  }

  @Test
  void theCacheSeesARevocationWithinItsBound() throws Exception {
    String issuerId = issuer("cache");
    SignerKey key = rotate(issuerId, 1_000);
    try (IssuanceCache cache = IssuanceCache.start(client, Duration.ofSeconds(2), 100)) {
      assertTrue(cache.isFresh());
      assertEquals(KeyState.ACTIVE, cache.issuer(issuerId).orElseThrow().key(keyId(key)).orElseThrow().state());
      assertTrue(cache.issuer("absent.example/issuer").isEmpty());

      long committed = System.nanoTime();
      assertEquals(ReasonCode.OK, client.submit(new KvCommand.RevokeKey(KvCommand.newRequestId(),
          KvCommand.ANY_VERSION, issuerId, keyId(key), 2_000, 3_000, "compromised")).reason());
      KeyState seen = KeyState.ACTIVE;
      while (seen != KeyState.REVOKED && System.nanoTime() - committed < Duration.ofSeconds(2).toNanos()) {
        seen = cache.issuer(issuerId).orElseThrow().key(keyId(key)).orElseThrow().state();
        Thread.sleep(1);
      }
      assertEquals(KeyState.REVOKED, seen, "within the 2 s bound");

      assertEquals(ReasonCode.OK, client.submit(new KvCommand.PutIssuer(KvCommand.newRequestId(), KvCommand.ABSENT,
          "absent.example/issuer", List.of("x"), DAY)).reason());
      long created = System.nanoTime();
      while (cache.issuer("absent.example/issuer").isEmpty()
          && System.nanoTime() - created < Duration.ofSeconds(2).toNanos()) {
        Thread.sleep(1);
      }
      assertTrue(cache.issuer("absent.example/issuer").isPresent(), "a cached absence is invalidated too");
    }
  }

  @Test
  void aCacheWhoseStoreIsGoneStopsAnsweringAfterItsBound() throws Exception {
    String issuerId = issuer("stale");
    KvClient doomed = cluster.client();
    IssuanceCache cache = IssuanceCache.start(doomed, Duration.ofSeconds(1), 10);
    try {
      assertTrue(cache.issuer(issuerId).isPresent());
      doomed.close();
      Await.until("the cache to turn stale within 1.6 s of its store going (isFresh)", Duration.ofMillis(1_600),
          Duration.ofMillis(10), cache::isFresh, fresh -> !fresh);
      assertThrows(StaleCacheException.class, () -> cache.issuer(issuerId));
    } finally {
      cache.close();
    }
  }

  @Test
  void theChangeStreamReturnsChangesInOrderAndWaitsForThem() throws Exception {
    long from = client.issuers().appliedIndex();
    String issuerId = issuer("stream");
    ChangeBatch batch = client.changesSince(from, 100, Duration.ZERO);
    assertFalse(batch.reset());
    assertTrue(batch.changes().stream().anyMatch(c -> c.issuer().map(IssuerRecord::issuerId)
        .filter(issuerId::equals).isPresent()));
    long waitedFrom = System.nanoTime();
    ChangeBatch empty = client.changesSince(batch.nextIndex(), 100, Duration.ofMillis(300));
    assertTrue(System.nanoTime() - waitedFrom >= Duration.ofMillis(250).toNanos(), "it waited");
    assertTrue(empty.changes().isEmpty());
  }

  @Test
  void documentsAreAnchoredByOneWatermarkWrite() throws Exception {
    String issuerId = issuer("watermark");
    SignerKey key = rotate(issuerId, 1_000);
    Hash[] documents = new Hash[5];
    for (int leaf = 0; leaf < documents.length; leaf++) {
      byte[] bytes = new byte[32];
      bytes[0] = (byte) leaf;
      bytes[1] = 42;
      documents[leaf] = Hash.of(bytes);
      assertEquals(ReasonCode.OK, client.submit(new KvCommand.RecordDocument(KvCommand.newRequestId(), KvCommand.ABSENT,
          documents[leaf], issuerId, keyId(key), "watermark.example/log", leaf, 2_000)).reason());
    }
    assertEquals(ReasonCode.OK, client.submit(new KvCommand.AdvanceWatermark(KvCommand.newRequestId(),
        KvCommand.ANY_VERSION, "watermark.example/log", 3, 3_000)).reason());
    for (int leaf = 0; leaf < documents.length; leaf++) {
      assertEquals(leaf < 3 ? DocumentState.ANCHORED : DocumentState.ISSUED,
          client.document(documents[leaf]).orElseThrow().state());
    }
    assertEquals(3, client.watermark("watermark.example/log").orElseThrow().treeSize());
  }

  @Test
  void exportsASignedRevocationSnapshotOfTheStore() throws Exception {
    String issuerId = issuer("export");
    SignerKey key = rotate(issuerId, 1_000);
    assertEquals(ReasonCode.OK, client.submit(new KvCommand.RevokeKey(KvCommand.newRequestId(), KvCommand.ANY_VERSION,
        issuerId, keyId(key), 4_000, 5_000, "lost")).reason());
    SignerKey signer = SignerKey.generate("civictrust.example/revocations", new SecureRandom());
    byte[] note = RevocationExport.read(client, signer.name(), 10_000).sign(signer);
    RevocationSnapshot opened = RevocationSnapshot.open(note, List.of(signer.verifierKey()));
    assertEquals(4_000L, opened.keyCutoff(issuerId, keyId(key)).orElseThrow());
  }
}
