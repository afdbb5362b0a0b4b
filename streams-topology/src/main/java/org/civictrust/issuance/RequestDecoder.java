package org.civictrust.issuance;

import org.civictrust.issuance.internal.FramedRequestDecoder;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.SchemaRegistryClient;

/**
 * Turns the raw value bytes of a {@code civictrust.issuance.requests} record into an {@link
 * IssuanceRequest}. The topology reads values as raw bytes and calls the decoder inside its first
 * processor, so that a record that does not decode lands on the rejection topic with its original bytes
 * instead of reaching Kafka's deserialization exception handler.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>Bad input is reported, never thrown as an unchecked exception: throw {@link RecordException}
 *       with {@link RecordException.Fault#MALFORMED} (not a request), {@link
 *       RecordException.Fault#WRONG_SCHEMA} (another schema's fingerprint or registry id) or {@link
 *       RecordException.Fault#OVERSIZE}; the topology maps the fault to a {@link org.civictrust.schemas.RejectionReason}.
 *   <li>An unchecked exception means a real fault (a bug, or a schema registry that cannot be reached);
 *       it fails the stream thread. The application's {@link org.civictrust.schemas.StreamsHealth} waits
 *       out a registry that does not answer (a retriable {@link
 *       org.civictrust.schemas.SchemaRegistryException} in the cause chain) and replaces the thread, which
 *       under {@code exactly_once_v2} reprocesses the record; any other fault stops the application in
 *       ERROR. It must never be thrown for a property of the bytes.
 *   <li>Deterministic: the same bytes give the same request or the same fault, so a replay reproduces
 *       the same outputs.
 *   <li>Thread-safe: one decoder serves every stream thread.
 *   <li>{@code value} is never null (the topology rejects a null value itself) and must not be kept
 *       or modified.
 * </ul>
 */
@FunctionalInterface
public interface RequestDecoder {
  /**
   * Decodes one request value.
   *
   * @param value the record value, not null
   * @return the request, not null
   * @throws RecordException if the bytes are not a request this decoder accepts
   */
  IssuanceRequest decode(byte[] value) throws RecordException;

  /**
   * The default decoder: Avro single-object encoding ({@code C3 01}, the 8-byte fingerprint, the Avro
   * binary) whose fingerprint must be the pinned {@code IssuanceRequest} schema's, at most {@link
   * #MAX_REQUEST_SIZE} bytes, with no trailing bytes, and in canonical form: re-encoding the decoded
   * request must give the same bytes (this refuses invalid UTF-8, which Avro would silently replace,
   * over-long varints, and arrays split into several blocks).
   */
  static RequestDecoder singleObject() {
    return FramedRequestDecoder.SINGLE_OBJECT;
  }

  /**
   * The decoder for issuers that run a schema registry: what {@link #singleObject()} accepts, and the
   * Confluent wire format ({@code 00}, the 4-byte schema id, the Avro binary) whose schema id is the
   * pinned {@code IssuanceRequest} schema's in {@code registry} (no schema evolution: another schema's
   * id, or an id the registry does not know, is WRONG_SCHEMA), at most {@link #MAX_REQUEST_SIZE} bytes
   * of body, canonical. A registry that cannot answer fails the stream task, which reads the record
   * again later; it never rejects the record.
   *
   * @param subject the subject the issuers' serializers register the schema under, usually {@link
   *     SchemaRegistryClient#valueSubject} of the requests topic
   */
  static RequestDecoder withRegistry(SchemaRegistryClient registry, String subject) {
    return FramedRequestDecoder.withRegistry(registry, subject);
  }

  /**
   * The largest request body the default decoder reads: the largest canonical document plus 1 KiB for
   * the request's own fields. A request this large still yields OVERSIZE if its canonical document
   * exceeds {@link org.civictrust.schemas.Documents#MAX_DOCUMENT_SIZE}.
   */
  int MAX_REQUEST_SIZE = org.civictrust.schemas.Documents.MAX_DOCUMENT_SIZE + 1024;
}
