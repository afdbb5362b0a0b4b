/**
 * Avro schemas of every CivicTrust record (sources in {@code schemas/src/main/avro}, classes generated
 * into this package), the canonical forms of the signed {@link org.civictrust.schemas.Document} and the
 * public log entry {@link org.civictrust.schemas.IssuedEntry} ({@link org.civictrust.schemas.Documents}),
 * and strict, bounded codecs that accept only the pinned schema:
 * <ul>
 *   <li>{@link org.civictrust.schemas.AvroCodec}: Avro binary and
 *       <a href="https://avro.apache.org/docs/1.12.0/specification/#single-object-encoding">Avro
 *       single-object encoding</a> with pinned fingerprints (the default);</li>
 *   <li>{@link org.civictrust.schemas.ConfluentCodec}: the
 *       <a href="https://docs.confluent.io/platform/current/schema-registry/fundamentals/serdes-develop/index.html#wire-format">Confluent
 *       wire format</a> (magic byte 0, 4-byte big-endian schema id, Avro binary) through a
 *       {@link org.civictrust.schemas.SchemaRegistryClient} of the Confluent Schema Registry REST API;</li>
 *   <li>{@link org.civictrust.schemas.FramedCodec}: either framing, told apart by the first bytes;</li>
 *   <li>{@link org.civictrust.schemas.CivicSerdes}: Kafka serdes of these (kafka-clients is optional).</li>
 * </ul>
 * The wire contract's vocabularies are written here once: the topic names ({@link
 * org.civictrust.schemas.Topics}) and the reasons of a {@link org.civictrust.schemas.Rejection}, each with
 * a stable id ({@link org.civictrust.schemas.RejectionReason}).
 * {@link org.civictrust.schemas.StreamsHealth} is the uncaught-exception handler and state listener of
 * every CivicTrust Kafka Streams application (kafka-streams is optional): it waits out a schema registry
 * that does not answer and reports any other fault as an application in {@code ERROR}. It lives here, the
 * lowest module every Streams application depends on, beside the registry failures it tells apart.
 * Bad records fail with a {@link org.civictrust.schemas.RecordException} carrying a stable
 * {@link org.civictrust.schemas.RecordException.Fault}; a failing registry with a
 * {@link org.civictrust.schemas.SchemaRegistryException}, an {@link java.io.IOException}.
 */
package org.civictrust.schemas;
