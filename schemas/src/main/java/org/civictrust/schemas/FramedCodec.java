package org.civictrust.schemas;

import java.io.IOException;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads either framing an issuer may produce, telling them apart by the first bytes:
 * {@code C3 01} is <a href="https://avro.apache.org/docs/1.12.0/specification/#single-object-encoding">Avro
 * single-object encoding</a> (decoded by {@link AvroCodec#decodeSingleObject}, pinned fingerprint),
 * {@code 00} is the Confluent wire format (decoded by {@link ConfluentCodec#decode}, pinned schema)
 * when a schema registry is configured. Writes one of them: the Confluent wire format when a registry
 * is configured, single-object encoding otherwise.
 *
 * <p>Anything else, and the Confluent wire format without a registry, is MALFORMED; every other
 * failure is that of the codec the first bytes chose. Thread-safe.
 *
 * @param <T> the generated record class
 */
public final class FramedCodec<T extends SpecificRecord> {
  /** The framings told apart. */
  public enum Framing {
    /** Avro single-object encoding: {@code C3 01}, 8-byte CRC-64-AVRO fingerprint, Avro binary. */
    SINGLE_OBJECT,
    /** Confluent wire format: {@code 00}, 4-byte big-endian registry id, Avro binary. */
    CONFLUENT
  }

  private final AvroCodec<T> codec;
  private final ConfluentCodec<T> confluent;

  private FramedCodec(AvroCodec<T> codec, ConfluentCodec<T> confluent) {
    this.codec = codec;
    this.confluent = confluent;
  }

  /** Without a registry: writes and reads single-object encoding only. */
  public static <T extends SpecificRecord> FramedCodec<T> singleObject(AvroCodec<T> codec) {
    return new FramedCodec<>(Objects.requireNonNull(codec, "codec"), null);
  }

  /** With a registry: writes the Confluent wire format, reads it and single-object encoding. */
  public static <T extends SpecificRecord> FramedCodec<T> withRegistry(ConfluentCodec<T> confluent) {
    Objects.requireNonNull(confluent, "confluent");
    return new FramedCodec<>(confluent.codec(), confluent);
  }

  /** The codec of the pinned schema. */
  public AvroCodec<T> codec() {
    return codec;
  }

  /** The framing {@link #encode} writes. */
  public Framing writes() {
    return confluent == null ? Framing.SINGLE_OBJECT : Framing.CONFLUENT;
  }

  /** {@code record} in the framing {@link #writes()} names. */
  public byte[] encode(T record) throws RecordException, IOException {
    return confluent == null ? codec.encodeSingleObject(record) : confluent.encode(record);
  }

  /** Decodes a record in either framing, chosen by its first bytes. */
  public T decode(byte[] framed) throws RecordException, IOException {
    switch (framingOf(framed)) {
      case SINGLE_OBJECT:
        return codec.decodeSingleObject(framed);
      case CONFLUENT:
        if (confluent == null) {
          throw new RecordException(RecordException.Fault.MALFORMED,
              "the Confluent wire format needs a schema registry, and none is configured");
        }
        return confluent.decode(framed);
      default:
        throw new AssertionError("every framing is handled");
    }
  }

  /**
   * The framing {@code framed} starts with, by its first bytes only; MALFORMED if neither. Requires
   * nothing of the rest, which the codec of that framing checks.
   */
  public static Framing framingOf(byte[] framed) throws RecordException {
    Objects.requireNonNull(framed, "framed");
    if (AvroCodec.looksLikeSingleObject(framed)) {
      return Framing.SINGLE_OBJECT;
    }
    if (framed.length > 0 && framed[0] == ConfluentCodec.MAGIC) {
      return Framing.CONFLUENT;
    }
    throw new RecordException(RecordException.Fault.MALFORMED, framed.length == 0 ? "empty record"
        : String.format("first byte 0x%02x starts neither single-object encoding nor the Confluent wire format",
            framed[0] & 0xff));
  }
}
