package org.civictrust.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.civictrust.issuance.IssuerPolicy;
import org.civictrust.issuance.IssuerRegistryFile;
import org.civictrust.issuance.RegistryConfigException;
import org.civictrust.kv.KvPeer;
import org.civictrust.platform.IssuanceStoreConfig;
import org.civictrust.platform.Pipeline;
import org.civictrust.platform.PipelineConfig;
import org.civictrust.schemas.KafkaClientConfig;
import org.civictrust.schemas.Topics;
import org.civictrust.anchor.LogIdentity;
import org.civictrust.anchor.WitnessPolicy;
import org.civictrust.schemas.StreamsHealth;
import org.civictrust.tlog.SignerKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code civictrust up}: runs the whole pipeline ({@link Pipeline}) until Ctrl-C (SIGINT) or SIGTERM,
 * then stops it gracefully. Everything lives in the data directory, so starting again on it continues
 * the same logs: the embedded broker's data ({@code DATA/kafka}), the log keys ({@code DATA/keys}), the
 * Streams state, {@code DATA/trust.json}, and, without {@code --issuers}, the demo issuers created on
 * first start ({@link DemoIssuersFile}), and the libraries' log, {@code DATA/logs/civictrust.log}
 * ({@link LibraryLog}). While it runs, {@code DATA/bootstrap} holds the cluster's
 * address for the other commands' {@code --data}. {@link #start} starts and prints the summary;
 * {@link UntilStopped} waits. If one of the pipeline's Streams applications stops in ERROR ({@link
 * Pipeline#failure()}), {@code up} prints one line naming it and the cause on stderr, stops the pipeline
 * and exits {@value Main#APPLICATION_FAILED}: a pipeline that no longer processes must not look up.
 *
 * <p>The issuance store: unless {@code --kv} names an existing one, three Ratis peers run in this
 * process with their storage in {@code DATA/kv} and their list in {@code DATA/kv/peers}, the layout of
 * {@code civictrust kv up}, so {@code civictrust issuers|keys|documents --data DATA} find it. The store is
 * seeded from the issuers file (issuers it does not have yet), and the policy gate reads it; the issuers
 * file and the signer key files ({@code --signer-keys}) provide the secret keys, which never go to the
 * store.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Run the pipeline until Ctrl-C.",
        "An in-process Kafka broker unless --bootstrap, a three-peer issuance store unless --kv, every",
        "processor and the tile server. Starting again on the same --data continues the same logs."})
final class UpCommand implements Callable<Integer> {
  private static final Pattern LOG_KEY = Pattern.compile("log-[0-9]+\\.key");
  /** The default directory of extra signer keys, inside the data directory. */
  static final String SIGNER_KEYS = "signer-keys";
  private static final List<String> TOPICS = List.of(Topics.REQUESTS, Topics.REJECTED, Topics.ISSUED, Topics.ENTRIES,
      Topics.CHECKPOINTS, Topics.RECEIPTS, Topics.STATUS);

  private final Main.Terminal terminal;

  @Option(names = "--data", defaultValue = "civictrust-data", paramLabel = "DIR",
      description = "Data directory: broker data, keys, state, trust.json (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--issuers", paramLabel = "FILE",
      description = "Issuer registry file (default: DATA/issuers.json, with demo issuers created on first start).")
  Path issuers;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "An existing Kafka cluster instead of the embedded broker.")
  String bootstrap;

  @Mixin
  CommandConfigOption commandConfig;

  @Option(names = "--kv", paramLabel = "PEERS",
      description = "An existing issuance store's peers, id=host:port,… (default: three peers in this process, DATA/kv).")
  String kvPeers;

  @Option(names = "--signer-keys", paramLabel = "DIR",
      description = {"Signer key files (*.key) of keys to rotate in later with 'keys rotate', besides those of the",
          "issuers file (default: DATA/signer-keys, if it exists)."})
  Path signerKeys;

  @Option(names = "--logs", defaultValue = "1", paramLabel = "N", description = "Logs (shards) (default: ${DEFAULT-VALUE}).")
  int logs;

  @Option(names = "--checkpoint-entries", defaultValue = "1000", paramLabel = "N",
      description = "Sign a checkpoint once N entries wait (default: ${DEFAULT-VALUE}).")
  int checkpointEntries;

  @Option(names = "--checkpoint-interval", defaultValue = "PT0.25S", paramLabel = "DURATION",
      description = "... or once the oldest waiting entry is this old, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(names = "--tiles-port", defaultValue = "0", paramLabel = "P",
      description = "Tile server port on 127.0.0.1; 0 any free port, -1 none (default: ${DEFAULT-VALUE}).")
  int tilesPort;

  @Option(names = "--schema-registry", paramLabel = "URL", description = SchemaRegistryOption.DESCRIPTION)
  URI schemaRegistry;

  @Option(names = "--witness", paramLabel = "URL=VKEY",
      description = "A C2SP witness (submission prefix and cosigner vkey) that cosigns checkpoints (repeatable).")
  List<String> witnesses;

  @Option(names = "--restoring",
      description = {"This deployment continues logs from their archive: each log that is still empty waits for",
          "'civictrust archive restore --publish' (documents reaching it are rejected LOG_AWAITING_SEED) instead",
          "of starting a new tree under the log's key."})
  boolean restoring;

  @Option(names = "--witness-quorum", paramLabel = "K",
      description = "Checkpoints count for receipts once K witnesses cosigned them (default: all of them).")
  Integer witnessQuorum;

  @Mixin
  LibraryLog.Options logging;

  private boolean stopped;
  /** Open from just before the pipeline starts until the command ends. */
  private LibraryLog libraryLog;

  UpCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    try {
      Pipeline pipeline = start();
      Optional<StreamsHealth.Failure> failed = UntilStopped.run(null, () -> stop(pipeline), pipeline.failure(),
          failure -> terminal.err().println("civictrust: " + failure.summary() + "; stopping"));
      return failed.isPresent() ? Main.APPLICATION_FAILED : 0;
    } finally {
      if (libraryLog != null) {
        libraryLog.close();
      }
    }
  }

  /** Checks the options, starts the pipeline, writes {@code DATA/bootstrap} and prints the summary. */
  Pipeline start() throws Exception {
    if (logs < 1 || checkpointEntries < 1 || checkpointInterval.isNegative() || checkpointInterval.isZero()
        || tilesPort < -1 || tilesPort > 65_535) {
      throw new InputException("--logs and --checkpoint-entries must be at least 1, --checkpoint-interval positive,"
          + " --tiles-port in [-1, 65535]");
    }
    Optional<WitnessPolicy> witnessPolicy = WitnessOptions.policy(witnesses, witnessQuorum);
    if (bootstrap == null && commandConfig != null && commandConfig.file != null) {
      // The embedded broker listens in plaintext on loopback: client security settings cannot apply.
      throw new InputException("--command-config applies with --bootstrap (the embedded broker takes plaintext clients only)");
    }
    KafkaClientConfig client = CommandConfigOption.load(commandConfig);
    if (bootstrap != null) {
      ClusterOptions.checkAddress(bootstrap, "--bootstrap");
      KafkaClients.requireTopics(bootstrap, client, List.of());
    }
    Files.createDirectories(data);
    requireSameLogCount();
    Path registry = issuers;
    String registryNote = "";
    if (registry == null) {
      registry = data.resolve(DemoIssuersFile.FILE);
      if (!DemoIssuersFile.exists(data)) {
        DemoIssuersFile.create(data);
        registryNote = " (created: the demo issuers, keys in " + data.resolve(DemoIssuersFile.KEYS) + ")";
      }
    }
    List<IssuerPolicy> policies;
    try {
      policies = IssuerRegistryFile.loadPolicies(registry);
    } catch (RegistryConfigException e) {
      throw new InputException(registry + ": " + e.getMessage(), e);
    }
    IssuanceStoreConfig store = kvPeers == null ? IssuanceStoreConfig.local() : IssuanceStoreConfig.existing(parsePeers());
    store = store.withLocalSigners(signerKeys());
    PipelineConfig config = PipelineConfig.defaults(data, policies).withLogs(logs)
        .withCheckpoints(checkpointEntries, checkpointInterval.toMillis()).withTilesPort(tilesPort)
        .withIssuanceStore(store).withAwaitSeed(restoring).withClient(client);
    if (bootstrap != null) {
      config = config.withBootstrapServers(bootstrap);
    }
    if (schemaRegistry != null) {
      SchemaRegistryOption.requestCodec(schemaRegistry);
      config = config.withSchemaRegistry(schemaRegistry);
    }
    if (witnessPolicy.isPresent()) {
      config = config.withWitnessPolicy(witnessPolicy.get());
    }
    PrintStream out = terminal.out();
    libraryLog = logging.open(data, "up", terminal);
    out.printf("starting CivicTrust in %s …%n", data);
    long started = System.nanoTime();
    Pipeline pipeline = Pipeline.start(config);
    ClusterOptions.writeBootstrap(data, pipeline.bootstrapServers());
    out.printf("CivicTrust is up in %.1f s%n", (System.nanoTime() - started) / 1e9);
    out.printf("  Kafka        %s (%s)%n", pipeline.bootstrapServers(),
        bootstrap == null ? "embedded KRaft broker, data in " + data.resolve("kafka") : "external cluster");
    out.printf("  topics       %s%n", String.join(", ", TOPICS));
    out.printf("  issuers      %s%s: %s%n", registry, registryNote,
        policies.stream().map(IssuerPolicy::issuerId).collect(Collectors.joining(", ")));
    out.printf("  kv store     %s%n", KvPeer.formatList(pipeline.issuanceStorePeers()));
    out.printf("               %s; the policy gate reads it (revocations apply within %d ms)%n", kvPeers == null
        ? "3 Raft peers in this process, data in " + data.resolve(IssuanceStoreConfig.DIRECTORY) + ", seeded from the issuers"
            + " file; 'civictrust issuers|keys|documents --data " + data + "' find it"
        : "existing store; give 'civictrust issuers|keys|documents' the same --kv", store.maxStaleness().toMillis());
    out.printf("  signer keys  %d held here (issuers file%s)%n", signerCount(policies) + store.localSigners().size(),
        store.localSigners().isEmpty() ? "" : " and " + store.localSigners().size() + " in " + signerKeyDirectory());
    for (LogIdentity log : pipeline.logs()) {
      out.printf("  log          %s%n", log.origin());
      out.printf("    vkey       %s%n", log.key().verifierKey().format());
      if (pipeline.tilesUrl() != null) {
        out.printf("    tiles      %s/%s/checkpoint%n", pipeline.tilesUrl(), log.origin());
      }
    }
    out.printf("  tile server  %s%n", pipeline.tilesUrl() == null ? "none (--tiles-port -1)" : pipeline.tilesUrl());
    out.printf("  requests     Avro single-object encoding%s%n",
        schemaRegistry == null ? "" : ", or the Confluent wire format (schema registry " + schemaRegistry + ")");
    out.printf("  witnesses    %s%n", witnessPolicy.map(p -> p.quorum() + " of " + p.witnesses().stream()
        .map(w -> w.name() + " (" + w.url() + ")").collect(Collectors.joining(", ")) + " cosign each checkpoint")
        .orElse("none"));
    out.printf("  trust store  %s%n", data.resolve("trust.json"));
    out.printf("  log file     %s%n", logging.describe(libraryLog));
    out.printf("  bootstrap    %s (the other commands' --data %s finds Kafka there)%n",
        data.resolve(ClusterOptions.BOOTSTRAP_FILE), data);
    out.println("Running; stop with Ctrl-C.");
    out.flush();
    return pipeline;
  }

  private List<KvPeer> parsePeers() throws InputException {
    try {
      return KvPeer.parseList(kvPeers);
    } catch (IllegalArgumentException e) {
      throw new InputException("--kv: " + e.getMessage(), e);
    }
  }

  private Path signerKeyDirectory() {
    return signerKeys == null ? data.resolve(SIGNER_KEYS) : signerKeys;
  }

  /** The signer keys in {@code *.key} files of the signer-keys directory (none if it does not exist by default). */
  private List<SignerKey> signerKeys() throws InputException, IOException {
    Path dir = signerKeyDirectory();
    if (!Files.isDirectory(dir)) {
      if (signerKeys != null) {
        throw new InputException("--signer-keys: " + dir + " is not a directory");
      }
      return List.of();
    }
    List<SignerKey> keys = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".key")).sorted().toList()) {
        keys.add(SignerKeyFiles.read(file));
      }
    }
    return keys;
  }

  private static long signerCount(List<IssuerPolicy> policies) {
    return policies.stream().flatMap(p -> p.keys().stream()).filter(k -> k.signer().isPresent()).count();
  }

  /** Stops the pipeline once, however many times it is asked to. */
  private synchronized void stop(Pipeline pipeline) {
    if (stopped) {
      return;
    }
    stopped = true;
    PrintStream out = terminal.out();
    out.println("stopping …");
    try {
      Files.deleteIfExists(data.resolve(ClusterOptions.BOOTSTRAP_FILE));
    } catch (IOException e) {
      terminal.err().println("civictrust: cannot remove " + data.resolve(ClusterOptions.BOOTSTRAP_FILE) + ": " + e);
    }
    pipeline.close();
    out.printf("stopped; 'civictrust up --data %s' continues the same logs%n", data);
    out.flush();
  }

  /** The number of logs is fixed at first start: refuses another {@code --logs} on the same data. */
  private void requireSameLogCount() throws InputException, IOException {
    Path keys = data.resolve("keys");
    if (!Files.isDirectory(keys)) {
      return;
    }
    long existing;
    try (Stream<Path> files = Files.list(keys)) {
      existing = files.filter(f -> LOG_KEY.matcher(f.getFileName().toString()).matches()).count();
    }
    if (existing > 0 && existing != logs) {
      throw new InputException(data + " holds " + existing + " logs; the number of logs cannot change: start with --logs "
          + existing);
    }
  }
}
