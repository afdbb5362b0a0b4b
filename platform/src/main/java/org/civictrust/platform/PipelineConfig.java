package org.civictrust.platform;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civictrust.issuance.IssuerPolicy;
import org.civictrust.anchor.WitnessPolicy;
import org.civictrust.schemas.KafkaClientConfig;

/**
 * How to run the pipeline.
 *
 * @param dataDir where the embedded broker, the Streams state, the log keys and {@code trust.json} live;
 *     starting again on the same directory continues the same logs
 * @param bootstrapServers an existing Kafka cluster, or empty for the embedded broker
 * @param issuers the issuers accepted; with an issuance store, the seed of a new store (see {@link
 *     Pipeline}) and the source of signer keys
 * @param logs how many logs (shards); each is one partition of the issued-documents topic
 * @param originPrefix log i has origin {@code <originPrefix>/<i>}
 * @param checkpointEveryEntries sign a checkpoint once this many entries wait
 * @param checkpointIntervalMillis ... or once the oldest waiting entry is this old in record time
 * @param anchorTimeoutMillis a document not anchored after this long gets ANCHOR_FAILED
 * @param tickMillis how often idle logs get a tick
 * @param commitMillis the Streams commit interval (bounds end-to-end latency under exactly-once)
 * @param tilesPort the tile server's port on loopback (0: any free port; -1: no tile server)
 * @param schemaRegistry a Confluent-compatible schema registry: requests may then also come in the
 *     Confluent wire format (the issuers' serializers register the schema under
 *     {@code civictrust.issuance.requests-value}); empty: Avro single-object encoding only
 * @param witnessPolicy the witnesses a quorum of which must cosign a checkpoint before it counts for
 *     receipts, also written into {@code trust.json} as each log's witnesses; empty: none
 * @param issuanceStore the Raft-replicated issuance store the policy gate reads and anchoring is
 *     recorded in; empty: the fixed registry of {@code issuers}, nothing recorded (tests, {@code demo})
 * @param awaitSeed whether the logs that are still empty wait for their seed ({@code civictrust archive
 *     restore --publish}) instead of starting a tree: a deployment that restores a log from its archive
 *     must not sign a second history under the log's key first (documents reaching an empty log are
 *     rejected {@code LOG_AWAITING_SEED} until the seed is adopted)
 * @param client the Kafka client properties ({@code --command-config}) under the pipeline's own, for
 *     every admin, producer, consumer and Streams client it starts; {@link KafkaClientConfig#none()}: none
 */
public record PipelineConfig(Path dataDir, Optional<String> bootstrapServers, List<IssuerPolicy> issuers, int logs,
    String originPrefix, int checkpointEveryEntries, long checkpointIntervalMillis, long anchorTimeoutMillis,
    long tickMillis, long commitMillis, int tilesPort, Optional<URI> schemaRegistry,
    Optional<WitnessPolicy> witnessPolicy, Optional<IssuanceStoreConfig> issuanceStore, boolean awaitSeed,
    KafkaClientConfig client) {

  /** Validates. */
  public PipelineConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    issuers = List.copyOf(issuers);
    if (logs < 1 || tickMillis < 1 || commitMillis < 1 || tilesPort < -1) {
      throw new IllegalArgumentException("logs, tick and commit intervals must be positive, tilesPort >= -1");
    }
    Objects.requireNonNull(originPrefix, "originPrefix");
    Objects.requireNonNull(schemaRegistry, "schemaRegistry");
    Objects.requireNonNull(witnessPolicy, "witnessPolicy");
    Objects.requireNonNull(issuanceStore, "issuanceStore");
    Objects.requireNonNull(client, "client");
  }

  /** The defaults: embedded broker, one log, a checkpoint every 1000 entries or 250 ms. */
  public static PipelineConfig defaults(Path dataDir, List<IssuerPolicy> issuers) {
    return new PipelineConfig(dataDir, Optional.empty(), issuers, 1, "civictrust.local/log", 1000, 250, 60_000,
        100, 100, 0, Optional.empty(), Optional.empty(), Optional.empty(), false, KafkaClientConfig.none());
  }

  public PipelineConfig withBootstrapServers(String servers) {
    return new PipelineConfig(dataDir, Optional.of(servers), issuers, logs, originPrefix, checkpointEveryEntries,
        checkpointIntervalMillis, anchorTimeoutMillis, tickMillis, commitMillis, tilesPort, schemaRegistry,
        witnessPolicy, issuanceStore, awaitSeed, client);
  }

  public PipelineConfig withLogs(int count) {
    return new PipelineConfig(dataDir, bootstrapServers, issuers, count, originPrefix, checkpointEveryEntries,
        checkpointIntervalMillis, anchorTimeoutMillis, tickMillis, commitMillis, tilesPort, schemaRegistry,
        witnessPolicy, issuanceStore, awaitSeed, client);
  }

  public PipelineConfig withCheckpoints(int everyEntries, long intervalMillis) {
    return new PipelineConfig(dataDir, bootstrapServers, issuers, logs, originPrefix, everyEntries, intervalMillis,
        anchorTimeoutMillis, tickMillis, commitMillis, tilesPort, schemaRegistry,
        witnessPolicy, issuanceStore, awaitSeed, client);
  }

  public PipelineConfig withSchemaRegistry(URI registry) {
    return new PipelineConfig(dataDir, bootstrapServers, issuers, logs, originPrefix, checkpointEveryEntries,
        checkpointIntervalMillis, anchorTimeoutMillis, tickMillis, commitMillis, tilesPort, Optional.of(registry),
        witnessPolicy, issuanceStore, awaitSeed, client);
  }

  public PipelineConfig withTilesPort(int port) {
    return new PipelineConfig(dataDir, bootstrapServers, issuers, logs, originPrefix, checkpointEveryEntries,
        checkpointIntervalMillis, anchorTimeoutMillis, tickMillis, commitMillis, port, schemaRegistry,
        witnessPolicy, issuanceStore, awaitSeed, client);
  }

  public PipelineConfig withWitnessPolicy(WitnessPolicy policy) {
    return new PipelineConfig(dataDir, bootstrapServers, issuers, logs, originPrefix, checkpointEveryEntries,
        checkpointIntervalMillis, anchorTimeoutMillis, tickMillis, commitMillis, tilesPort, schemaRegistry,
        Optional.of(policy), issuanceStore, awaitSeed, client);
  }

  /** This configuration with another anchor timeout (a leaf left without checkpoint this long is ANCHOR_FAILED). */
  public PipelineConfig withAnchorTimeout(long millis) {
    return new PipelineConfig(dataDir, bootstrapServers, issuers, logs, originPrefix, checkpointEveryEntries,
        checkpointIntervalMillis, millis, tickMillis, commitMillis, tilesPort, schemaRegistry, witnessPolicy,
        issuanceStore, awaitSeed, client);
  }

  /** This configuration with an issuance store. */
  public PipelineConfig withIssuanceStore(IssuanceStoreConfig store) {
    return new PipelineConfig(dataDir, bootstrapServers, issuers, logs, originPrefix, checkpointEveryEntries,
        checkpointIntervalMillis, anchorTimeoutMillis, tickMillis, commitMillis, tilesPort, schemaRegistry,
        witnessPolicy, Optional.of(store), awaitSeed, client);
  }

  /** This configuration with empty logs waiting for their seed, or not (see {@code awaitSeed}). */
  public PipelineConfig withAwaitSeed(boolean await) {
    return new PipelineConfig(dataDir, bootstrapServers, issuers, logs, originPrefix, checkpointEveryEntries,
        checkpointIntervalMillis, anchorTimeoutMillis, tickMillis, commitMillis, tilesPort, schemaRegistry,
        witnessPolicy, issuanceStore, await, client);
  }

  /** This configuration with {@code client}'s Kafka properties under those of every client the pipeline starts. */
  public PipelineConfig withClient(KafkaClientConfig client) {
    return new PipelineConfig(dataDir, bootstrapServers, issuers, logs, originPrefix, checkpointEveryEntries,
        checkpointIntervalMillis, anchorTimeoutMillis, tickMillis, commitMillis, tilesPort, schemaRegistry,
        witnessPolicy, issuanceStore, awaitSeed, client);
  }
}
