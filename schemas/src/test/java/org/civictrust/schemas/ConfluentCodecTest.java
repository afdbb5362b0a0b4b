package org.civictrust.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.civictrust.schemas.RecordException.Fault;
import org.civictrust.schemas.SchemaRegistryException.Failure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Confluent wire format against {@link FakeRegistry}: exact bytes, the pinned schema only, faults apart. */
class ConfluentCodecTest {
  static final String SUBJECT = "civictrust.documents-value";

  FakeRegistry registry;
  SchemaRegistryClient client;
  ConfluentCodec<Document> codec;

  @BeforeEach
  void start() throws Exception {
    registry = FakeRegistry.start("", 0x01020304);
    client = SchemaRegistryClient.create(registry.baseUrl(), Duration.ofSeconds(5));
    codec = ConfluentCodec.of(Documents.DOCUMENT, client, SUBJECT);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  /** {@code body} framed with magic 0 and {@code id}. */
  static byte[] frame(int id, byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(id).put(body).array();
  }

  /** The id a fresh client gets for {@code schema} under {@code subject}. */
  int register(String subject, Schema schema) throws Exception {
    return SchemaRegistryClient.create(registry.baseUrl()).register(subject, schema);
  }

  @Test
  void encodingIsMagicZeroThenTheIdBigEndianThenTheAvroBinary() throws Exception {
    byte[] framed = codec.encode(Samples.document());
    assertEquals("0001020304", HexFormat.of().formatHex(framed, 0, 5));
    assertArrayEquals(Documents.DOCUMENT.encode(Samples.document()), Arrays.copyOfRange(framed, 5, framed.length));
    assertEquals("POST /subjects/" + SUBJECT + "/versions", registry.requests().get(0));
  }

  @Test
  void thePinnedSchemaIsRegisteredOnce() throws Exception {
    codec.encode(Samples.document());
    codec.encode(Samples.document());
    codec.decode(codec.encode(Samples.document()));
    assertEquals(1, registry.requests().size());
  }

  @Test
  void aRecordRoundTripsThroughAnotherClientThatFetchesTheWriterSchemaOnce() throws Exception {
    byte[] framed = codec.encode(Samples.document());
    ConfluentCodec<Document> reader = ConfluentCodec.of(Documents.DOCUMENT,
        SchemaRegistryClient.create(registry.baseUrl()), SUBJECT);
    assertEquals(Samples.document(), reader.decode(framed));
    assertEquals(Samples.document(), reader.decode(framed));
    assertEquals(2, registry.requests().size());
  }

  @Test
  void anIdOfAnotherSchemaIsWrongSchema() throws Exception {
    int claim = register("claims-value", Claim.getClassSchema());
    byte[] framed = frame(claim, Documents.DOCUMENT.encode(Samples.document()));
    assertEquals(Fault.WRONG_SCHEMA, assertThrows(RecordException.class, () -> codec.decode(framed)).fault());
    assertEquals(Fault.WRONG_SCHEMA, assertThrows(RecordException.class, () -> codec.decode(framed)).fault());
    assertEquals(2, registry.requests().size(), "the verdict is remembered");
  }

  @Test
  void anEvolvedWriterSchemaIsWrongSchemaEvenIfReadable() throws Exception {
    Schema evolved = new Schema.Parser().parse(Document.getClassSchema().toString()
        .replace("{\"name\":\"subject\"", "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"subject\""));
    int id = register(SUBJECT, evolved);
    byte[] framed = frame(id, Documents.DOCUMENT.encode(Samples.document()));
    assertEquals(Fault.WRONG_SCHEMA, assertThrows(RecordException.class, () -> codec.decode(framed)).fault());
  }

  @Test
  void aWriterSchemaThatDiffersOnlyInDocumentationIsThePinnedSchema() throws Exception {
    Schema annotated = new Schema.Parser().parse(Document.getClassSchema().toString()
        .replace("Document type, e.g. birth-certificate.", "The kind of document."));
    int id = register(SUBJECT, annotated);
    assertEquals(Samples.document(), codec.decode(frame(id, Documents.DOCUMENT.encode(Samples.document()))));
  }

  @Test
  void anIdTheRegistryDoesNotKnowIsWrongSchema() throws Exception {
    byte[] body = Documents.DOCUMENT.encode(Samples.document());
    assertEquals(Fault.WRONG_SCHEMA, assertThrows(RecordException.class, () -> codec.decode(frame(99, body))).fault());
    assertEquals(Fault.WRONG_SCHEMA, assertThrows(RecordException.class, () -> codec.decode(frame(-1, body))).fault());
  }

  @Test
  void anIdOfANonAvroSchemaIsWrongSchema() throws Exception {
    registry.plant(5, "{\"schema\":\"{}\",\"schemaType\":\"JSON\"}");
    byte[] framed = frame(5, Documents.DOCUMENT.encode(Samples.document()));
    assertEquals(Fault.WRONG_SCHEMA, assertThrows(RecordException.class, () -> codec.decode(framed)).fault());
  }

  @Test
  void aBadMagicByteOrAShortRecordIsMalformed() throws Exception {
    byte[] good = codec.encode(Samples.document());
    byte[] badMagic = good.clone();
    badMagic[0] = 1;
    for (byte[] bad : new byte[][] {badMagic, {}, {0}, {0, 1, 2, 3}, {(byte) 0xc3, 1, 0, 0, 0, 0, 0, 0, 0, 0}}) {
      assertEquals(Fault.MALFORMED, assertThrows(RecordException.class, () -> codec.decode(bad)).fault());
    }
  }

  @Test
  void theBodyIsDecodedStrictlyByTheAvroCodec() throws Exception {
    byte[] good = codec.encode(Samples.document());
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    byte[] truncated = Arrays.copyOf(good, good.length - 1);
    assertEquals(Fault.MALFORMED, assertThrows(RecordException.class, () -> codec.decode(trailing)).fault());
    assertEquals(Fault.MALFORMED, assertThrows(RecordException.class, () -> codec.decode(truncated)).fault());
    byte[] huge = frame(codec.schemaId(), new byte[Documents.MAX_DOCUMENT_SIZE + 1]);
    assertEquals(Fault.OVERSIZE, assertThrows(RecordException.class, () -> codec.decode(huge)).fault());
  }

  @Test
  void aRegistryThatCannotAnswerIsAnIoFaultNotBadInput() throws Exception {
    byte[] framed = frame(12345, Documents.DOCUMENT.encode(Samples.document()));
    registry.answerNext(500, "{\"error_code\":50001,\"message\":\"backend down\"}");
    assertEquals(Failure.HTTP_ERROR, assertThrows(SchemaRegistryException.class, () -> codec.decode(framed)).failure());
    registry.close();
    assertEquals(Failure.UNREACHABLE, assertThrows(SchemaRegistryException.class, () -> codec.decode(framed)).failure());
    ConfluentCodec<Document> writer = ConfluentCodec.of(Documents.DOCUMENT,
        SchemaRegistryClient.create(URI.create(registry.baseUrl().toString())), SUBJECT);
    assertThrows(SchemaRegistryException.class, () -> writer.encode(Samples.document()));
  }

  @Test
  void anOversizeRecordIsRefusedBeforeAnyRegistryCall() {
    Document bad = Document.newBuilder(Samples.document()).setSubject("x".repeat(Documents.MAX_DOCUMENT_SIZE)).build();
    assertEquals(Fault.OVERSIZE, assertThrows(RecordException.class, () -> codec.encode(bad)).fault());
    assertEquals(0, registry.requests().size());
  }
}
