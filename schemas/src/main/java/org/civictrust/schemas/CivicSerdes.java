package org.civictrust.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.civictrust.schemas.internal.CodecSerde;

/**
 * Kafka serdes of CivicTrust records (needs {@code kafka-clients}, an optional dependency of this
 * module). Serializers write, and deserializers accept, only the pinned schema of their
 * {@link AvroCodec}: by default in
 * <a href="https://avro.apache.org/docs/1.12.0/specification/#single-object-encoding">Avro single-object
 * encoding</a>, or in the
 * <a href="https://docs.confluent.io/platform/current/schema-registry/fundamentals/serdes-develop/index.html#wire-format">Confluent
 * wire format</a> when a schema registry is configured.
 *
 * <p>Failures follow Kafka's convention: a deserializer throws
 * {@link org.apache.kafka.common.errors.SerializationException} with the {@link RecordException} (and
 * its {@link RecordException.Fault}) as the cause; a schema registry that fails is a
 * {@link org.apache.kafka.common.KafkaException} with the {@link java.io.IOException} as the cause. A
 * consumer wraps either in a {@code RecordDeserializationException}, and Kafka Streams hands either to
 * its deserialization exception handler, which can only log and skip or fail the thread. That is why
 * the issuance pipeline does <em>not</em> use a deserializer on its input topic
 * ({@code civictrust.issuance.requests}): it reads raw bytes and decodes them with a
 * {@link FramedCodec} inside its processor, so that bad input goes to the rejection topic with its
 * reason code and original bytes, and a registry outage stops the processor instead of rejecting
 * good records. Null is null both ways (tombstones).
 */
public final class CivicSerdes {
  private CivicSerdes() {}

  /** Avro single-object encoding with {@code codec}'s pinned fingerprint, both ways. */
  public static <T extends SpecificRecord> Serde<T> singleObject(AvroCodec<T> codec) {
    return new CodecSerde<>(name(codec, "single-object"), codec::encodeSingleObject, codec::decodeSingleObject);
  }

  /**
   * The Confluent wire format for record values of {@code topic}: the pinned schema registered under
   * {@code <topic>-value} (TopicNameStrategy), and only it accepted.
   */
  public static <T extends SpecificRecord> Serde<T> confluent(AvroCodec<T> codec, SchemaRegistryClient registry,
      String topic) {
    return confluent(ConfluentCodec.of(codec, registry, SchemaRegistryClient.valueSubject(topic)));
  }

  /** The Confluent wire format for record keys of {@code topic}: subject {@code <topic>-key}. */
  public static <T extends SpecificRecord> Serde<T> confluentKey(AvroCodec<T> codec, SchemaRegistryClient registry,
      String topic) {
    return confluent(ConfluentCodec.of(codec, registry, SchemaRegistryClient.keySubject(topic)));
  }

  /** The Confluent wire format of {@code codec}, under its subject. */
  public static <T extends SpecificRecord> Serde<T> confluent(ConfluentCodec<T> codec) {
    return new CodecSerde<>(name(codec.codec(), "Confluent " + codec.subject()), codec::encode, codec::decode);
  }

  /**
   * Writes {@code codec}'s framing ({@link FramedCodec#writes()}), reads either framing it accepts:
   * what a consumer of topics that issuers write in both framings needs.
   */
  public static <T extends SpecificRecord> Serde<T> framed(FramedCodec<T> codec) {
    return new CodecSerde<>(name(codec.codec(), "framed, writing " + codec.writes()), codec::encode, codec::decode);
  }

  private static String name(AvroCodec<?> codec, String framing) {
    return codec.schema().getName() + " " + framing;
  }
}
