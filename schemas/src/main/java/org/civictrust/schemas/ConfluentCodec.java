package org.civictrust.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.civictrust.schemas.SchemaRegistryException.Failure;
import org.civictrust.schemas.internal.BoundedCache;

/**
 * Encodes and decodes one record type in the
 * <a href="https://docs.confluent.io/platform/current/schema-registry/fundamentals/serdes-develop/index.html#wire-format">Confluent
 * wire format</a>: magic byte {@code 0}, the writer schema's registry id as 4 bytes big-endian, then
 * the Avro binary encoding. The pinned schema of an {@link AvroCodec} is registered under one subject
 * (once; the id is cached) to encode.
 *
 * <p>Decoding accepts only records whose writer schema, fetched from the registry by id, has the same
 * Parsing Canonical Form as the pinned schema (compared by SHA-256 fingerprint: the test single-object
 * encoding makes with CRC-64-AVRO, without its collisions). There is no schema evolution: the body is
 * then decoded by {@link AvroCodec#decode}, strict and bounded. Bad input is a {@link RecordException}
 * (MALFORMED for a short record or a magic byte other than 0, WRONG_SCHEMA for an id of another schema
 * or of none); a registry that cannot answer is an {@link IOException}: a fault, not bad input.
 * Thread-safe.
 *
 * @param <T> the generated record class
 */
public final class ConfluentCodec<T extends SpecificRecord> {
  /** The first byte of the Confluent wire format. */
  public static final byte MAGIC = 0;
  /** Magic byte and schema id. */
  public static final int HEADER_SIZE = 5;
  /** How many schema ids' verdicts (pinned schema or not) are remembered. */
  private static final int VERDICT_CAPACITY = 256;

  private final AvroCodec<T> codec;
  private final SchemaRegistryClient registry;
  private final String subject;
  private final byte[] pinnedFingerprint;
  private final BoundedCache<Integer, Boolean> verdicts = new BoundedCache<>(VERDICT_CAPACITY);
  private volatile int registeredId = -1;

  private ConfluentCodec(AvroCodec<T> codec, SchemaRegistryClient registry, String subject) {
    this.codec = codec;
    this.registry = registry;
    this.subject = subject;
    this.pinnedFingerprint = fingerprint(codec.schema());
  }

  /**
   * The codec of {@code codec}'s records, registered under {@code subject} of {@code registry} (see
   * {@link SchemaRegistryClient#valueSubject}). Makes no call yet.
   */
  public static <T extends SpecificRecord> ConfluentCodec<T> of(AvroCodec<T> codec, SchemaRegistryClient registry,
      String subject) {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(registry, "registry");
    if (subject == null || subject.isEmpty()) {
      throw new IllegalArgumentException("subject is empty");
    }
    return new ConfluentCodec<>(codec, registry, subject);
  }

  /** The codec of the pinned schema. */
  public AvroCodec<T> codec() {
    return codec;
  }

  /** The subject the pinned schema is registered under. */
  public String subject() {
    return subject;
  }

  /** The pinned schema's registry id, registering it under {@link #subject()} on the first call. */
  public int schemaId() throws IOException {
    int id = registeredId;
    if (id < 0) {
      id = registry.register(subject, codec.schema());
      registeredId = id;
    }
    return id;
  }

  /** The Confluent wire format of {@code record}: {@code 00}, the pinned schema's id, the Avro binary. */
  public byte[] encode(T record) throws RecordException, IOException {
    byte[] body = codec.encode(record);
    return ByteBuffer.allocate(HEADER_SIZE + body.length).put(MAGIC).putInt(schemaId()).put(body).array();
  }

  /** Decodes the Confluent wire format written with the pinned schema (see the class comment). */
  public T decode(byte[] framed) throws RecordException, IOException {
    int id = schemaIdOf(framed);
    requirePinnedSchema(id);
    return codec.decode(Arrays.copyOfRange(framed, HEADER_SIZE, framed.length));
  }

  /** The schema id in a Confluent wire format header; MALFORMED if too short or the magic byte is not 0. */
  public static int schemaIdOf(byte[] framed) throws RecordException {
    Objects.requireNonNull(framed, "framed");
    if (framed.length < HEADER_SIZE) {
      throw new RecordException(RecordException.Fault.MALFORMED, framed.length
          + " bytes are shorter than the Confluent wire format header");
    }
    if (framed[0] != MAGIC) {
      throw new RecordException(RecordException.Fault.MALFORMED, String.format(
          "magic byte 0x%02x is not the Confluent wire format's 0x00", framed[0] & 0xff));
    }
    return ByteBuffer.wrap(framed, 1, 4).getInt();
  }

  /** Whether {@code bytes} starts like the Confluent wire format (magic byte 0 and room for the id). */
  public static boolean looksLikeConfluent(byte[] bytes) {
    return bytes != null && bytes.length >= HEADER_SIZE && bytes[0] == MAGIC;
  }

  private void requirePinnedSchema(int id) throws RecordException, IOException {
    if (id < 0) {
      throw wrongSchema(id, "no registry gives negative ids", null);
    }
    if (id == registeredId) {
      return;
    }
    Boolean pinned = verdicts.get(id);
    if (pinned == null) {
      Schema writer;
      try {
        writer = registry.schemaById(id);
      } catch (SchemaRegistryException e) {
        if (e.failure() == Failure.SCHEMA_NOT_FOUND || e.failure() == Failure.UNSUPPORTED_SCHEMA) {
          throw wrongSchema(id, "the registry has no Avro schema of that id", e);
        }
        throw e;
      }
      pinned = Arrays.equals(fingerprint(writer), pinnedFingerprint);
      verdicts.put(id, pinned);
    }
    if (!pinned) {
      throw wrongSchema(id, "it is another schema", null);
    }
  }

  private RecordException wrongSchema(int id, String why, Throwable cause) {
    return new RecordException(RecordException.Fault.WRONG_SCHEMA, "schema id " + id + " is not the pinned "
        + codec.schema().getFullName() + " schema: " + why, cause);
  }

  private static byte[] fingerprint(Schema schema) {
    try {
      return SchemaNormalization.parsingFingerprint("SHA-256", schema);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
