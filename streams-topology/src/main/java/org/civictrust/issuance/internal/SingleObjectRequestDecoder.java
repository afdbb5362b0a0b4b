package org.civictrust.issuance.internal;

import java.util.Arrays;
import org.civictrust.issuance.RequestDecoder;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.RecordException;

/**
 * {@link RequestDecoder#singleObject()}: Avro single-object encoding with the pinned {@code
 * IssuanceRequest} fingerprint, strict and canonical. Stateless and thread-safe.
 */
public final class SingleObjectRequestDecoder implements RequestDecoder {
  /** The one instance. */
  public static final SingleObjectRequestDecoder INSTANCE = new SingleObjectRequestDecoder();

  /** The codec of requests; framing adds 10 bytes to the body limit. */
  static final AvroCodec<IssuanceRequest> CODEC = AvroCodec.of(IssuanceRequest.class, RequestDecoder.MAX_REQUEST_SIZE);

  private static final int HEADER_SIZE = 10;

  private SingleObjectRequestDecoder() {}

  @Override
  public IssuanceRequest decode(byte[] value) throws RecordException {
    IssuanceRequest request = CODEC.decodeSingleObject(value);
    byte[] reencoded = CODEC.encode(request);
    if (!Arrays.equals(value, HEADER_SIZE, value.length, reencoded, 0, reencoded.length)) {
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
