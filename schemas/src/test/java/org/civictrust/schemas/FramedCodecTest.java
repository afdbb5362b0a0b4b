package org.civictrust.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.civictrust.schemas.FramedCodec.Framing;
import org.civictrust.schemas.RecordException.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Either framing, chosen by the first bytes; the framing written depends on whether a registry is configured. */
class FramedCodecTest {
  FakeRegistry registry;
  FramedCodec<IssuanceRequest> withRegistry;
  FramedCodec<IssuanceRequest> withoutRegistry;
  AvroCodec<IssuanceRequest> avro = Samples.codec(IssuanceRequest.class);

  @BeforeEach
  void start() throws Exception {
    registry = FakeRegistry.start("", 1);
    withRegistry = FramedCodec.withRegistry(ConfluentCodec.of(avro,
        SchemaRegistryClient.create(registry.baseUrl()), "civictrust.issuance.requests-value"));
    withoutRegistry = FramedCodec.singleObject(avro);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void withARegistryItWritesConfluentAndReadsBothFramings() throws Exception {
    assertEquals(Framing.CONFLUENT, withRegistry.writes());
    byte[] confluent = withRegistry.encode(Samples.request());
    assertEquals(Framing.CONFLUENT, FramedCodec.framingOf(confluent));
    byte[] singleObject = avro.encodeSingleObject(Samples.request());
    assertEquals(Samples.request(), withRegistry.decode(confluent));
    assertEquals(Samples.request(), withRegistry.decode(singleObject));
  }

  @Test
  void withoutARegistryItWritesAndReadsSingleObjectEncodingOnly() throws Exception {
    assertEquals(Framing.SINGLE_OBJECT, withoutRegistry.writes());
    byte[] singleObject = withoutRegistry.encode(Samples.request());
    assertEquals(Framing.SINGLE_OBJECT, FramedCodec.framingOf(singleObject));
    assertEquals(Samples.request(), withoutRegistry.decode(singleObject));
    byte[] confluent = withRegistry.encode(Samples.request());
    assertEquals(Fault.MALFORMED, assertThrows(RecordException.class, () -> withoutRegistry.decode(confluent)).fault());
  }

  @Test
  void firstBytesOfNeitherFramingAreMalformed() {
    for (byte[] bad : new byte[][] {{}, {1}, {(byte) 0xc3}, {(byte) 0xc3, 2, 0, 0, 0, 0, 0, 0, 0, 0}, {'{', '"'}}) {
      assertEquals(Fault.MALFORMED, assertThrows(RecordException.class, () -> FramedCodec.framingOf(bad)).fault());
      assertEquals(Fault.MALFORMED, assertThrows(RecordException.class, () -> withRegistry.decode(bad)).fault());
    }
  }

  @Test
  void eachFramingKeepsItsOwnSchemaCheck() throws Exception {
    byte[] otherFingerprint = avro.encodeSingleObject(Samples.request());
    otherFingerprint[2] ^= 1;
    assertEquals(Fault.WRONG_SCHEMA, assertThrows(RecordException.class, () -> withRegistry.decode(otherFingerprint)).fault());
    int claimId = SchemaRegistryClient.create(registry.baseUrl()).register("claims-value", Claim.getClassSchema());
    byte[] otherId = ConfluentCodecTest.frame(claimId, avro.encode(Samples.request()));
    assertEquals(Fault.WRONG_SCHEMA, assertThrows(RecordException.class, () -> withRegistry.decode(otherId)).fault());
  }
}
