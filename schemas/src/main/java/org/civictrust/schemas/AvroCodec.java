package org.civictrust.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.civictrust.schemas.internal.BoundedDecoder;

/**
 * Encodes and decodes one record type: Avro binary (the canonical bytes), and Avro single-object
 * encoding ({@code C3 01}, the schema's 8-byte CRC-64-AVRO fingerprint little-endian, then the binary)
 * with the fingerprint pinned to this schema. Decoding is strict and bounded: at most
 * {@code maxSize} bytes, no trailing bytes, lengths checked before allocation.
 *
 * @param <T> the generated record class
 */
public final class AvroCodec<T extends SpecificRecord> {
  private static final byte[] SINGLE_OBJECT_MAGIC = {(byte) 0xC3, 0x01};
  private static final int HEADER_SIZE = SINGLE_OBJECT_MAGIC.length + 8;

  private final Class<T> type;
  private final Schema schema;
  private final byte[] fingerprint;
  private final int maxSize;

  private AvroCodec(Class<T> type, Schema schema, int maxSize) {
    this.type = type;
    this.schema = schema;
    this.maxSize = maxSize;
    this.fingerprint = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
  }

  /** The codec of {@code type}, whose generated class carries its schema, refusing records over {@code maxSize}. */
  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type, int maxSize) {
    try {
      Schema schema = (Schema) type.getField("SCHEMA$").get(null);
      return new AvroCodec<>(type, schema, maxSize);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(type + " is not a generated Avro record class", e);
    }
  }

  /** The pinned schema. */
  public Schema schema() {
    return schema;
  }

  /** The pinned schema's CRC-64-AVRO fingerprint, 8 bytes little-endian as single-object encoding writes it. */
  public byte[] fingerprint() {
    return fingerprint.clone();
  }

  /** The Avro binary encoding of {@code record}. */
  public byte[] encode(T record) throws RecordException {
    Objects.requireNonNull(record, "record");
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      new SpecificDatumWriter<T>(schema).write(record, encoder);
      encoder.flush();
    } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
      throw new RecordException(RecordException.Fault.MALFORMED, "cannot encode " + type.getSimpleName() + ": " + e, e);
    }
    if (out.size() > maxSize) {
      throw new RecordException(RecordException.Fault.OVERSIZE,
          type.getSimpleName() + " of " + out.size() + " bytes exceeds " + maxSize);
    }
    return out.toByteArray();
  }

  /** Decodes Avro binary, strictly: every byte must belong to the one record. */
  public T decode(byte[] bytes) throws RecordException {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length > maxSize) {
      throw new RecordException(RecordException.Fault.OVERSIZE,
          type.getSimpleName() + " of " + bytes.length + " bytes exceeds " + maxSize);
    }
    BoundedDecoder decoder = new BoundedDecoder(bytes);
    try {
      T record = new SpecificDatumReader<T>(schema).read(null, decoder);
      if (!decoder.isEnd()) {
        throw new RecordException(RecordException.Fault.MALFORMED, "bytes trail the " + type.getSimpleName());
      }
      return record;
    } catch (IOException | RuntimeException e) {
      // Untrusted input: whatever Avro throws on it (its own limits throw UnsupportedOperationException).
      throw new RecordException(RecordException.Fault.MALFORMED, "not a " + type.getSimpleName() + ": " + e, e);
    }
  }

  /** Avro single-object encoding with this schema's fingerprint. */
  public byte[] encodeSingleObject(T record) throws RecordException {
    byte[] body = encode(record);
    byte[] framed = Arrays.copyOf(SINGLE_OBJECT_MAGIC, HEADER_SIZE + body.length);
    System.arraycopy(fingerprint, 0, framed, SINGLE_OBJECT_MAGIC.length, 8);
    System.arraycopy(body, 0, framed, HEADER_SIZE, body.length);
    return framed;
  }

  /** Decodes single-object encoding whose fingerprint must be this schema's (WRONG_SCHEMA otherwise). */
  public T decodeSingleObject(byte[] framed) throws RecordException {
    Objects.requireNonNull(framed, "framed");
    if (framed.length < HEADER_SIZE || framed[0] != SINGLE_OBJECT_MAGIC[0] || framed[1] != SINGLE_OBJECT_MAGIC[1]) {
      throw new RecordException(RecordException.Fault.MALFORMED, "not Avro single-object encoding");
    }
    if (!Arrays.equals(framed, 2, HEADER_SIZE, fingerprint, 0, 8)) {
      throw new RecordException(RecordException.Fault.WRONG_SCHEMA, "fingerprint is not that of the pinned "
          + type.getSimpleName() + " schema");
    }
    return decode(Arrays.copyOfRange(framed, HEADER_SIZE, framed.length));
  }

  /** Whether {@code bytes} starts like single-object encoding (magic {@code C3 01}). */
  public static boolean looksLikeSingleObject(byte[] bytes) {
    return bytes != null && bytes.length >= 2 && bytes[0] == SINGLE_OBJECT_MAGIC[0] && bytes[1] == SINGLE_OBJECT_MAGIC[1];
  }
}
