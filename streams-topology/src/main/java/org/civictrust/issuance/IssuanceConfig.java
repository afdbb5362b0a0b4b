package org.civictrust.issuance;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything {@link IssuanceTopology#build} needs: the Streams application id, the topics, the issuer
 * registry, the request decoder, and the time window a request's {@code requestedAt} must fall in,
 * relative to its record timestamp: not later than {@code timestamp + maxClockSkew} (else FUTURE_DATED)
 * and not earlier than {@code timestamp - maxRequestAge} (else STALE_REQUEST).
 *
 * @param applicationId the Kafka Streams {@code application.id}; it prefixes the changelog topics
 * @param topics the topics
 * @param registry the issuers
 * @param decoder the request decoder ({@link RequestDecoder#singleObject()} by default)
 * @param maxRequestAge how old a request may be, non-negative
 * @param maxClockSkew how far ahead of the record timestamp the issuer's clock may be, non-negative
 */
public record IssuanceConfig(
    String applicationId,
    IssuanceTopics topics,
    IssuerRegistry registry,
    RequestDecoder decoder,
    Duration maxRequestAge,
    Duration maxClockSkew) {
  /** Default application id. */
  public static final String DEFAULT_APPLICATION_ID = "civictrust-issuance";
  /** Default {@link #maxRequestAge}: one day. */
  public static final Duration DEFAULT_MAX_REQUEST_AGE = Duration.ofDays(1);
  /** Default {@link #maxClockSkew}: five minutes. */
  public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  /**
   * The producer's {@code max.request.size} set by {@link #streamsProperties}: 2 MiB, so that the
   * rejection of a request of the broker's default 1 MiB limit (its bytes plus at most 8 KiB of
   * rejection fields) can be written. The rejection topic's {@code max.message.bytes} must be as large.
   */
  public static final int MAX_PRODUCER_REQUEST_SIZE = 2 << 20;

  private static final Pattern APPLICATION_ID = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

  /**
   * Validates the configuration.
   *
   * @throws IllegalArgumentException if the application id is not a legal Kafka name or a duration is
   *     negative
   */
  public IssuanceConfig {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(maxRequestAge, "maxRequestAge");
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    if (!APPLICATION_ID.matcher(applicationId).matches()) {
      throw new IllegalArgumentException("the application id must be 1 to 200 of [a-zA-Z0-9._-]");
    }
    if (maxRequestAge.isNegative() || maxClockSkew.isNegative()) {
      throw new IllegalArgumentException("maxRequestAge and maxClockSkew must not be negative");
    }
  }

  /** The defaults: {@value #DEFAULT_APPLICATION_ID}, the contract's topics, single-object decoding, one day, five minutes. */
  public static IssuanceConfig of(IssuerRegistry registry) {
    return new IssuanceConfig(DEFAULT_APPLICATION_ID, IssuanceTopics.defaults(), registry,
        RequestDecoder.singleObject(), DEFAULT_MAX_REQUEST_AGE, DEFAULT_MAX_CLOCK_SKEW);
  }

  /** This configuration with another decoder (e.g. the Confluent wire format). */
  public IssuanceConfig withDecoder(RequestDecoder newDecoder) {
    return new IssuanceConfig(applicationId, topics, registry, newDecoder, maxRequestAge, maxClockSkew);
  }

  /** This configuration with other topics. */
  public IssuanceConfig withTopics(IssuanceTopics newTopics) {
    return new IssuanceConfig(applicationId, newTopics, registry, decoder, maxRequestAge, maxClockSkew);
  }

  /** This configuration with another time window. */
  public IssuanceConfig withTimeWindow(Duration newMaxRequestAge, Duration newMaxClockSkew) {
    return new IssuanceConfig(applicationId, topics, registry, decoder, newMaxRequestAge, newMaxClockSkew);
  }

  /** This configuration with another application id. */
  public IssuanceConfig withApplicationId(String newApplicationId) {
    return new IssuanceConfig(newApplicationId, topics, registry, decoder, maxRequestAge, maxClockSkew);
  }

  /** {@link #maxRequestAge} in milliseconds, saturated at {@link Long#MAX_VALUE}. */
  public long maxRequestAgeMillis() {
    return saturatedMillis(maxRequestAge);
  }

  /** {@link #maxClockSkew} in milliseconds, saturated at {@link Long#MAX_VALUE}. */
  public long maxClockSkewMillis() {
    return saturatedMillis(maxClockSkew);
  }

  /**
   * The Kafka Streams properties to run the topology against {@code bootstrapServers}:
   * {@code application.id}, {@code bootstrap.servers}, {@code processing.guarantee=exactly_once_v2},
   * byte-array default serdes, and the producer's {@code max.request.size} of {@link
   * #MAX_PRODUCER_REQUEST_SIZE}. Callers add what depends on the deployment ({@code state.dir},
   * {@code replication.factor}, thread counts). Returns a new object each time.
   */
  public Properties streamsProperties(String bootstrapServers) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    properties.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
    properties.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
    properties.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_PRODUCER_REQUEST_SIZE);
    return properties;
  }

  private static long saturatedMillis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
