package org.civictrust.connect;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.civictrust.connect.internal.Keys;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An archive store in an S3-compatible bucket (AWS SDK for Java v2), below an optional key prefix.
 * Objects are written whole by one PUT, so a reader never sees half a tile.
 *
 * <p>Where the service honours conditional writes (Amazon S3 since 2024, s3proxy 3.1, MinIO, R2, GCS),
 * {@link #createIfAbsent} PUTs with {@code If-None-Match: *}, which the service refuses (412) if the
 * object exists, and {@link #replaceIf} PUTs with {@code If-Match: <ETag of the expected object>}: both
 * hold against any concurrent writer. Where it does not, the store checks first (HEAD, or GET and
 * compare) and then PUTs: another writer could slip in between, which {@link #writeMode()} says.
 * {@link S3Settings.ConditionalWrites} decides; AUTO probes the service when the store opens.
 *
 * <p>Tiles and bundles are written with {@code Cache-Control: public, max-age=31536000, immutable}, the
 * checkpoint with {@code no-cache} and {@code text/plain; charset=utf-8}, as C2SP tlog-tiles asks of a
 * log served from the bucket.
 */
public final class S3Store implements ArchiveStore {
  private static final String CHECKPOINT_CONTENT_TYPE = "text/plain; charset=utf-8";
  private static final String TILE_CONTENT_TYPE = "application/octet-stream";
  private static final int CONFLICT_RETRIES = 5;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final boolean conditional;
  private final ExecutorService writers;

  private S3Store(S3Client s3, String bucket, String prefix, boolean conditional, int parallelism) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.conditional = conditional;
    AtomicInteger threads = new AtomicInteger();
    this.writers = Executors.newFixedThreadPool(parallelism, r -> {
      Thread thread = new Thread(r, "civictrust-s3-writer-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Opens the bucket {@code bucket} (which must exist) below {@code prefix} ("" or a key prefix; a
   * missing final {@code /} is added). With {@link S3Settings.ConditionalWrites#AUTO} or
   * {@code REQUIRED} it probes whether the service honours conditional writes, with an object below
   * {@code prefix} named {@code .civictrust-probe-<uuid>}, deleted afterwards.
   *
   * @throws IOException if the bucket cannot be reached, or REQUIRED conditional writes are not honoured
   */
  public static S3Store open(String bucket, String prefix, S3Settings settings) throws IOException {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(settings, "settings");
    String keyPrefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    Keys.checkPrefix(keyPrefix);
    S3Client s3 = client(settings);
    try {
      boolean conditional = switch (settings.conditionalWrites()) {
        case OFF -> false;
        case AUTO -> probeConditionalWrites(s3, bucket, keyPrefix);
        case REQUIRED -> {
          if (!probeConditionalWrites(s3, bucket, keyPrefix)) {
            throw new IOException("s3://" + bucket + "/" + keyPrefix + " does not honour conditional writes "
                + "(If-None-Match), which the configuration requires");
          }
          yield true;
        }
      };
      return new S3Store(s3, bucket, keyPrefix, conditional, settings.parallelism());
    } catch (IOException | RuntimeException e) {
      s3.close();
      throw e;
    }
  }

  private static S3Client client(S3Settings settings) {
    AwsCredentialsProvider credentials = settings.accessKeyId().isPresent()
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(),
            settings.secretAccessKey().orElseThrow()))
        : DefaultCredentialsProvider.builder().build();
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(settings.region()))
        .forcePathStyle(settings.pathStyle())
        .credentialsProvider(credentials)
        // Checksums only where the API requires them: S3-compatible servers do not all take the SDK's
        // default trailing checksums (aws-chunked uploads).
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        // The SDK's retry circuit breaker would, once an outage has drained its token bucket, stop retrying
        // for good, and the stale pooled connections left by the outage then fail one request in a few:
        // every batch fails and the sink never recovers. Without it, each request is tried 4 times.
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .circuitBreakerEnabled(false).maxAttempts(4).build()))
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(2 * settings.parallelism())
            .connectionMaxIdleTime(Duration.ofSeconds(10)));
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** Whether a second {@code If-None-Match: *} PUT of one object is refused, as it must be. */
  private static boolean probeConditionalWrites(S3Client s3, String bucket, String keyPrefix) throws IOException {
    String key = keyPrefix + ".civictrust-probe-" + UUID.randomUUID();
    byte[] content = "probe\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try {
      s3.putObject(put(bucket, key, TILE_CONTENT_TYPE).ifNoneMatch("*").build(), RequestBody.fromBytes(content));
      try {
        s3.putObject(put(bucket, key, TILE_CONTENT_TYPE).ifNoneMatch("*").build(), RequestBody.fromBytes(content));
        return false;
      } catch (S3Exception e) {
        return e.statusCode() == 412;
      }
    } catch (S3Exception e) {
      if (e.statusCode() == 501 || e.statusCode() == 400) {
        return false;
      }
      throw new IOException("cannot write to s3://" + bucket + "/" + keyPrefix + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("cannot reach s3://" + bucket + "/" + keyPrefix + ": " + e.getMessage(), e);
    } finally {
      try {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
      } catch (SdkException ignored) {
        // the probe object may not exist; an unreachable service was reported above
      }
    }
  }

  private static PutObjectRequest.Builder put(String bucket, String key, String contentType) {
    return PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType);
  }

  private PutObjectRequest.Builder put(String key) {
    boolean checkpoint = key.equals("checkpoint") || key.endsWith("/checkpoint");
    return put(bucket, prefix + key, checkpoint ? CHECKPOINT_CONTENT_TYPE : TILE_CONTENT_TYPE)
        .cacheControl(checkpoint ? "no-cache" : "public, max-age=31536000, immutable");
  }

  /** Whether this store writes with conditional requests. */
  public boolean conditionalWrites() {
    return conditional;
  }

  @Override
  public byte[] read(String key) throws IOException {
    Keys.check(key);
    ResponseBytes<GetObjectResponse> object = get(key);
    return object == null ? null : object.asByteArray();
  }

  private ResponseBytes<GetObjectResponse> get(String key) throws IOException {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key));
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw failure("read", key, e);
    } catch (SdkException e) {
      throw failure("read", key, e);
    }
  }

  private boolean exists(String key) throws IOException {
    try {
      s3.headObject(b -> b.bucket(bucket).key(prefix + key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failure("look up", key, e);
    } catch (SdkException e) {
      throw failure("look up", key, e);
    }
  }

  @Override
  public Write createIfAbsent(String key, byte[] content) throws IOException {
    Keys.check(key);
    for (int attempt = 1; ; attempt++) {
      try {
        if (conditional) {
          s3.putObject(put(key).ifNoneMatch("*").build(), RequestBody.fromBytes(content));
          return Write.CREATED;
        }
        if (!exists(key)) {
          s3.putObject(put(key).build(), RequestBody.fromBytes(content));
          return Write.CREATED;
        }
      } catch (S3Exception e) {
        // 412: the object exists. 409: a concurrent conditional write of it is under way; look again.
        if (e.statusCode() != 412 && !(e.statusCode() == 409 && attempt < CONFLICT_RETRIES)) {
          throw failure("write", key, e);
        }
      } catch (SdkException e) {
        throw failure("write", key, e);
      }
      byte[] existing = read(key);
      if (existing != null) {
        return MessageDigest.isEqual(existing, content) ? Write.UNCHANGED : Write.CONFLICT;
      }
      if (attempt >= CONFLICT_RETRIES) {
        throw new IOException("s3://" + bucket + "/" + prefix + key + " exists and does not, " + attempt + " times over");
      }
    }
  }

  @Override
  public Map<String, Write> createAllIfAbsent(Map<String, byte[]> files) throws IOException {
    Map<String, Future<Write>> futures = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      futures.put(file.getKey(), writers.submit(() -> createIfAbsent(file.getKey(), file.getValue())));
    }
    Map<String, Write> outcomes = new LinkedHashMap<>();
    IOException failure = null;
    for (Map.Entry<String, Future<Write>> future : futures.entrySet()) {
      try {
        outcomes.put(future.getKey(), future.getValue().get());
      } catch (ExecutionException e) {
        IOException cause = e.getCause() instanceof IOException io ? io
            : new IOException("writing " + future.getKey() + " failed", e.getCause());
        if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      } catch (InterruptedException e) {
        futures.values().forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing to " + location());
      }
    }
    if (failure != null) {
      throw failure;
    }
    return outcomes;
  }

  @Override
  public void sync() {
    // a PUT that returned is durable
  }

  @Override
  public boolean replaceIf(String key, byte[] expected, byte[] content) throws IOException {
    Keys.check(key);
    try {
      if (expected == null) {
        if (conditional) {
          s3.putObject(put(key).ifNoneMatch("*").build(), RequestBody.fromBytes(content));
          return true;
        }
        if (exists(key)) {
          return false;
        }
        s3.putObject(put(key).build(), RequestBody.fromBytes(content));
        return true;
      }
      ResponseBytes<GetObjectResponse> current = get(key);
      if (current == null || !MessageDigest.isEqual(current.asByteArray(), expected)) {
        return false;
      }
      PutObjectRequest.Builder request = put(key);
      if (conditional) {
        request.ifMatch(current.response().eTag());
      }
      s3.putObject(request.build(), RequestBody.fromBytes(content));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return false;
      }
      throw failure("replace", key, e);
    } catch (SdkException e) {
      throw failure("replace", key, e);
    }
  }

  @Override
  public List<String> list(String keyPrefix) throws IOException {
    Keys.checkPrefix(keyPrefix);
    List<String> keys = new ArrayList<>();
    try {
      for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix)).contents()) {
        String key = object.key().substring(prefix.length());
        try {
          keys.add(Keys.check(key));
        } catch (IllegalArgumentException notOurs) {
          // probe objects and foreign names are not archive keys
        }
      }
    } catch (SdkException e) {
      throw failure("list", keyPrefix, e);
    }
    keys.sort(null);
    return keys;
  }

  private IOException failure(String what, String key, SdkException e) {
    String status = e instanceof S3Exception s ? " (HTTP " + s.statusCode() + ")" : "";
    return new IOException("cannot " + what + " s3://" + bucket + "/" + prefix + key + status + ": " + e.getMessage(), e);
  }

  @Override
  public String location() {
    return "s3://" + bucket + "/" + prefix;
  }

  @Override
  public String writeMode() {
    return conditional ? "conditional PUT (If-None-Match: * to create, If-Match: <ETag> to replace)"
        : "HEAD then PUT, GET then PUT (the service does not honour conditional writes: racy between two writers)";
  }

  @Override
  public void close() {
    writers.shutdownNow();
    s3.close();
  }

  @Override
  public String toString() {
    return "S3Store[" + location() + ", " + (conditional ? "conditional writes" : "check then write") + "]";
  }
}
