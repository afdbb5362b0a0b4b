package org.civictrust.connect.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.civictrust.connect.S3Settings;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.VerifierKey;
import org.civictrust.schemas.Topics;

/** The archive sink's configuration: where to archive, which logs (origins and keys), topics, S3 settings. */
public final class SinkConfig extends AbstractConfig {
  public static final String LOCATION = "archive.location";
  public static final String LOGS = "archive.logs";
  public static final String ENTRIES_TOPIC = "archive.entries.topic";
  public static final String CHECKPOINTS_TOPIC = "archive.checkpoints.topic";
  public static final String FLUSH_FILES = "archive.flush.files";
  public static final String IO_RETRY_MS = "archive.io.retry.ms";
  public static final String S3_ENDPOINT = "archive.s3.endpoint";
  public static final String S3_REGION = "archive.s3.region";
  public static final String S3_PATH_STYLE = "archive.s3.path.style";
  public static final String S3_ACCESS_KEY_ID = "archive.s3.access.key.id";
  public static final String S3_SECRET_ACCESS_KEY = "archive.s3.secret.access.key";
  public static final String S3_CONDITIONAL_WRITES = "archive.s3.conditional.writes";
  public static final String S3_PARALLELISM = "archive.s3.parallelism";

  public static final ConfigDef DEFINITION = new ConfigDef()
      .define(LOCATION, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Where to archive: a directory (the default kind), or s3://bucket[/prefix]. Each log goes below the "
              + "prefix named after its origin.")
      .define(LOGS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, (name, value) -> parseLogs((String) value),
          Importance.HIGH, "The logs to archive: '<origin> <vkey>' pairs separated by whitespace (an origin and a "
              + "vkey hold none). Checkpoints are verified with the vkey of their origin; records of another "
              + "origin stop the task.")
      .define(ENTRIES_TOPIC, Type.STRING, Topics.ENTRIES, Importance.MEDIUM,
          "The topic of the logs' entries (LogEntry, Avro single-object encoding; one log a partition).")
      .define(CHECKPOINTS_TOPIC, Type.STRING, Topics.CHECKPOINTS, Importance.MEDIUM,
          "The topic of the logs' signed checkpoints (SignedCheckpoint, same partitioning as the entries).")
      .define(FLUSH_FILES, Type.INT, 512, ConfigDef.Range.between(1, 1 << 16), Importance.LOW,
          "Write the full tiles and bundles a log has queued once this many are (a checkpoint whose entries "
              + "are all there, and each offset commit, write them sooner).")
      .define(IO_RETRY_MS, Type.LONG, 300_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
          "How long the archive may keep failing to read or write (each put retried after 2 s) before the "
              + "task fails.")
      .define(S3_ENDPOINT, Type.STRING, "", Importance.MEDIUM,
          "The URL of an S3-compatible service (e.g. http://127.0.0.1:9000); empty for Amazon S3.")
      .define(S3_REGION, Type.STRING, "us-east-1", Importance.LOW, "The S3 signing region.")
      .define(S3_PATH_STYLE, Type.BOOLEAN, null, Importance.LOW,
          "Path-style addressing (https://host/bucket/key); default: on when an endpoint is set.")
      .define(S3_ACCESS_KEY_ID, Type.STRING, "", Importance.MEDIUM,
          "Static S3 credentials, with the secret; empty for the AWS SDK's default chain (environment, "
              + "system properties, profile, instance role).")
      .define(S3_SECRET_ACCESS_KEY, Type.PASSWORD, "", Importance.MEDIUM, "The secret of the static S3 credentials.")
      .define(S3_CONDITIONAL_WRITES, Type.STRING, "auto",
          ConfigDef.CaseInsensitiveValidString.in("auto", "required", "off"), Importance.MEDIUM,
          "auto: use If-None-Match/If-Match writes if the service honours them (probed at start), else check "
              + "then write; required: fail unless it honours them; off: check then write.")
      .define(S3_PARALLELISM, Type.INT, 8, ConfigDef.Range.between(1, 64), Importance.LOW,
          "How many objects the S3 store writes at once.");

  private final Map<String, VerifierKey> logs;

  public SinkConfig(Map<String, String> props) {
    super(DEFINITION, props);
    this.logs = parseLogs(getString(LOGS));
  }

  /** The vkey of each configured log, by origin. */
  public Map<String, VerifierKey> logs() {
    return logs;
  }

  public String location() {
    return getString(LOCATION);
  }

  public String entriesTopic() {
    return getString(ENTRIES_TOPIC);
  }

  public String checkpointsTopic() {
    return getString(CHECKPOINTS_TOPIC);
  }

  public int flushFiles() {
    return getInt(FLUSH_FILES);
  }

  public long ioRetryMillis() {
    return getLong(IO_RETRY_MS);
  }

  /** The S3 settings (used when the location is {@code s3://…}). */
  public S3Settings s3() {
    S3Settings settings = S3Settings.defaults().withRegion(getString(S3_REGION));
    String endpoint = getString(S3_ENDPOINT);
    if (!endpoint.isBlank()) {
      settings = settings.withEndpoint(URI.create(endpoint.trim()));
    }
    Boolean pathStyle = getBoolean(S3_PATH_STYLE);
    if (pathStyle != null) {
      settings = settings.withPathStyle(pathStyle);
    }
    String accessKey = getString(S3_ACCESS_KEY_ID);
    Password secret = getPassword(S3_SECRET_ACCESS_KEY);
    if (!accessKey.isBlank()) {
      settings = settings.withCredentials(accessKey.trim(), secret.value());
    }
    return settings.withConditionalWrites(S3Settings.ConditionalWrites.valueOf(
        getString(S3_CONDITIONAL_WRITES).toUpperCase(Locale.ROOT))).withParallelism(getInt(S3_PARALLELISM));
  }

  /**
   * Parses {@code '<origin> <vkey>'} pairs separated by whitespace.
   *
   * @throws ConfigException if the count is odd, an origin is not a checkpoint origin, a vkey does not
   *     parse or is not an Ed25519 (type 0x01) key, or an origin appears twice
   */
  public static Map<String, VerifierKey> parseLogs(String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(LOGS, "", "at least one '<origin> <vkey>' pair");
    }
    List<String> tokens = List.of(value.trim().split("\\s+"));
    if (tokens.size() % 2 != 0) {
      throw new ConfigException(LOGS, value, "expected '<origin> <vkey>' pairs, got an odd number of words");
    }
    Map<String, VerifierKey> logs = new LinkedHashMap<>();
    for (int i = 0; i < tokens.size(); i += 2) {
      String origin = tokens.get(i);
      VerifierKey key;
      try {
        Checkpoint.of(origin, 0, Rfc9162.EMPTY_ROOT);
        key = VerifierKey.parse(tokens.get(i + 1));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(LOGS, origin + " " + tokens.get(i + 1), e.getMessage());
      }
      if (key.type() != VerifierKey.TYPE_ED25519) {
        throw new ConfigException(LOGS, key.format(), "a log's checkpoints are signed with an Ed25519 (type 0x01) key");
      }
      if (logs.put(origin, key) != null) {
        throw new ConfigException(LOGS, origin, "the origin appears twice");
      }
    }
    return Map.copyOf(logs);
  }
}
