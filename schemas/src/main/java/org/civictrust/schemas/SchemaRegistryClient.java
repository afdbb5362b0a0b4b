package org.civictrust.schemas;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.civictrust.schemas.SchemaRegistryException.Failure;
import org.civictrust.schemas.internal.BoundedCache;
import org.civictrust.schemas.internal.LimitedBody;
import org.civictrust.schemas.internal.RegistryJson;

/**
 * A client for the two calls of the
 * <a href="https://docs.confluent.io/platform/current/schema-registry/develop/api.html">Confluent Schema
 * Registry REST API</a> that the Confluent wire format needs: {@link #register} ({@code POST
 * /subjects/{subject}/versions}) and {@link #schemaById} ({@code GET /schemas/ids/{id}}). Any registry
 * that serves that API works: Confluent's at its root, Apicurio Registry 2.x under
 * {@code /apis/ccompat/v7} (give that as the base URL's path).
 *
 * <p>Both directions are cached (subject and schema to id, id to schema; ids never change meaning),
 * at most {@value #CACHE_CAPACITY} entries each. Every call has a timeout; answers are read up to
 * {@value #MAX_ANSWER_SIZE} bytes. Failures are {@link SchemaRegistryException}s carrying the HTTP
 * status and the registry's error body. Thread-safe.
 *
 * <p>Non-goals: authentication, schema references, schema types other than Avro, subject
 * compatibility settings.
 */
public final class SchemaRegistryClient {
  /** The content type of the registry API's requests. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  /** The timeout of {@link #create(URI)}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** The longest answer read, in bytes. */
  public static final int MAX_ANSWER_SIZE = 1 << 20;
  /** How many ids, and how many schemas, are cached. */
  public static final int CACHE_CAPACITY = 1024;

  private static final int SCHEMA_NOT_FOUND = 40403;
  private static final int MAX_ERROR_TEXT = 500;
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private record Registration(String subject, String schema) {}

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient http;
  private final BoundedCache<Registration, Integer> ids = new BoundedCache<>(CACHE_CAPACITY);
  private final BoundedCache<Integer, Schema> schemas = new BoundedCache<>(CACHE_CAPACITY);

  private SchemaRegistryClient(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** A client of the registry at {@code baseUrl} with {@link #DEFAULT_TIMEOUT}. */
  public static SchemaRegistryClient create(URI baseUrl) {
    return create(baseUrl, DEFAULT_TIMEOUT);
  }

  /**
   * A client of the registry at {@code baseUrl}, e.g. {@code http://registry:8081} or
   * {@code http://apicurio:8080/apis/ccompat/v7}. Requires an absolute http or https URL without user
   * info, query or fragment, and a positive {@code timeout} for connecting and for each call.
   */
  public static SchemaRegistryClient create(URI baseUrl, Duration timeout) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(timeout, "timeout");
    String scheme = baseUrl.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || baseUrl.getHost() == null
        || baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException("not an http(s) base URL without user info, query or fragment: " + baseUrl);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout " + timeout + " is not positive");
    }
    return new SchemaRegistryClient(baseUrl.toString().replaceAll("/+$", ""), timeout);
  }

  /** The subject of {@code topic}'s record values under the TopicNameStrategy: {@code <topic>-value}. */
  public static String valueSubject(String topic) {
    return requireTopic(topic) + "-value";
  }

  /** The subject of {@code topic}'s record keys under the TopicNameStrategy: {@code <topic>-key}. */
  public static String keySubject(String topic) {
    return requireTopic(topic) + "-key";
  }

  /** The registry's base URL, without a trailing slash. */
  public URI baseUrl() {
    return URI.create(baseUrl);
  }

  /**
   * Registers {@code schema} under {@code subject} (or finds it there) and returns its id. The schema
   * is sent as {@link Schema#toString()}; registries give the same text the same id.
   */
  public int register(String subject, Schema schema) throws IOException {
    Objects.requireNonNull(schema, "schema");
    Registration key = new Registration(requireSubject(subject), schema.toString());
    Integer cached = ids.get(key);
    if (cached != null) {
      return cached;
    }
    HttpRequest request = HttpRequest.newBuilder(uri("/subjects/" + pathSegment(subject) + "/versions"))
        .timeout(timeout).header("Content-Type", CONTENT_TYPE).header("Accept", CONTENT_TYPE)
        .POST(HttpRequest.BodyPublishers.ofByteArray(RegistryJson.registerRequest(key.schema()))).build();
    byte[] answer = call(request);
    int id;
    try {
      id = RegistryJson.id(answer);
    } catch (IOException e) {
      throw badAnswer(request, answer, e);
    }
    ids.put(key, id);
    return id;
  }

  /** The Avro schema with registry id {@code id}; requires {@code id >= 0}. */
  public Schema schemaById(int id) throws IOException {
    if (id < 0) {
      throw new IllegalArgumentException("schema id " + id + " < 0");
    }
    Schema cached = schemas.get(id);
    if (cached != null) {
      return cached;
    }
    HttpRequest request = HttpRequest.newBuilder(uri("/schemas/ids/" + id))
        .timeout(timeout).header("Accept", CONTENT_TYPE).GET().build();
    byte[] answer = call(request);
    RegistryJson.SchemaAnswer parsed;
    try {
      parsed = RegistryJson.schema(answer);
    } catch (IOException e) {
      throw badAnswer(request, answer, e);
    }
    if (!"AVRO".equals(parsed.schemaType()) || parsed.hasReferences()) {
      throw new SchemaRegistryException(Failure.UNSUPPORTED_SCHEMA, 200, OptionalInt.empty(), "schema " + id
          + " is of type " + parsed.schemaType() + (parsed.hasReferences() ? " with references" : ""), null);
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(parsed.schema());
    } catch (RuntimeException e) {
      // Whatever Avro throws on a schema text it refuses (SchemaParseException, AvroTypeException, ...).
      throw new SchemaRegistryException(Failure.UNSUPPORTED_SCHEMA, 200, OptionalInt.empty(),
          "schema " + id + " does not parse as Avro: " + e.getMessage(), e);
    }
    schemas.put(id, schema);
    return schema;
  }

  private byte[] call(HttpRequest request) throws IOException {
    String what = request.method() + " " + request.uri();
    CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, info -> new LimitedBody(MAX_ANSWER_SIZE));
    HttpResponse<byte[]> response;
    try {
      response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new SchemaRegistryException(Failure.TIMEOUT, 0, OptionalInt.empty(), what + ": no answer within " + timeout, e);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw (InterruptedIOException) new InterruptedIOException(what + " was interrupted").initCause(e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (causedBy(cause, LimitedBody.TooLarge.class)) {
        throw new SchemaRegistryException(Failure.BAD_ANSWER, 0, OptionalInt.empty(), what + ": " + cause.getMessage(), cause);
      }
      Failure failure = causedBy(cause, HttpTimeoutException.class) ? Failure.TIMEOUT : Failure.UNREACHABLE;
      throw new SchemaRegistryException(failure, 0, OptionalInt.empty(), what + ": " + cause, cause);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    OptionalInt code = RegistryJson.errorCode(response.body());
    Failure failure = status == 404 && code.equals(OptionalInt.of(SCHEMA_NOT_FOUND)) ? Failure.SCHEMA_NOT_FOUND
        : Failure.HTTP_ERROR;
    throw new SchemaRegistryException(failure, status, code, what + ": HTTP " + status + ": " + excerpt(response.body()), null);
  }

  private static SchemaRegistryException badAnswer(HttpRequest request, byte[] answer, IOException e) {
    return new SchemaRegistryException(Failure.BAD_ANSWER, 200, OptionalInt.empty(), request.method() + " "
        + request.uri() + ": " + e.getMessage() + ": " + excerpt(answer), e);
  }

  private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The start of a body as printable text, for error messages. */
  private static String excerpt(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " ").strip();
    return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "…";
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  private static String pathSegment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String requireSubject(String subject) {
    if (subject == null || subject.isEmpty() || subject.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a subject is non-empty text without control characters");
    }
    return subject;
  }

  private static String requireTopic(String topic) {
    if (topic == null || !TOPIC.matcher(topic).matches()) {
      throw new IllegalArgumentException("not a Kafka topic name: " + topic);
    }
    return topic;
  }
}
