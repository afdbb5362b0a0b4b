package org.civictrust.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.civictrust.schemas.RecordException.Fault;
import org.civictrust.schemas.SchemaRegistryException.Failure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry client, the Confluent wire format and the serdes against a real Confluent-compatible
 * registry: Apicurio Registry 2.6.13, one child process for the class ({@link ApicurioRegistry}).
 * Every test uses fresh clients where it must prove a call reaches the registry, not a cache.
 */
class ApicurioRegistryIT {
  static ApicurioRegistry apicurio;

  @BeforeAll
  static void startRegistry() throws Exception {
    apicurio = ApicurioRegistry.start();
    System.out.println("Apicurio Registry (pid " + apicurio.pid() + ") ready at " + apicurio.url() + " in "
        + apicurio.startup().toMillis() + " ms");
  }

  @AfterAll
  static void stopRegistry() {
    if (apicurio != null) {
      apicurio.close();
    }
  }

  static SchemaRegistryClient freshClient() {
    return SchemaRegistryClient.create(apicurio.ccompatUrl());
  }

  static String canonicalForm(Schema schema) {
    return SchemaNormalization.toParsingForm(schema);
  }

  @Test
  void everyCivicTrustSchemaRegistersUnderItsTopicValueSubjectAndComesBackTheSame() throws Exception {
    Set<Integer> ids = new HashSet<>();
    for (Samples.TopicSample<?> topic : Samples.topics()) {
      Schema schema = topic.codec().schema();
      int id = freshClient().register(SchemaRegistryClient.valueSubject(topic.topic()), schema);
      assertEquals(canonicalForm(schema), canonicalForm(freshClient().schemaById(id)), topic.topic());
      ids.add(id);
    }
    for (Schema embedded : List.of(Document.getClassSchema(), IssuedEntry.getClassSchema(), Claim.getClassSchema(),
        LogSeed.getClassSchema())) {
      int id = freshClient().register("civictrust.it." + embedded.getName() + "-value", embedded);
      assertEquals(canonicalForm(embedded), canonicalForm(freshClient().schemaById(id)));
      ids.add(id);
    }
    assertEquals(Samples.topics().size() + 4, ids.size(), "distinct schemas have distinct ids");
  }

  @Test
  void recordsOfEveryTopicRoundTripInTheConfluentWireFormat() throws Exception {
    for (Samples.TopicSample<?> topic : Samples.topics()) {
      roundTrip(topic);
    }
  }

  private static <T extends SpecificRecord> void roundTrip(Samples.TopicSample<T> topic) throws Exception {
    String subject = SchemaRegistryClient.valueSubject(topic.topic());
    ConfluentCodec<T> writer = ConfluentCodec.of(topic.codec(), freshClient(), subject);
    ConfluentCodec<T> reader = ConfluentCodec.of(topic.codec(), freshClient(), subject);
    byte[] framed = writer.encode(topic.sample());
    assertEquals(writer.schemaId(), ConfluentCodec.schemaIdOf(framed), topic.topic());
    assertEquals(topic.sample(), reader.decode(framed), topic.topic());
  }

  @Test
  void registeringTheSameSchemaAgainGivesTheSameIdUnderAnySubject() throws Exception {
    Schema schema = Receipt.getClassSchema();
    int first = freshClient().register("civictrust.it.again-value", schema);
    assertEquals(first, freshClient().register("civictrust.it.again-value", schema));
    assertEquals(first, freshClient().register("civictrust.it.elsewhere-value", schema));
    assertNotEquals(first, freshClient().register("civictrust.it.again-value", LogEntry.getClassSchema()));
  }

  @Test
  void aDocumentFramedWithTheIdOfTheClaimSchemaIsWrongSchema() throws Exception {
    int claimId = freshClient().register("civictrust.it.claims-value", Claim.getClassSchema());
    byte[] framed = ConfluentCodecTest.frame(claimId, Documents.DOCUMENT.encode(Samples.document()));
    ConfluentCodec<Document> codec = ConfluentCodec.of(Documents.DOCUMENT, freshClient(), "civictrust.it.documents-value");
    assertEquals(Fault.WRONG_SCHEMA, assertThrows(RecordException.class, () -> codec.decode(framed)).fault());
  }

  @Test
  void anEvolvedDocumentSchemaUnderTheSameSubjectIsWrongSchema() throws Exception {
    String subject = "civictrust.it.evolving-value";
    ConfluentCodec<Document> codec = ConfluentCodec.of(Documents.DOCUMENT, freshClient(), subject);
    byte[] pinned = codec.encode(Samples.document());
    Schema evolved = new Schema.Parser().parse(Document.getClassSchema().toString().replace("{\"name\":\"subject\"",
        "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"subject\""));
    int evolvedId = freshClient().register(subject, evolved);
    byte[] framed = ByteBuffer.wrap(pinned.clone()).putInt(1, evolvedId).array();
    assertEquals(Fault.WRONG_SCHEMA, assertThrows(RecordException.class, () -> codec.decode(framed)).fault());
    assertEquals(Samples.document(), codec.decode(pinned));
  }

  @Test
  void anIdTheRegistryNeverGaveIsWrongSchemaAndTheClientSaysSchemaNotFound() throws Exception {
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> freshClient().schemaById(Integer.MAX_VALUE));
    assertEquals(Failure.SCHEMA_NOT_FOUND, e.failure());
    assertEquals(OptionalInt.of(40403), e.errorCode());
    byte[] framed = ConfluentCodecTest.frame(Integer.MAX_VALUE, Documents.DOCUMENT.encode(Samples.document()));
    ConfluentCodec<Document> codec = ConfluentCodec.of(Documents.DOCUMENT, freshClient(), "civictrust.it.documents-value");
    assertEquals(Fault.WRONG_SCHEMA, assertThrows(RecordException.class, () -> codec.decode(framed)).fault());
  }

  @Test
  void aBadMagicByteIsMalformed() throws Exception {
    ConfluentCodec<Document> codec = ConfluentCodec.of(Documents.DOCUMENT, freshClient(), "civictrust.it.documents-value");
    byte[] framed = codec.encode(Samples.document());
    framed[0] = 1;
    assertEquals(Fault.MALFORMED, assertThrows(RecordException.class, () -> codec.decode(framed)).fault());
  }

  @Test
  void aWrongApiPathIsAnHttpErrorNotAnUnknownSchema() {
    SchemaRegistryClient wrongPath = SchemaRegistryClient.create(URI.create(apicurio.url() + "/apis/ccompat/v8"));
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> wrongPath.schemaById(1));
    assertEquals(Failure.HTTP_ERROR, e.failure());
    assertEquals(404, e.status());
  }

  @Test
  void theSerdesWorkThroughTheRealRegistry() throws Exception {
    String topic = "civictrust.issuance.requests";
    AvroCodec<IssuanceRequest> avro = Samples.codec(IssuanceRequest.class);
    Serde<IssuanceRequest> writer = CivicSerdes.confluent(avro, freshClient(), topic);
    Serde<IssuanceRequest> reader = CivicSerdes.framed(FramedCodec.withRegistry(
        ConfluentCodec.of(avro, freshClient(), SchemaRegistryClient.valueSubject(topic))));
    byte[] confluent = writer.serializer().serialize(topic, Samples.request());
    assertEquals(Samples.request(), reader.deserializer().deserialize(topic, confluent));
    assertEquals(Samples.request(), reader.deserializer().deserialize(topic, avro.encodeSingleObject(Samples.request())));
  }
}
