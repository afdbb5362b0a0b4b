package org.civictrust.cli;

import java.io.IOException;
import java.net.URI;
import org.civictrust.schemas.Topics;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.ConfluentCodec;
import org.civictrust.schemas.IssuanceRequest;
import org.civictrust.schemas.SchemaRegistryClient;

/**
 * The {@code --schema-registry URL} option of {@code up} and {@code issue}: the base URL of a
 * Confluent-compatible schema registry's API (Confluent's root, or Apicurio's {@code /apis/ccompat/v7}).
 * Requests then travel in the Confluent wire format, their schema registered under
 * {@code civictrust.issuance.requests-value} as a Confluent serializer registers it.
 */
final class SchemaRegistryOption {
  static final String DESCRIPTION = "A Confluent-compatible schema registry's API base URL: requests in the "
      + "Confluent wire format, schema under " + Topics.REQUESTS + "-value.";

  private SchemaRegistryOption() {}

  /**
   * The request codec of the registry at {@code url}, checked now: an http(s) URL, a registry that
   * answers, and the request schema registered under its subject. Any fault is bad input (exit 2).
   */
  static ConfluentCodec<IssuanceRequest> requestCodec(URI url) throws InputException {
    SchemaRegistryClient client;
    try {
      client = SchemaRegistryClient.create(url);
    } catch (IllegalArgumentException e) {
      throw new InputException("--schema-registry: " + e.getMessage(), e);
    }
    ConfluentCodec<IssuanceRequest> codec = ConfluentCodec.of(AvroCodec.of(IssuanceRequest.class, 1 << 20), client,
        SchemaRegistryClient.valueSubject(Topics.REQUESTS));
    try {
      codec.schemaId();
    } catch (IOException e) {
      throw new InputException("the schema registry at " + url + " did not register the request schema: "
          + e.getMessage(), e);
    }
    return codec;
  }
}
