/**
 * Avro schemas of every CivicTrust record (sources in {@code schemas/src/main/avro}, classes generated
 * into this package), the canonical forms of the signed {@link org.civictrust.schemas.Document} and the
 * public log entry {@link org.civictrust.schemas.IssuedEntry} ({@link org.civictrust.schemas.Documents}),
 * and strict, bounded codecs ({@link org.civictrust.schemas.AvroCodec}): Avro binary and Avro
 * single-object encoding with pinned fingerprints. Failures carry a stable
 * {@link org.civictrust.schemas.RecordException.Fault}.
 */
package org.civictrust.schemas;
