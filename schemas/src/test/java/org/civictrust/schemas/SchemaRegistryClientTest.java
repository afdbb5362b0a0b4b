package org.civictrust.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.civictrust.schemas.SchemaRegistryException.Failure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry client against {@link FakeRegistry}: the calls it makes, its caches, its failures. */
class SchemaRegistryClientTest {
  static final String PREFIX = "/apis/ccompat/v7";
  static final Schema CLAIM = Claim.getClassSchema();
  static final Schema DOCUMENT = Document.getClassSchema();

  FakeRegistry registry;
  SchemaRegistryClient client;

  @BeforeEach
  void start() throws Exception {
    registry = FakeRegistry.start(PREFIX, 1);
    client = SchemaRegistryClient.create(registry.baseUrl(), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void registerPostsToTheSubjectsVersionsPathUnderThePrefixWithTheRegistryContentType() throws Exception {
    assertEquals(1, client.register("civictrust.receipts-value", CLAIM));
    assertEquals(List.of("POST " + PREFIX + "/subjects/civictrust.receipts-value/versions"), registry.requests());
    assertEquals(SchemaRegistryClient.CONTENT_TYPE, registry.lastContentType());
  }

  @Test
  void schemaByIdGetsTheSchemaThatWasRegistered() throws Exception {
    int id = client.register("a-value", DOCUMENT);
    SchemaRegistryClient other = SchemaRegistryClient.create(registry.baseUrl());
    assertEquals(DOCUMENT, other.schemaById(id));
    assertEquals("GET " + PREFIX + "/schemas/ids/" + id, registry.requests().get(1));
  }

  @Test
  void aBaseUrlWithATrailingSlashGivesTheSamePaths() throws Exception {
    SchemaRegistryClient slashed = SchemaRegistryClient.create(URI.create(registry.baseUrl() + "/"));
    slashed.register("a-value", CLAIM);
    assertEquals(List.of("POST " + PREFIX + "/subjects/a-value/versions"), registry.requests());
  }

  @Test
  void registeringTheSameSchemaUnderTheSameSubjectAsksTheRegistryOnce() throws Exception {
    int first = client.register("a-value", CLAIM);
    assertEquals(first, client.register("a-value", CLAIM));
    assertEquals(first, client.register("a-value", Claim.getClassSchema()));
    assertEquals(1, registry.requests().size());
    assertEquals(first, client.register("b-value", CLAIM));
    assertEquals(2, registry.requests().size());
  }

  @Test
  void fetchingAnIdAsksTheRegistryOnce() throws Exception {
    int id = client.register("a-value", CLAIM);
    SchemaRegistryClient reader = SchemaRegistryClient.create(registry.baseUrl());
    reader.schemaById(id);
    reader.schemaById(id);
    reader.schemaById(id);
    assertEquals(2, registry.requests().size());
  }

  @Test
  void anUnknownIdIsSchemaNotFoundWithStatusAndErrorCode() {
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.schemaById(77));
    assertEquals(Failure.SCHEMA_NOT_FOUND, e.failure());
    assertEquals(404, e.status());
    assertEquals(OptionalInt.of(40403), e.errorCode());
    assertFalse(e.retriable(), "a property of the record, not of the registry's health");
  }

  @Test
  void aNotFoundWithoutTheSchemaNotFoundCodeIsAnHttpErrorLikeAWrongBasePath() throws Exception {
    SchemaRegistryClient wrongPath = SchemaRegistryClient.create(URI.create(registry.baseUrl() + "/v8"));
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> wrongPath.schemaById(1));
    assertEquals(Failure.HTTP_ERROR, e.failure());
    assertEquals(404, e.status());
    assertFalse(e.retriable(), "a wrong base path does not heal with time");
  }

  @Test
  void aServerErrorIsAnHttpErrorCarryingStatusAndRegistryErrorCode() {
    registry.answerNext(500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.register("a-value", CLAIM));
    assertEquals(Failure.HTTP_ERROR, e.failure());
    assertEquals(500, e.status());
    assertEquals(OptionalInt.of(50001), e.errorCode());
    assertTrue(e.retriable());
  }

  @Test
  void anErrorBodyThatIsNotJsonStillGivesTheStatus() {
    registry.answerNext(503, "<html>Service Unavailable</html>");
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.schemaById(1));
    assertEquals(Failure.HTTP_ERROR, e.failure());
    assertEquals(503, e.status());
    assertEquals(OptionalInt.empty(), e.errorCode());
    assertTrue(e.retriable());
  }

  @Test
  void throttlingAndTimeoutAnswersAreRetriableButRefusalsAreNot() {
    for (int status : List.of(408, 429, 502, 504)) {
      registry.answerNext(status, "{}");
      SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.schemaById(1));
      assertEquals(Failure.HTTP_ERROR, e.failure());
      assertTrue(e.retriable(), "HTTP " + status);
    }
    for (int status : List.of(400, 401, 403, 409, 422)) {
      registry.answerNext(status, "{}");
      SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.schemaById(1));
      assertEquals(Failure.HTTP_ERROR, e.failure());
      assertFalse(e.retriable(), "HTTP " + status);
    }
  }

  @Test
  void garbageJsonIsABadAnswer() {
    for (String garbage : List.of("{\"id\":", "not json", "[1]", "{\"id\":\"7\"}", "{\"id\":2147483648}", "{\"id\":-1}",
        "{\"id\":1.5}", "{\"id\":1,\"id\":2}", "{\"id\":1} {}", "")) {
      registry.answerNext(200, garbage);
      SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.register("a-value", CLAIM),
          garbage);
      assertEquals(Failure.BAD_ANSWER, e.failure(), garbage);
      assertFalse(e.retriable(), garbage);
    }
    for (String garbage : List.of("{}", "{\"schema\":7}", "{\"schema\":\"x\",\"schemaType\":1}")) {
      registry.answerNext(200, garbage);
      SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.schemaById(1), garbage);
      assertEquals(Failure.BAD_ANSWER, e.failure(), garbage);
    }
  }

  @Test
  void anAnswerLongerThanTheLimitIsABadAnswer() {
    registry.answerNext(200, "{\"schema\":\"" + "x".repeat(SchemaRegistryClient.MAX_ANSWER_SIZE) + "\"}");
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.schemaById(1));
    assertEquals(Failure.BAD_ANSWER, e.failure());
  }

  @Test
  void schemasThatAreNotPlainAvroAreUnsupported() {
    registry.plant(1, "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");
    registry.plant(2, "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"A\\\",\\\"fields\\\":[{\\\"name\\\":"
        + "\\\"c\\\",\\\"type\\\":\\\"Claim\\\"}]}\",\"references\":[{\"name\":\"Claim\",\"subject\":\"c\",\"version\":1}]}");
    registry.plant(3, "{\"schema\":\"{\\\"type\\\":\\\"record\\\"}\"}");
    for (int id = 1; id <= 3; id++) {
      int which = id;
      SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.schemaById(which));
      assertEquals(Failure.UNSUPPORTED_SCHEMA, e.failure(), "id " + id);
      assertFalse(e.retriable(), "id " + id);
    }
  }

  @Test
  void noAnswerWithinTheTimeoutIsATimeout() throws Exception {
    SchemaRegistryClient impatient = SchemaRegistryClient.create(registry.baseUrl(), Duration.ofMillis(200));
    registry.answerNext(200, "{\"id\":1}", Duration.ofSeconds(3));
    long start = System.nanoTime();
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> impatient.register("a-value", CLAIM));
    assertEquals(Failure.TIMEOUT, e.failure());
    assertTrue(e.retriable());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "gave up in time");
  }

  @Test
  void aRegistryThatIsNotListeningIsUnreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    SchemaRegistryClient nobody = SchemaRegistryClient.create(URI.create("http://127.0.0.1:" + port));
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> nobody.schemaById(1));
    assertEquals(Failure.UNREACHABLE, e.failure());
    assertEquals(0, e.status());
    assertTrue(e.retriable());
  }

  @Test
  void failuresAreNotCached() throws Exception {
    registry.answerNext(500, "{\"error_code\":50001,\"message\":\"try again\"}");
    assertThrows(SchemaRegistryException.class, () -> client.register("a-value", CLAIM));
    assertEquals(1, client.register("a-value", CLAIM));
  }

  @Test
  void baseUrlsThatCannotBeUsedAreRefused() {
    for (String url : List.of("ftp://h/x", "http://u:p@h:8081", "http://h:8081/?q", "http://h:8081/#f", "/relative")) {
      assertThrows(IllegalArgumentException.class, () -> SchemaRegistryClient.create(URI.create(url)), url);
    }
    assertThrows(IllegalArgumentException.class, () -> SchemaRegistryClient.create(URI.create("http://h"), Duration.ZERO));
  }

  @Test
  void subjectsFollowTheTopicNameStrategy() {
    assertEquals("civictrust.receipts-value", SchemaRegistryClient.valueSubject("civictrust.receipts"));
    assertEquals("civictrust.receipts-key", SchemaRegistryClient.keySubject("civictrust.receipts"));
    assertThrows(IllegalArgumentException.class, () -> SchemaRegistryClient.valueSubject("a/b"));
    assertThrows(IllegalArgumentException.class, () -> SchemaRegistryClient.valueSubject(""));
  }
}
