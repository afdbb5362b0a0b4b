package org.civictrust.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.civictrust.connect.ArchiveException;
import org.civictrust.connect.ArchiveLayout;
import org.civictrust.connect.ArchiveReport;
import org.civictrust.connect.ArchiveSnapshot;
import org.civictrust.connect.ArchiveStore;
import org.civictrust.connect.ArchiveVerifier;
import org.civictrust.connect.S3Settings;
import org.civictrust.files.AtomicFiles;
import org.civictrust.platform.Pipeline;
import org.civictrust.schemas.KafkaClientConfig;
import org.civictrust.schemas.Topics;
import org.civictrust.schemas.LogSeed;
import org.civictrust.anchor.LogSeeds;
import org.civictrust.anchor.SeedPublication;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.NodeID;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifierKey;
import org.civictrust.verifier.TrustStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code civictrust archive}: checks a log archive in C2SP tlog-tiles layout (what the archive sink
 * writes, in a directory or an S3-compatible bucket) and restores a log's state from it. Both only
 * read the archive; {@code restore --publish} continues the log in a running deployment.
 */
@Command(name = "archive", mixinStandardHelpOptions = true,
    description = "Verify a log archive (tlog-tiles layout, a directory or s3://bucket/prefix) or restore a log from it.",
    subcommands = {ArchiveCommand.Verify.class, ArchiveCommand.Restore.class})
final class ArchiveCommand implements Runnable {
  private final Main.Terminal terminal;

  @Spec
  CommandSpec spec;

  ArchiveCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public void run() {
    spec.commandLine().usage(terminal.out());
  }

  /** One archived log: its origin, its key, and its prefix in the store. */
  record Target(String origin, VerifierKey key, String prefix) {}

  /** Where the archive is and whose logs to look for. */
  static final class Source {
    @Parameters(index = "0", paramLabel = "LOCATION",
        description = "The archive: a directory or s3://bucket[/prefix]; either a log's own prefix (it holds "
            + "'checkpoint') or the archive's root, which holds each log below its origin.")
    String location;

    @Option(names = "--vkey", paramLabel = "VKEY", description = "The log's key (its checkpoints' signer).")
    String vkey;

    @Option(names = "--trust", paramLabel = "FILE", description = "A trust store: the logs and their keys.")
    Path trust;

    @Option(names = "--origin", paramLabel = "ORIGIN",
        description = "The log's origin (default: the --vkey's name; with --trust: every log found).")
    String origin;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "An S3-compatible service (default: Amazon S3).")
    URI s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "us-east-1", description = "Default: us-east-1.")
    String s3Region;

    @Option(names = "--s3-path-style", paramLabel = "true|false",
        description = "Path-style addressing (default: on with --s3-endpoint). Credentials come from the AWS "
            + "environment variables, system properties or profile.")
    Boolean s3PathStyle;

    ArchiveStore open() throws InputException, IOException {
      S3Settings s3 = S3Settings.defaults().withRegion(s3Region)
          .withConditionalWrites(S3Settings.ConditionalWrites.OFF);
      if (s3Endpoint != null) {
        s3 = s3.withEndpoint(s3Endpoint);
      }
      if (s3PathStyle != null) {
        s3 = s3.withPathStyle(s3PathStyle);
      }
      if (!location.startsWith("s3://") && !Files.isDirectory(Path.of(location))) {
        throw new InputException("no archive at " + location + ": not a directory");
      }
      try {
        return ArchiveStore.open(location, s3);
      } catch (IllegalArgumentException e) {
        throw new InputException(e.getMessage(), e);
      }
    }

    /** The logs to look at in {@code store}: one with --vkey, those of the trust store found there with --trust. */
    List<Target> targets(ArchiveStore store) throws InputException, IOException {
      if ((vkey == null) == (trust == null)) {
        throw new InputException("give the log's key with --vkey VKEY, or a trust store with --trust FILE");
      }
      boolean atLogPrefix = store.read(ArchiveLayout.CHECKPOINT) != null;
      List<Target> targets = new ArrayList<>();
      if (vkey != null) {
        VerifierKey key;
        try {
          key = VerifierKey.parse(vkey);
        } catch (IllegalArgumentException e) {
          throw new InputException("--vkey is not a verifier key: " + e.getMessage(), e);
        }
        String log = origin != null ? origin : key.name();
        targets.add(new Target(log, key, atLogPrefix ? "" : ArchiveLayout.logPrefix(log)));
        return targets;
      }
      TrustStore trustStore = InputFiles.readTrustStore(trust);
      if (atLogPrefix) {
        TrustStore.Log log = origin != null
            ? trustStore.log(origin).orElseThrow(() -> new InputException(trust + " holds no log " + origin))
            : signerOf(store.read(ArchiveLayout.CHECKPOINT), trustStore);
        targets.add(new Target(log.origin(), log.vkey(), ""));
        return targets;
      }
      for (TrustStore.Log log : trustStore.logs()) {
        String prefix = ArchiveLayout.logPrefix(log.origin());
        if (origin != null ? log.origin().equals(origin) : store.read(prefix + ArchiveLayout.CHECKPOINT) != null) {
          targets.add(new Target(log.origin(), log.vkey(), prefix));
        }
      }
      if (targets.isEmpty()) {
        throw new InputException("no log of " + trust + (origin == null ? "" : " named " + origin) + " is archived at "
            + location);
      }
      return targets;
    }

    /** The trusted log whose key signed {@code note} for its origin; the first one if none did (it will fail). */
    private TrustStore.Log signerOf(byte[] note, TrustStore trustStore) throws InputException {
      for (TrustStore.Log log : trustStore.logs()) {
        try {
          Checkpoint.open(note, log.origin(), log.vkey());
          return log;
        } catch (VerificationException notThisLog) {
          // try the next one
        }
      }
      if (trustStore.logs().size() == 1) {
        return trustStore.logs().get(0);
      }
      throw new InputException("no log of " + trust + " signed the checkpoint at " + location + ": name it with --origin");
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verify every tile and the root of a log archive against its signed checkpoint.",
          "Recomputes them from the entry bundles (like Tessera's fsck). One JSON line a log: VERIFIED with",
          "the counts, or FAILED with the reason (an ArchiveFault), the path of the first bad file and the",
          "evidence. Exit code 0 if every log verifies, 1 if one does not, 2 for bad usage or an unreadable",
          "archive."})
  static final class Verify implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    Source source;

    Verify(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      boolean allVerified = true;
      try (ArchiveStore store = source.open()) {
        for (Target target : source.targets(store)) {
          ArchiveReport report = ArchiveVerifier.verify(store, target.prefix(), target.origin(), target.key());
          allVerified &= report.verified();
          Json.print(terminal.out(), toJson(report));
        }
      }
      return allVerified ? 0 : Main.FAILED;
    }

    static ObjectNode toJson(ArchiveReport report) {
      ObjectNode json = Json.object().put("origin", report.origin()).put("location", report.location())
          .put("verdict", report.verified() ? "VERIFIED" : "FAILED");
      report.fault().ifPresent(fault -> json.put("reason", fault.name()));
      report.path().ifPresent(path -> json.put("path", path));
      report.reason().ifPresent(reason -> json.put("check", reason.name()));
      report.failure().ifPresent(failure -> json.put("detail", failure.getMessage()));
      json.put("treeSize", report.treeSize());
      report.rootHash().ifPresent(root -> json.put("rootHash", root.toBase64()));
      return json.put("entryBundles", report.entryBundles()).put("tiles", report.tiles())
          .put("partialCopies", report.partialCopies()).put("beyondCheckpoint", report.beyondCheckpoint());
    }
  }

  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = {"Verify a log's archive and print the state a sequencer continues the log from.",
          "That state: origin, tree size, root hash, the signed checkpoint, the compact range's nodes and the",
          "count of hashes at each tile level; --entries-out writes the entries (an entries file: one base64",
          "entry a line). Exit code 0 if the archive verifies, 1 if not",
          "({\"verdict\":\"FAILED\",\"reason\":…,\"path\":…}), 2 for bad usage.",
          "With --publish, continue the log in a running deployment whose log is still empty: in one transaction,",
          "republish the entries to " + Topics.ENTRIES + " and the checkpoint to " + Topics.CHECKPOINTS + ", and",
          "hand the sequencer the state (a LogSeed on " + Topics.ISSUED + ", in the log's partition); then wait",
          "for the sequencer to adopt it. Prints {\"verdict\":\"RESTORED\",…} (exit 0), or REFUSED (the log is not",
          "empty), REJECTED (the sequencer refused the seed, with its reason) or UNCONFIRMED (not adopted in time),",
          "exit 1."})
  static final class Restore implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    Source source;

    @Option(names = "--publish", description = "Continue the log in the deployment at --data or --bootstrap.")
    boolean publish;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ClusterOptions cluster;

    @Mixin
    CommandConfigOption commandConfig;

    @Option(names = "--partition", paramLabel = "N",
        description = "With --publish: the log's partition in the deployment (default: its position in DATA/trust.json).")
    Integer partition;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
        description = "With --publish: how long to wait for the sequencer to adopt the state (default: 60; 0: do not wait).")
    int waitSeconds;

    @Option(names = "--sequencer-app", paramLabel = "ID", defaultValue = Pipeline.SEQUENCER_APPLICATION_ID,
        description = "With --publish: the sequencer's Streams application id (default: ${DEFAULT-VALUE}).")
    String sequencerApp;

    @Option(names = "--entries-out", paramLabel = "FILE", description = "Write the log's entries to FILE.")
    Path entriesOut;

    @Option(names = "--checkpoint-out", paramLabel = "FILE", description = "Write the signed checkpoint to FILE.")
    Path checkpointOut;

    Restore(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      try (ArchiveStore store = source.open()) {
        List<Target> targets = source.targets(store);
        if (targets.size() != 1) {
          throw new InputException(targets.size() + " logs are archived at " + source.location
              + ": name the one to restore with --origin");
        }
        Target target = targets.get(0);
        ArchiveSnapshot snapshot;
        try {
          snapshot = ArchiveSnapshot.restore(store, target.prefix(), target.origin(), target.key());
        } catch (ArchiveException e) {
          ObjectNode failed = Json.object().put("origin", target.origin()).put("verdict", "FAILED")
              .put("reason", e.fault().name());
          e.path().ifPresent(path -> failed.put("path", path));
          e.reason().ifPresent(reason -> failed.put("check", reason.name()));
          Json.print(terminal.out(), failed.put("detail", e.getMessage()));
          return Main.FAILED;
        }
        if (entriesOut != null) {
          writeEntries(snapshot, entriesOut);
        }
        if (checkpointOut != null) {
          AtomicFiles.write(checkpointOut, snapshot.signedCheckpoint());
        }
        if (publish) {
          return publish(snapshot, target);
        }
        Json.print(terminal.out(), toJson(snapshot));
        return 0;
      }
    }

    /**
     * Continues the restored log in the running deployment ({@link SeedPublication}) and prints the
     * verdict: RESTORED or PUBLISHED (exit 0), REFUSED, REJECTED or UNCONFIRMED (exit 1).
     */
    private int publish(ArchiveSnapshot snapshot, Target target) throws Exception {
      String bootstrap = ClusterOptions.bootstrap(cluster);
      KafkaClientConfig client = CommandConfigOption.load(commandConfig);
      int logPartition = partitionOf(target);
      LogSeed seed = LogSeeds.of(target.origin(), snapshot.compactRange(), snapshot.tiles(), snapshot.signedCheckpoint());
      KafkaClients.requireTopics(bootstrap, client, List.of(Topics.ISSUED, Topics.ENTRIES, Topics.CHECKPOINTS, Topics.REJECTED));
      SeedPublication.Outcome outcome;
      try {
        outcome = SeedPublication.publish(seed, target.key(),
            visitor -> snapshot.forEachEntry(0, snapshot.treeSize(), visitor::accept),
            new SeedPublication.Target(client.under(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap)), logPartition,
                Duration.ofSeconds(waitSeconds), sequencerApp));
      } catch (IllegalArgumentException e) {
        throw new InputException(e.getMessage(), e);
      }
      ObjectNode json = Json.object().put("origin", target.origin()).put("location", snapshot.location())
          .put("treeSize", snapshot.treeSize()).put("rootHash", snapshot.rootHash().toBase64())
          .put("partition", logPartition);
      if (outcome.seedOffset() >= 0) {
        json.put("entries", snapshot.treeSize()).put("seedOffset", outcome.seedOffset());
      }
      json.put("verdict", outcome.verdict().name());
      if (outcome.reason() != null) {
        json.put("reason", outcome.reason());
      }
      if (outcome.detail() != null) {
        json.put("detail", outcome.detail());
      }
      Json.print(terminal.out(), json);
      return outcome.published() ? 0 : Main.FAILED;
    }

    /** The log's partition: --partition, or the log's position in the deployment's trust.json, whose key must be the archive's. */
    private int partitionOf(Target target) throws InputException {
      if (waitSeconds < 0) {
        throw new InputException("--wait must be >= 0");
      }
      if (partition != null) {
        if (partition < 0) {
          throw new InputException("--partition must be >= 0");
        }
        return partition;
      }
      Path data = ClusterOptions.dataDir(cluster).orElseThrow(() -> new InputException(
          "give the log's partition with --partition N: with --bootstrap there is no trust.json to find it in"));
      Path file = data.resolve("trust.json");
      if (!Files.exists(file)) {
        throw new InputException("no " + file + " to find the log's partition in: is 'civictrust up --data " + data
            + "' running? (or give --partition N)");
      }
      List<TrustStore.Log> logs = InputFiles.readTrustStore(file).logs();
      for (int i = 0; i < logs.size(); i++) {
        if (logs.get(i).origin().equals(target.origin())) {
          if (!logs.get(i).vkey().equals(target.key())) {
            throw new InputException("the deployment's log " + target.origin() + " has the key " + logs.get(i).vkey().format()
                + ", the archive's checkpoints are checked with " + target.key().format()
                + ": a log continues only with its own key");
          }
          return i;
        }
      }
      throw new InputException("the deployment at " + data + " has no log " + target.origin() + " (see " + file + ")");
    }

    private static void writeEntries(ArchiveSnapshot snapshot, Path file) throws IOException, ArchiveException {
      Base64.Encoder base64 = Base64.getEncoder();
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        snapshot.forEachEntry(0, snapshot.treeSize(), (index, entry) -> {
          out.write(base64.encodeToString(entry));
          out.write('\n');
        });
      }
    }

    static ObjectNode toJson(ArchiveSnapshot snapshot) {
      ArrayNode nodes = Json.MAPPER.createArrayNode();
      List<NodeID> ids = snapshot.compactRangeNodes();
      List<Hash> hashes = snapshot.compactRange().hashes();
      for (int i = 0; i < ids.size(); i++) {
        nodes.add(Json.object().put("level", ids.get(i).level()).put("index", ids.get(i).index())
            .put("hash", hashes.get(i).toBase64()));
      }
      ArrayNode levels = Json.MAPPER.createArrayNode();
      for (int level = 0; snapshot.hashCount(level) > 0; level++) {
        levels.add(snapshot.hashCount(level));
      }
      ObjectNode json = Json.object().put("origin", snapshot.origin()).put("location", snapshot.location())
          .put("verdict", "VERIFIED").put("treeSize", snapshot.treeSize())
          .put("rootHash", snapshot.rootHash().toBase64())
          .put("checkpoint", new String(snapshot.signedCheckpoint(), StandardCharsets.UTF_8));
      json.set("compactRange", Json.object().put("begin", 0).put("end", snapshot.treeSize()).set("nodes", nodes));
      json.set("tileHashCounts", levels);
      return json;
    }
  }
}
