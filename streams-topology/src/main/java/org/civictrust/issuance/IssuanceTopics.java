package org.civictrust.issuance;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.civictrust.schemas.Topics;

/**
 * The topics the issuance topology reads and writes.
 *
 * @param requests the input: issuance requests as raw bytes, keyed as the issuer likes
 * @param rejected the rejections: single-object encoded {@code Rejection} records, keyed by the original
 *     record key
 * @param issued the issued documents: single-object encoded {@code IssuedDocument} records, keyed by the
 *     UTF-8 bytes of the requestId; each partition is one log
 */
public record IssuanceTopics(String requests, String rejected, String issued) {

  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  /**
   * Validates the names.
   *
   * @throws IllegalArgumentException if a name is not a legal Kafka topic name or two names are equal
   */
  public IssuanceTopics {
    check(requests, "requests");
    check(rejected, "rejected");
    check(issued, "issued");
    if (Set.of(requests, rejected, issued).size() != 3) {
      throw new IllegalArgumentException("the requests, rejected and issued topics must be three different topics");
    }
  }

  /** The contract's topics: {@value Topics#REQUESTS}, {@value Topics#REJECTED}, {@value Topics#ISSUED}. */
  public static IssuanceTopics defaults() {
    return new IssuanceTopics(Topics.REQUESTS, Topics.REJECTED, Topics.ISSUED);
  }

  private static void check(String topic, String role) {
    Objects.requireNonNull(topic, role);
    if (!LEGAL.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      throw new IllegalArgumentException("the " + role + " topic is not a legal Kafka topic name");
    }
  }
}
