package org.civictrust.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real, single-node Kafka broker in this JVM: a combined broker and KRaft controller, formatted and
 * started from Kafka's production classes (no test kit, no mock), listening on loopback. Its data lives
 * under a directory of the caller's: starting again on the same directory continues the same cluster
 * with the same topics and records.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;

  private EmbeddedBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
  }

  /**
   * Formats {@code dataDir} if it is new, starts the broker on free loopback ports and returns once it
   * serves clients.
   */
  public static EmbeddedBroker start(Path dataDir) throws IOException {
    Path logDir = Files.createDirectories(dataDir.resolve("kafka")).toAbsolutePath();
    int port = freePort();
    int controllerPort = freePort();
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("num.partitions", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    // Format a new directory only: the Formatter, given a fresh cluster id, refuses one formatted
    // before (its meta.properties holds the first cluster id), which is what a restart finds.
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      try {
        new Formatter()
            .setNodeId(1)
            .setClusterId(Uuid.randomUuid().toString())
            .setDirectories(List.of(logDir.toString()))
            .setMetadataLogDirectory(Optional.of(logDir.toString()))
            .setControllerListenerName("CONTROLLER")
            .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .setIgnoreFormatted(true)
            .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
            .run();
      } catch (Exception e) {
        throw new IOException("cannot format Kafka storage in " + logDir, e);
      }
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    server.startup();
    return new EmbeddedBroker(server, "127.0.0.1:" + port, dataDir);
  }

  /** The address clients connect to. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The directory holding the broker's data. */
  public Path dataDir() {
    return dataDir;
  }

  /** Stops the broker and waits until it has. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
