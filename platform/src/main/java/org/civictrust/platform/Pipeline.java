package org.civictrust.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.civictrust.files.AtomicFiles;
import org.civictrust.issuance.IssuanceConfig;
import org.civictrust.issuance.IssuanceTopology;
import org.civictrust.issuance.IssuerKey;
import org.civictrust.issuance.IssuerPolicy;
import org.civictrust.issuance.IssuerRegistry;
import org.civictrust.issuance.KvIssuerRegistry;
import org.civictrust.kv.IssuanceCache;
import org.civictrust.kv.IssuerView;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvUnavailableException;
import org.civictrust.kv.server.LocalKvCluster;
import org.civictrust.issuance.RequestDecoder;
import org.civictrust.schemas.KafkaClientConfig;
import org.civictrust.schemas.SchemaRegistryClient;
import org.civictrust.anchor.LogIdentity;
import org.civictrust.anchor.SequencerConfig;
import org.civictrust.anchor.SequencerTopology;
import org.civictrust.anchor.WitnessPolicy;
import org.civictrust.schemas.StreamsHealth;
import org.civictrust.tiles.LogMirror;
import org.civictrust.tiles.MirrorFeed;
import org.civictrust.tiles.TileServer;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerifierKey;
import org.civictrust.verifier.TrustStore;
import org.slf4j.LoggerFactory;
import org.civictrust.anchor.AnchorRecorder;
import org.civictrust.schemas.Topics;

/**
 * The whole issuance pipeline, running: Kafka (the embedded KRaft broker unless a cluster is given),
 * the topics, the issuance topology and the sequencer as exactly-once Streams applications, the ticker
 * and the tile server. Writes {@code trust.json} (the logs' and issuers' verifier keys, and the
 * witnesses and quorum each log's checkpoints need when a witness policy is configured) into the data
 * directory for offline verification.
 *
 * <p>With an {@linkplain PipelineConfig#issuanceStore() issuance store}, also: the store itself (three
 * Ratis peers in this process, storage {@code DATA/kv/n1..n3}, peer list {@code DATA/kv/peers}, unless
 * an existing store's peers are given), seeded from the configured issuers ({@link StoreSeed}); the
 * policy gate reads it through an {@link IssuanceCache} ({@link KvIssuerRegistry}, signer keys from the
 * configured issuers and {@link IssuanceStoreConfig#localSigners()}); and the {@link AnchorRecorder}
 * records checkpoints and anchor failures in it. {@code trust.json} then lists the store's issuer keys
 * as they are at start, and the deployment's {@linkplain #revocationKey revocation key}, which signs the
 * store's revocation snapshots for offline verifiers.
 *
 * <p>Each Streams application is watched by a {@link StreamsHealth}: a schema registry that does not
 * answer makes the issuance application wait and resume; any other fault stops that application in
 * {@code ERROR}, which {@link #failure()} reports (the rest of the pipeline keeps running until closed).
 */
public final class Pipeline implements AutoCloseable {
  /** The sequencer's Streams application id (its consumer group, which restore watches). */
  public static final String SEQUENCER_APPLICATION_ID = "civictrust-sequencer";
  /** The revocation key's file in the data directory. */
  public static final String REVOCATION_KEY_FILE = "keys/revocations.key";

  private final PipelineConfig config;
  private final EmbeddedBroker broker;
  private final String bootstrapServers;
  private final List<LogIdentity> logs;
  private final KafkaStreams issuance;
  private final KafkaStreams sequencer;
  private final List<StreamsHealth> applications;
  private final CompletableFuture<StreamsHealth.Failure> failure = new CompletableFuture<>();
  private final Ticker ticker;
  private final TileServer tiles;
  private final MirrorFeed feed;
  private final TrustStore trustStore;
  private final Store store;

  /** The parts of the issuance store this pipeline runs; all null without a store. */
  private record Store(LocalKvCluster cluster, List<KvPeer> peers, KvClient client, IssuanceCache cache,
      AnchorRecorder recorder) {
    static final Store NONE = new Store(null, List.of(), null, null, null);
  }

  private Pipeline(PipelineConfig config, EmbeddedBroker broker, String bootstrapServers, List<LogIdentity> logs,
      KafkaStreams issuance, KafkaStreams sequencer, List<StreamsHealth> applications, Ticker ticker, TileServer tiles,
      MirrorFeed feed, TrustStore trustStore, Store store) {
    this.config = config;
    this.broker = broker;
    this.bootstrapServers = bootstrapServers;
    this.logs = logs;
    this.issuance = issuance;
    this.sequencer = sequencer;
    this.applications = List.copyOf(applications);
    this.applications.forEach(a -> a.failure().thenAccept(failure::complete));
    this.ticker = ticker;
    this.tiles = tiles;
    this.feed = feed;
    this.trustStore = trustStore;
    this.store = store;
  }

  /**
   * Starts everything and returns once the Streams applications are running. If any part fails to
   * start, the parts already started are stopped again before the failure is thrown.
   */
  public static Pipeline start(PipelineConfig config) throws Exception {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      return start(config, started);
    } catch (Exception | Error e) {
      while (!started.isEmpty()) {
        try {
          started.pop().close();
        } catch (Exception | Error suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static Pipeline start(PipelineConfig config, Deque<AutoCloseable> started) throws Exception {
    Path dataDir = Files.createDirectories(config.dataDir());
    EmbeddedBroker broker = config.bootstrapServers().isPresent() ? null : EmbeddedBroker.start(dataDir);
    if (broker != null) {
      started.push(broker);
    }
    String bootstrap = broker == null ? config.bootstrapServers().orElseThrow() : broker.bootstrapServers();
    KafkaClientConfig client = config.client();
    try (Admin admin = Admin.create(client.under(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))) {
      TopicAdmin.create(admin, config.logs(), 1, (short) 1);
    }
    List<LogIdentity> logs = logIdentities(config);
    Store store = Store.NONE;
    IssuerRegistry registry = IssuerRegistry.of(config.issuers());
    List<TrustStore.Issuer> trusted = trustedIssuers(config.issuers());
    List<VerifierKey> revocationKeys = List.of();
    if (config.issuanceStore().isPresent()) {
      store = startStore(dataDir, config, config.issuanceStore().get(), started);
      registry = KvIssuerRegistry.of(store.cache(), localSigners(config, config.issuanceStore().get()));
      trusted = storeIssuers(store.client());
      revocationKeys = List.of(revocationKey(config).verifierKey());
    }
    TrustStore trust = trustStore(logs, trusted, config.witnessPolicy(), revocationKeys);
    AtomicFiles.write(dataDir.resolve("trust.json"), trust.format().getBytes(StandardCharsets.UTF_8));

    IssuanceConfig issuanceConfig = IssuanceConfig.of(registry);
    if (config.schemaRegistry().isPresent()) {
      issuanceConfig = issuanceConfig.withDecoder(RequestDecoder.withRegistry(
          SchemaRegistryClient.create(config.schemaRegistry().get()), SchemaRegistryClient.valueSubject(Topics.REQUESTS)));
    }
    var issuanceProps = issuanceConfig.streamsProperties(bootstrap);
    issuanceProps.putAll(StreamsSettings.exactlyOnce(issuanceConfig.applicationId(), bootstrap,
        dataDir.resolve("streams"), config.commitMillis()));
    KafkaStreams issuance = new KafkaStreams(IssuanceTopology.build(issuanceConfig), client.under(issuanceProps));
    StreamsHealth issuanceHealth = StreamsHealth.watch(issuance, issuanceConfig.applicationId());
    started.push(() -> issuance.close(Duration.ofSeconds(30)));
    SequencerConfig sequencerConfig = SequencerConfig.withStandardTopics(logs, config.checkpointEveryEntries(),
        config.checkpointIntervalMillis(), config.anchorTimeoutMillis()).withAwaitSeed(config.awaitSeed());
    var sequencerProps = StreamsSettings.exactlyOnce(SEQUENCER_APPLICATION_ID, bootstrap, dataDir.resolve("streams"),
        config.commitMillis());
    if (config.witnessPolicy().isPresent()) {
      sequencerConfig = sequencerConfig.withWitnessPolicy(config.witnessPolicy().get());
      // A witness round holds the stream thread up to the policy's timeout: leave the transaction that
      // much room beyond Streams' 10 s default before the broker aborts it.
      sequencerProps.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "60000");
    }
    KafkaStreams sequencer = new KafkaStreams(SequencerTopology.build(sequencerConfig), client.under(sequencerProps));
    StreamsHealth sequencerHealth = StreamsHealth.watch(sequencer, SEQUENCER_APPLICATION_ID);
    started.push(() -> sequencer.close(Duration.ofSeconds(30)));
    issuance.start();
    sequencer.start();
    awaitRunning(issuance, "issuance");
    awaitRunning(sequencer, "sequencer");
    Ticker ticker = Ticker.start(bootstrap, client, Topics.ISSUED, config.logs(), config.tickMillis());
    started.push(ticker);

    TileServer tiles = null;
    MirrorFeed feed = null;
    if (config.tilesPort() >= 0) {
      tiles = TileServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.tilesPort()));
      started.push(tiles);
      Map<String, LogMirror> mirrors = new HashMap<>();
      for (LogIdentity log : logs) {
        LogMirror mirror = new LogMirror(log.origin(), log.key().verifierKey());
        mirrors.put(log.origin(), mirror);
        tiles.serve(mirror);
      }
      feed = MirrorFeed.start(bootstrap, client, Topics.ENTRIES, Topics.CHECKPOINTS, mirrors);
      started.push(feed);
    }
    if (store.client() != null) {
      AnchorRecorder recorder = AnchorRecorder.start(bootstrap, client, Topics.ENTRIES, store.client(),
          logs.stream().map(l -> new AnchorRecorder.Log(l.origin(), l.key().verifierKey())).toList());
      started.push(recorder);
      store = new Store(store.cluster(), store.peers(), store.client(), store.cache(), recorder);
    }
    return new Pipeline(config, broker, bootstrap, logs, issuance, sequencer, List.of(issuanceHealth, sequencerHealth),
        ticker, tiles, feed, trust, store);
  }

  /**
   * Starts (or connects to) the store, seeds it and starts the cache. The client's calls give up after
   * the staleness bound: the gate fails closed rather than waiting; seeding uses a patient client of its
   * own (a store just started elects its leader first).
   */
  private static Store startStore(Path dataDir, PipelineConfig config, IssuanceStoreConfig storeConfig,
      Deque<AutoCloseable> started) throws IOException, KvUnavailableException {
    LocalKvCluster cluster = null;
    List<KvPeer> peers;
    if (storeConfig.peers().isPresent()) {
      peers = storeConfig.peers().get();
    } else {
      cluster = LocalKvCluster.start(dataDir.resolve(IssuanceStoreConfig.DIRECTORY), IssuanceStoreConfig.LOCAL_PEERS);
      started.push(cluster);
      peers = cluster.peers();
    }
    try (KvClient seeding = KvClient.connect(peers, KvClient.Options.defaults().withDeadline(Duration.ofSeconds(60)))) {
      StoreSeed.seed(seeding, config.issuers());
    }
    KvClient client = KvClient.connect(peers, KvClient.Options.defaults().withDeadline(storeConfig.maxStaleness()));
    started.push(client);
    IssuanceCache cache = IssuanceCache.start(client, storeConfig.maxStaleness(), CACHED_ISSUERS);
    started.push(cache);
    return new Store(cluster, peers, client, cache, null);
  }

  /** How many issuers the policy gate's cache holds at most. */
  private static final int CACHED_ISSUERS = 10_000;

  /** The signer keys of the configured issuers and the extra local ones. */
  private static List<SignerKey> localSigners(PipelineConfig config, IssuanceStoreConfig storeConfig) {
    Map<VerifierKey, SignerKey> signers = new LinkedHashMap<>();
    for (IssuerPolicy issuer : config.issuers()) {
      for (IssuerKey key : issuer.keys()) {
        key.signer().ifPresent(s -> signers.put(s.verifierKey(), s));
      }
    }
    storeConfig.localSigners().forEach(s -> signers.put(s.verifierKey(), s));
    return List.copyOf(signers.values());
  }

  /** The store's issuers with their verifier keys, for {@code trust.json}. */
  private static List<TrustStore.Issuer> storeIssuers(KvClient client) throws KvUnavailableException {
    List<TrustStore.Issuer> issuers = new ArrayList<>();
    for (IssuerView view : client.issuers().value()) {
      issuers.add(new TrustStore.Issuer(view.issuer().issuerId(),
          view.keys().stream().map(k -> VerifierKey.parse(k.verifierKey())).toList()));
    }
    return issuers;
  }

  private static List<TrustStore.Issuer> trustedIssuers(List<IssuerPolicy> issuers) {
    List<TrustStore.Issuer> trusted = new ArrayList<>();
    for (IssuerPolicy issuer : issuers) {
      trusted.add(new TrustStore.Issuer(issuer.issuerId(), issuer.keys().stream().map(IssuerKey::verifierKey).toList()));
    }
    return trusted;
  }

  private static void awaitRunning(KafkaStreams streams, String name) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (streams.state() == KafkaStreams.State.ERROR || System.nanoTime() > deadline) {
        throw new IllegalStateException("the " + name + " application did not start: " + streams.state());
      }
      Thread.sleep(50);
    }
  }

  /** Each log's key is kept in the data directory, created on first start. */
  private static List<LogIdentity> logIdentities(PipelineConfig config) throws IOException {
    List<LogIdentity> logs = new ArrayList<>();
    for (int i = 0; i < config.logs(); i++) {
      String origin = config.originPrefix() + "/" + i;
      logs.add(new LogIdentity(origin, keyFile(config.dataDir().resolve("keys").resolve("log-" + i + ".key"), origin)));
    }
    return List.copyOf(logs);
  }

  /**
   * The key that signs this deployment's revocation snapshots ({@code civictrust kv export-revocations}),
   * named {@code <origin prefix>/revocations}, kept in {@value #REVOCATION_KEY_FILE} of the data
   * directory, created on first start, listed in {@code trust.json} as its revocation key.
   */
  public static SignerKey revocationKey(PipelineConfig config) throws IOException {
    return keyFile(config.dataDir().resolve(REVOCATION_KEY_FILE), config.originPrefix() + "/revocations");
  }

  /** The signer key named {@code name} in {@code file}, generated (mode 0600) if the file does not exist. */
  private static SignerKey keyFile(Path file, String name) throws IOException {
    Files.createDirectories(file.getParent());
    SignerKey key;
    if (Files.exists(file)) {
      key = SignerKey.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
    } else {
      key = SignerKey.generate(name, new SecureRandom());
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        throw new IOException("another process is creating " + file, e);
      }
      Files.writeString(file, key.format() + "\n", StandardCharsets.UTF_8);
    }
    if (!key.name().equals(name)) {
      throw new IOException(file + " holds the key of " + key.name() + ", not of " + name);
    }
    return key;
  }

  private static TrustStore trustStore(List<LogIdentity> logs, List<TrustStore.Issuer> trustedIssuers,
      Optional<WitnessPolicy> witnessPolicy, List<VerifierKey> revocationKeys) {
    List<TrustStore.Witness> witnesses = witnessPolicy.map(p -> p.witnesses().stream()
        .map(w -> new TrustStore.Witness(w.name(), w.key())).toList()).orElse(List.of());
    int quorum = witnessPolicy.map(WitnessPolicy::quorum).orElse(0);
    List<TrustStore.Log> trustedLogs = new ArrayList<>();
    logs.forEach(l -> trustedLogs.add(new TrustStore.Log(l.origin(), l.key().verifierKey(), witnesses, quorum)));
    return TrustStore.of(trustedLogs, trustedIssuers, revocationKeys);
  }

  /** The Kafka cluster the pipeline runs on. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The logs, in partition order. */
  public List<LogIdentity> logs() {
    return logs;
  }

  /** The verifier keys of the logs and issuers, as written to {@code trust.json}. */
  public TrustStore trustStore() {
    return trustStore;
  }

  /** The tile server's base URL (each log under {@code <url>/<origin>/}), or null without one. */
  public String tilesUrl() {
    return tiles == null ? null : "http://127.0.0.1:" + tiles.port();
  }

  public PipelineConfig config() {
    return config;
  }

  /** The issuance store's peers, or empty without a store. */
  public List<KvPeer> issuanceStorePeers() {
    return store.peers();
  }

  /** The Streams applications' watches: the issuance application's, then the sequencer's. */
  public List<StreamsHealth> applications() {
    return applications;
  }

  /**
   * Completes when one of the pipeline's Streams applications is in {@code ERROR}, with which one and why
   * (the first, if several fail); never completes otherwise, not on {@link #close()}. The caller reports it
   * and closes the pipeline: an application in {@code ERROR} processes nothing more. Each call returns a
   * new future.
   */
  public CompletableFuture<StreamsHealth.Failure> failure() {
    return failure.copy();
  }

  /** What the anchor recorder has recorded in the issuance store, if there is a store. */
  public Optional<AnchorRecorder.Progress> anchoring() {
    return Optional.ofNullable(store.recorder()).map(AnchorRecorder::progress);
  }

  /**
   * Stops everything: feeding and serving first, then the applications, then the broker. Throws no
   * InterruptedException (an interrupt is kept in the thread's status), so try-with-resources is safe.
   */
  @Override
  public void close() {
    if (feed != null) {
      feed.close();
    }
    if (tiles != null) {
      tiles.close();
    }
    ticker.close();
    // Leave the consumer groups: a member that stays in its group holds its partitions until its session
    // times out (45 s), so the next start on the same data would wait that long for its first rebalance.
    CloseOptions leave = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30));
    if (store.recorder() != null) {
      store.recorder().close();
    }
    issuance.close(leave);
    sequencer.close(leave);
    if (store.cache() != null) {
      store.cache().close();
      store.client().close();
    }
    if (store.cluster() != null) {
      try {
        store.cluster().close();
      } catch (IOException e) {
        LoggerFactory.getLogger(Pipeline.class).warn("the issuance store did not close cleanly: {}", e.toString());
      }
    }
    if (broker != null) {
      broker.close();
    }
  }
}
