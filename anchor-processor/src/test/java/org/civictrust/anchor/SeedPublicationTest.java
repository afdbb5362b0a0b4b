package org.civictrust.anchor;

import static org.civictrust.anchor.SequencerTopologyTest.LOG_KEY;
import static org.civictrust.anchor.SequencerTopologyTest.ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.civictrust.schemas.LogSeed;
import org.civictrust.schemas.RejectionReason;
import org.civictrust.tlog.SignerKey;
import org.junit.jupiter.api.Test;

/**
 * What {@link SeedPublication} decides before it reaches a cluster: it publishes nothing for a seed the
 * log's key does not verify, and takes no target that names no partition. (The cli's {@code RestoreIT}
 * publishes into a real deployment and sees the sequencer adopt the seed.)
 */
class SeedPublicationTest {
  /** Nothing listens there: a publication that got as far as the cluster would fail differently. */
  static final SeedPublication.Target NOWHERE = new SeedPublication.Target(
      Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:9"), 0, Duration.ofSeconds(1), "sequencer");

  @Test
  void publishesNothingForASeedTheLogsKeyDoesNotVerify() throws Exception {
    LogSeed seed = new LogSeedAdoptionTest.ReferenceLog(300).seed();
    SignerKey impostor = SignerKey.generate(ORIGIN, new SecureRandom());
    SeedException refused = assertThrows(SeedException.class, () -> SeedPublication.publish(seed,
        impostor.verifierKey(), visitor -> {
          throw new AssertionError("no entry is read");
        }, NOWHERE));
    assertEquals(RejectionReason.SEED_BAD_CHECKPOINT, refused.fault());

    LogSeed wrongTree = LogSeedAdoptionTest.edit(seed,
        b -> b.setCompactRange(LogSeedAdoptionTest.flipFirstByte(seed.getCompactRange(), 0)));
    assertEquals(RejectionReason.SEED_ROOT_MISMATCH, assertThrows(SeedException.class,
        () -> SeedPublication.publish(wrongTree, LOG_KEY.verifierKey(), visitor -> {}, NOWHERE)).fault());
  }

  @Test
  void aTargetNamesAPartitionAndAWaitThatAreNotNegative() {
    Map<String, Object> kafka = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
    assertThrows(IllegalArgumentException.class, () -> new SeedPublication.Target(kafka, -1, Duration.ZERO, "s"));
    assertThrows(IllegalArgumentException.class,
        () -> new SeedPublication.Target(kafka, 0, Duration.ofSeconds(-1), "s"));
  }
}
