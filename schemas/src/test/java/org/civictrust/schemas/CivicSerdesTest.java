package org.civictrust.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.civictrust.schemas.RecordException.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kafka serdes: round trips, tombstones, and Kafka's exception convention with the reason code as the cause. */
class CivicSerdesTest {
  static final String TOPIC = "civictrust.issuance.requests";

  FakeRegistry registry;
  SchemaRegistryClient client;
  AvroCodec<IssuanceRequest> avro = Samples.codec(IssuanceRequest.class);

  @BeforeEach
  void start() throws Exception {
    registry = FakeRegistry.start("", 1);
    client = SchemaRegistryClient.create(registry.baseUrl());
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  static <T> T roundTrip(Serde<T> serde, T record) {
    return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, record));
  }

  static Fault faultOf(Serde<?> serde, byte[] bytes) {
    SerializationException e = assertThrows(SerializationException.class, () -> serde.deserializer().deserialize(TOPIC, bytes));
    return assertInstanceOf(RecordException.class, e.getCause()).fault();
  }

  @Test
  void eachSerdeRoundTripsARecordAndMapsNullToNull() throws Exception {
    for (Serde<IssuanceRequest> serde : List.of(CivicSerdes.singleObject(avro),
        CivicSerdes.confluent(avro, client, TOPIC), CivicSerdes.confluentKey(avro, client, TOPIC),
        CivicSerdes.framed(FramedCodec.singleObject(avro)))) {
      assertEquals(Samples.request(), roundTrip(serde, Samples.request()));
      assertNull(serde.serializer().serialize(TOPIC, null));
      assertNull(serde.deserializer().deserialize(TOPIC, null));
    }
  }

  @Test
  void theConfluentSerdesRegisterUnderTheTopicsValueAndKeySubjects() {
    CivicSerdes.confluent(avro, client, TOPIC).serializer().serialize(TOPIC, Samples.request());
    CivicSerdes.confluentKey(avro, client, TOPIC).serializer().serialize(TOPIC, Samples.request());
    assertEquals(List.of("POST /subjects/" + TOPIC + "-value/versions", "POST /subjects/" + TOPIC + "-key/versions"),
        registry.requests());
  }

  @Test
  void badInputIsASerializationExceptionCausedByTheRecordException() throws Exception {
    Serde<IssuanceRequest> singleObject = CivicSerdes.singleObject(avro);
    Serde<IssuanceRequest> confluent = CivicSerdes.confluent(avro, client, TOPIC);
    byte[] otherFingerprint = avro.encodeSingleObject(Samples.request());
    otherFingerprint[9] ^= 1;
    assertEquals(Fault.WRONG_SCHEMA, faultOf(singleObject, otherFingerprint));
    assertEquals(Fault.MALFORMED, faultOf(singleObject, new byte[] {1, 2, 3}));
    assertEquals(Fault.MALFORMED, faultOf(confluent, avro.encodeSingleObject(Samples.request())));
    assertEquals(Fault.WRONG_SCHEMA, faultOf(confluent, ConfluentCodecTest.frame(404, avro.encode(Samples.request()))));
  }

  @Test
  void theFramedSerdeReadsBothFramings() throws Exception {
    ConfluentCodec<IssuanceRequest> confluent = ConfluentCodec.of(avro, client, SchemaRegistryClient.valueSubject(TOPIC));
    Serde<IssuanceRequest> serde = CivicSerdes.framed(FramedCodec.withRegistry(confluent));
    assertEquals(Samples.request(), serde.deserializer().deserialize(TOPIC, confluent.encode(Samples.request())));
    assertEquals(Samples.request(), serde.deserializer().deserialize(TOPIC, avro.encodeSingleObject(Samples.request())));
  }

  @Test
  void aRegistryFaultIsAKafkaExceptionThatIsNotASerializationException() throws Exception {
    Serde<IssuanceRequest> confluent = CivicSerdes.confluent(avro, client, TOPIC);
    byte[] framed = ConfluentCodecTest.frame(7, avro.encode(Samples.request()));
    registry.close();
    KafkaException e = assertThrows(KafkaException.class, () -> confluent.deserializer().deserialize(TOPIC, framed));
    assertFalse(e instanceof SerializationException);
    assertEquals(SchemaRegistryException.Failure.UNREACHABLE,
        assertInstanceOf(SchemaRegistryException.class, e.getCause()).failure());
    assertThrows(KafkaException.class, () -> confluent.serializer().serialize(TOPIC, Samples.request()));
  }

  @Test
  void anOversizeRecordIsASerializationExceptionWhenSerializing() {
    IssuanceRequest huge = IssuanceRequest.newBuilder(Samples.request()).setSubject("x".repeat(Samples.MAX_SIZE)).build();
    SerializationException e = assertThrows(SerializationException.class,
        () -> CivicSerdes.singleObject(avro).serializer().serialize(TOPIC, huge));
    assertEquals(Fault.OVERSIZE, assertInstanceOf(RecordException.class, e.getCause()).fault());
  }
}
