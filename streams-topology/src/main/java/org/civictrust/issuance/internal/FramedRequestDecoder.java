package org.civictrust.issuance.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.civictrust.issuance.RequestDecoder;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.ConfluentCodec;
import org.civictrust.schemas.FramedCodec;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.RecordException;
import org.civictrust.schemas.SchemaRegistryClient;

/**
 * {@link RequestDecoder#singleObject()} and {@link RequestDecoder#withRegistry}: the pinned {@code
 * IssuanceRequest} schema in Avro single-object encoding, or also in the Confluent wire format when a
 * schema registry is configured; strict, bounded and canonical in both. A registry that cannot answer
 * is a fault (an {@link UncheckedIOException}), never a rejection: the record is read again once the
 * registry answers. Thread-safe.
 */
public final class FramedRequestDecoder implements RequestDecoder {
  /** The codec of requests; framing adds 10 bytes (single object) or 5 (Confluent) to the body limit. */
  static final AvroCodec<IssuanceRequest> CODEC = AvroCodec.of(IssuanceRequest.class, RequestDecoder.MAX_REQUEST_SIZE);

  /** Single-object encoding only. */
  public static final FramedRequestDecoder SINGLE_OBJECT = new FramedRequestDecoder(FramedCodec.singleObject(CODEC));

  private static final int SINGLE_OBJECT_HEADER_SIZE = 10;

  private final FramedCodec<IssuanceRequest> codec;

  private FramedRequestDecoder(FramedCodec<IssuanceRequest> codec) {
    this.codec = codec;
  }

  /** Both framings; the Confluent wire format's schema id must be the pinned schema's in {@code registry}. */
  public static FramedRequestDecoder withRegistry(SchemaRegistryClient registry, String subject) {
    return new FramedRequestDecoder(FramedCodec.withRegistry(ConfluentCodec.of(CODEC, registry, subject)));
  }

  @Override
  public IssuanceRequest decode(byte[] value) throws RecordException {
    int header = FramedCodec.framingOf(value) == FramedCodec.Framing.SINGLE_OBJECT
        ? SINGLE_OBJECT_HEADER_SIZE : ConfluentCodec.HEADER_SIZE;
    IssuanceRequest request;
    try {
      request = codec.decode(value);
    } catch (IOException e) {
      throw new UncheckedIOException("the schema registry cannot tell the request's schema: " + e.getMessage(), e);
    }
    byte[] reencoded = CODEC.encode(request);
    if (!Arrays.equals(value, header, value.length, reencoded, 0, reencoded.length)) {
      throw new RecordException(RecordException.Fault.NOT_CANONICAL,
          "the request is not in canonical Avro binary form (invalid UTF-8, long varints or split arrays)");
    }
    return request;
  }

  /** The canonical single-object encoding of {@code request}, as an issuer's client writes it. */
  public static byte[] encode(IssuanceRequest request) throws RecordException {
    return CODEC.encodeSingleObject(request);
  }

  /** The pinned fingerprint of the {@code IssuanceRequest} schema, 8 bytes little-endian. */
  public static byte[] fingerprint() {
    return CODEC.fingerprint();
  }
}
