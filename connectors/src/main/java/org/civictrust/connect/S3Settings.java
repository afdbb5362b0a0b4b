package org.civictrust.connect;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach an S3-compatible service: the endpoint (none for AWS itself), the region, path-style
 * addressing (what most S3-compatible servers want), static credentials (none: the AWS SDK's default
 * chain, i.e. the environment, system properties, profiles, instance roles), whether to use conditional
 * writes, and how many requests to run at once. Immutable; {@link #toString()} never shows the secret.
 *
 * @param endpoint the service URL, e.g. {@code http://127.0.0.1:9000}; empty for AWS
 * @param region the signing region, e.g. {@code us-east-1}
 * @param pathStyle {@code https://host/bucket/key} instead of {@code https://bucket.host/key}
 * @param accessKeyId static credentials, with {@code secretAccessKey}; both or neither
 * @param secretAccessKey static credentials, with {@code accessKeyId}
 * @param conditionalWrites whether to write with {@code If-None-Match} / {@code If-Match}
 * @param parallelism how many objects a batch writes at once, 1 to 64
 */
public record S3Settings(Optional<URI> endpoint, String region, boolean pathStyle, Optional<String> accessKeyId,
    Optional<String> secretAccessKey, ConditionalWrites conditionalWrites, int parallelism) {

  /** Whether the store writes with S3 conditional requests. */
  public enum ConditionalWrites {
    /**
     * Probe the service when the store opens (a PUT with {@code If-None-Match: *} on an object that
     * exists must fail with 412); use them if it honours them, else fall back as {@link #OFF} does.
     */
    AUTO,
    /** Use them; opening the store fails if the service does not honour them. */
    REQUIRED,
    /**
     * Do not: create an object after a HEAD found none, and replace the checkpoint after a GET found
     * the expected one. Between the check and the PUT another writer could slip in; one sink task a log
     * makes that unlikely but not impossible.
     */
    OFF
  }

  /** Validates. */
  public S3Settings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(conditionalWrites, "conditionalWrites");
    if (region.isBlank()) {
      throw new IllegalArgumentException("an S3 region is required, e.g. us-east-1");
    }
    if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
      throw new IllegalArgumentException("give both the access key id and the secret access key, or neither");
    }
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException("S3 parallelism must be in [1, 64], got " + parallelism);
    }
  }

  /** AWS itself in {@code us-east-1}, virtual-host addressing, the default credentials chain, AUTO, 8. */
  public static S3Settings defaults() {
    return new S3Settings(Optional.empty(), "us-east-1", false, Optional.empty(), Optional.empty(),
        ConditionalWrites.AUTO, 8);
  }

  /** The same settings for the service at {@code endpoint}, with path-style addressing. */
  public S3Settings withEndpoint(URI endpoint) {
    return new S3Settings(Optional.of(endpoint), region, true, accessKeyId, secretAccessKey, conditionalWrites,
        parallelism);
  }

  /** The same settings in {@code region}. */
  public S3Settings withRegion(String region) {
    return new S3Settings(endpoint, region, pathStyle, accessKeyId, secretAccessKey, conditionalWrites, parallelism);
  }

  /** The same settings with path-style addressing on or off. */
  public S3Settings withPathStyle(boolean pathStyle) {
    return new S3Settings(endpoint, region, pathStyle, accessKeyId, secretAccessKey, conditionalWrites, parallelism);
  }

  /** The same settings with static credentials. */
  public S3Settings withCredentials(String accessKeyId, String secretAccessKey) {
    return new S3Settings(endpoint, region, pathStyle, Optional.of(accessKeyId), Optional.of(secretAccessKey),
        conditionalWrites, parallelism);
  }

  /** The same settings with another conditional-writes policy. */
  public S3Settings withConditionalWrites(ConditionalWrites conditionalWrites) {
    return new S3Settings(endpoint, region, pathStyle, accessKeyId, secretAccessKey, conditionalWrites, parallelism);
  }

  /** The same settings writing {@code parallelism} objects at once. */
  public S3Settings withParallelism(int parallelism) {
    return new S3Settings(endpoint, region, pathStyle, accessKeyId, secretAccessKey, conditionalWrites, parallelism);
  }

  /** The settings without the secret. */
  @Override
  public String toString() {
    return "S3Settings[endpoint=" + endpoint.map(URI::toString).orElse("AWS") + ", region=" + region
        + ", pathStyle=" + pathStyle + ", credentials=" + (accessKeyId.isPresent() ? "static " + accessKeyId.get()
        : "default chain") + ", conditionalWrites=" + conditionalWrites + ", parallelism=" + parallelism + "]";
  }
}
