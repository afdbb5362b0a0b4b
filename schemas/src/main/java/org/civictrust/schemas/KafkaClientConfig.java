package org.civictrust.schemas;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Kafka client properties a deployment adds to every producer, consumer, admin and Streams
 * client CivicTrust builds: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, timeouts and
 * the like, as Kafka's own tools take them with {@code --command-config FILE}.
 *
 * <p>The user's properties lie under CivicTrust's own: {@link #under} starts from them and puts the
 * client's required settings on top. The keys CivicTrust must own ({@link #RESERVED}: the cluster
 * address, serializers, exactly-once and isolation settings, group and application ids, the Streams
 * state directory) are rejected when the configuration is made, so that no setting is silently lost.
 * Immutable.
 */
public final class KafkaClientConfig {
  /**
   * The keys a client configuration may not set. {@code bootstrap.servers} is among them: the
   * cluster is named once, by {@code --bootstrap} or {@code --data}.
   */
  public static final Set<String> RESERVED = Set.of(
      "bootstrap.servers",
      "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
      "enable.idempotence", "acks", "transactional.id", "transaction.timeout.ms",
      "isolation.level", "enable.auto.commit", "group.id", "group.instance.id",
      "application.id", "processing.guarantee", "state.dir",
      "default.key.serde", "default.value.serde");

  /** The prefixes by which Streams settings address one of its clients: a reserved key is reserved under them too. */
  private static final List<String> STREAMS_CLIENT_PREFIXES = List.of("main.consumer.",
      "restore.consumer.", "global.consumer.", "consumer.", "producer.", "admin.");

  private static final KafkaClientConfig NONE = new KafkaClientConfig(Map.of());

  private final Map<String, String> properties;

  private KafkaClientConfig(Map<String, String> properties) {
    this.properties = properties;
  }

  /** No added properties. */
  public static KafkaClientConfig none() {
    return NONE;
  }

  /**
   * The configuration of {@code properties}.
   *
   * @throws IllegalArgumentException naming the first key (in order) that is {@link #RESERVED}
   */
  public static KafkaClientConfig of(Map<String, String> properties) {
    Map<String, String> sorted = new TreeMap<>(properties);
    for (Map.Entry<String, String> entry : sorted.entrySet()) {
      Objects.requireNonNull(entry.getValue(), entry.getKey());
      if (RESERVED.contains(unprefixed(entry.getKey()))) {
        throw new IllegalArgumentException("may not set " + entry.getKey()
            + ": CivicTrust sets it itself (reserved: bootstrap.servers, serializers, acks, enable.idempotence,"
            + " transactional.id, isolation.level, group.id, application.id, processing.guarantee, state.dir, …)");
      }
    }
    return sorted.isEmpty() ? NONE : new KafkaClientConfig(Collections.unmodifiableMap(sorted));
  }

  /**
   * Reads a Java properties file (ISO-8859-1 escapes as {@link Properties#load(Reader)} takes them,
   * read as UTF-8).
   *
   * @throws IOException if the file cannot be read or is not a properties file
   * @throws IllegalArgumentException if it sets a {@link #RESERVED} key
   */
  public static KafkaClientConfig load(Path file) throws IOException {
    Properties loaded = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      loaded.load(reader);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": not a properties file: " + e.getMessage(), e);
    }
    Map<String, String> map = new HashMap<>();
    for (String name : loaded.stringPropertyNames()) {
      map.put(name.strip(), loaded.getProperty(name).strip());
    }
    try {
      return of(map);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** {@code key} without a Kafka Streams client prefix ({@code producer.}, {@code main.consumer.} …). */
  private static String unprefixed(String key) {
    for (String prefix : STREAMS_CLIENT_PREFIXES) {
      if (key.startsWith(prefix)) {
        return key.substring(prefix.length());
      }
    }
    return key;
  }

  /** The added properties, sorted by key; unmodifiable. */
  public Map<String, String> properties() {
    return properties;
  }

  /** A new map: these properties, then {@code ours} put on top. */
  public Map<String, Object> under(Map<String, ?> ours) {
    Map<String, Object> merged = new HashMap<>(properties);
    merged.putAll(ours);
    return merged;
  }

  /** New properties: these properties, then {@code ours} put on top. */
  public Properties under(Properties ours) {
    Properties merged = new Properties();
    merged.putAll(properties);
    merged.putAll(ours);
    return merged;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KafkaClientConfig that && properties.equals(that.properties);
  }

  @Override
  public int hashCode() {
    return properties.hashCode();
  }

  /** The keys only: values may be secrets. */
  @Override
  public String toString() {
    return "KafkaClientConfig" + properties.keySet();
  }
}
