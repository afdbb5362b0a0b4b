package org.civictrust.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.civictrust.schemas.KafkaClientConfig;
import picocli.CommandLine.Option;

/**
 * {@code --command-config FILE}: Kafka client properties ({@code security.protocol}, {@code sasl.*},
 * {@code ssl.*}, …) for every Kafka client a command builds, as Kafka's own tools take them. A mixin
 * of every command that talks to a Kafka cluster; see {@link KafkaClientConfig} for the keys it may
 * not set.
 */
final class CommandConfigOption {
  static final String DESCRIPTION = "Kafka client properties (security.protocol, sasl.*, ssl.*, …) for every"
      + " Kafka client, as Kafka's tools take them; not bootstrap.servers, serializers, acks, idempotence,"
      + " transactional or isolation settings, group or application ids.";

  @Option(names = "--command-config", paramLabel = "FILE", description = DESCRIPTION)
  Path file;

  /**
   * The client properties the option names: none without it.
   *
   * @throws InputException if the file cannot be read or sets a key CivicTrust sets itself
   */
  static KafkaClientConfig load(CommandConfigOption option) throws InputException {
    if (option == null || option.file == null) {
      return KafkaClientConfig.none();
    }
    try {
      return KafkaClientConfig.load(option.file);
    } catch (NoSuchFileException e) {
      throw new InputException("--command-config " + option.file + ": no such file", e);
    } catch (IOException e) {
      throw new InputException("--command-config " + option.file + ": cannot read: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InputException("--command-config " + e.getMessage(), e);
    }
  }
}
