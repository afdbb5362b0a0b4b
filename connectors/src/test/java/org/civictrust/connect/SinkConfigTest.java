package org.civictrust.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.civictrust.connect.internal.SinkConfig;
import org.junit.jupiter.api.Test;

class SinkConfigTest {
  static final String A = SyntheticLog.key("a.example/log", 1).verifierKey().format();
  static final String B = SyntheticLog.key("b.example/log", 2).verifierKey().format();

  @Test
  void readsOriginAndKeyPairsSeparatedByAnyWhitespace() {
    Map<String, org.civictrust.tlog.VerifierKey> logs = SinkConfig.parseLogs(" a.example/log " + A + "\n\tb.example/log  " + B + "\n");
    assertEquals(2, logs.size());
    assertEquals(A, logs.get("a.example/log").format());
    assertEquals(B, logs.get("b.example/log").format());
  }

  @Test
  void refusesOddWordsBadKeysAndRepeatedOrigins() {
    assertThrows(ConfigException.class, () -> SinkConfig.parseLogs("a.example/log"));
    assertThrows(ConfigException.class, () -> SinkConfig.parseLogs("a.example/log not-a-vkey"));
    assertThrows(ConfigException.class, () -> SinkConfig.parseLogs("a.example/log " + A + " a.example/log " + B));
    assertThrows(ConfigException.class, () -> SinkConfig.parseLogs(""));
    String cosigner = org.civictrust.tlog.CosignerKey.generate("w.example", new java.security.SecureRandom())
        .verifierKey().format();
    assertThrows(ConfigException.class, () -> SinkConfig.parseLogs("a.example/log " + cosigner));
  }

  @Test
  void buildsS3SettingsWithPathStyleForAnEndpointAndNeverShowsTheSecret() {
    SinkConfig config = new SinkConfig(Map.of(SinkConfig.LOCATION, "s3://archive/logs", SinkConfig.LOGS,
        "a.example/log " + A, SinkConfig.S3_ENDPOINT, "http://127.0.0.1:9000", SinkConfig.S3_ACCESS_KEY_ID, "id",
        SinkConfig.S3_SECRET_ACCESS_KEY, "very-secret", SinkConfig.S3_CONDITIONAL_WRITES, "REQUIRED"));
    S3Settings s3 = config.s3();
    assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), s3.endpoint());
    assertTrue(s3.pathStyle());
    assertEquals(S3Settings.ConditionalWrites.REQUIRED, s3.conditionalWrites());
    assertEquals(Optional.of("very-secret"), s3.secretAccessKey());
    assertFalse(s3.toString().contains("very-secret"));
  }
}
