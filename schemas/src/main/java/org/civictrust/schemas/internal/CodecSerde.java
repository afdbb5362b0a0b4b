package org.civictrust.schemas.internal;

import java.io.IOException;
import java.util.Objects;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.civictrust.schemas.RecordException;

/**
 * A Kafka {@link Serde} made of an encoding and a decoding function. Null maps to null both ways
 * (tombstones). A {@link RecordException} becomes a {@link SerializationException} with it as the cause
 * (Kafka's convention for bad data); an {@link IOException} (the schema registry failed) becomes a
 * {@link KafkaException}, which is not a {@code SerializationException}: a fault, not bad data. For
 * {@code org.civictrust.schemas} only.
 *
 * @param <T> the record type
 */
public final class CodecSerde<T> implements Serde<T> {
  /** Encodes a record. */
  @FunctionalInterface
  public interface Encoding<T> {
    /** The bytes of {@code record}. */
    byte[] encode(T record) throws RecordException, IOException;
  }

  /** Decodes a record. */
  @FunctionalInterface
  public interface Decoding<T> {
    /** The record in {@code bytes}. */
    T decode(byte[] bytes) throws RecordException, IOException;
  }

  private final Serializer<T> serializer;
  private final Deserializer<T> deserializer;

  /** A serde of {@code encoding} and {@code decoding}, named {@code name} in exception messages. */
  public CodecSerde(String name, Encoding<T> encoding, Decoding<T> decoding) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(decoding, "decoding");
    this.serializer = (topic, record) -> {
      if (record == null) {
        return null;
      }
      try {
        return encoding.encode(record);
      } catch (RecordException e) {
        throw new SerializationException(name + " cannot serialize a record for topic " + topic + ": " + e.getMessage(), e);
      } catch (IOException e) {
        throw new KafkaException(name + " cannot serialize for topic " + topic + ": " + e.getMessage(), e);
      }
    };
    this.deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return decoding.decode(bytes);
      } catch (RecordException e) {
        throw new SerializationException(name + " cannot deserialize a record of topic " + topic + ": " + e.getMessage(), e);
      } catch (IOException e) {
        throw new KafkaException(name + " cannot deserialize for topic " + topic + ": " + e.getMessage(), e);
      }
    };
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
