package org.civictrust.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.civictrust.files.AtomicFiles;
import org.civictrust.monitor.Incident;
import org.civictrust.monitor.LogPoller;
import org.civictrust.monitor.Monitor;
import org.civictrust.monitor.MonitorConfig;
import org.civictrust.monitor.MonitorStreams;
import org.civictrust.tlog.MonitoredLog;
import org.civictrust.monitor.Observation;
import org.civictrust.monitor.ObservationLog;
import org.civictrust.schemas.StreamsHealth;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerifierKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.civictrust.schemas.KafkaClientConfig;
import org.civictrust.schemas.Topics;

/**
 * {@code civictrust monitor}: runs a monitor until Ctrl-C (or for {@code --for}). With {@code --url} it
 * polls remote logs over HTTP (C2SP tlog-tiles): incidents go, signed, to {@code --incidents DIR} and as
 * one JSON line each to stdout, accepted checkpoints to the observation log {@code STATE/observations}.
 * Otherwise it runs the Kafka Streams monitor on the cluster ({@code --data}/{@code --bootstrap}):
 * checkpoints and entries in, gossip and incidents out on {@code civictrust.monitor.*}; if that Streams
 * application stops in ERROR, the command prints one line naming it and the cause on stderr and exits
 * {@value Main#APPLICATION_FAILED}.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = {"Watch logs for equivocation.",
        "On a Kafka cluster (the checkpoints and entries topics), or over HTTP with --url (tlog-tiles).",
        "Signs observations and incidents with --key."})
final class MonitorCommand implements Callable<Integer> {
  private final Main.Terminal terminal;

  @Option(names = "--key", required = true, paramLabel = "FILE",
      description = "The monitor's signer key (PRIVATE+KEY+…, from 'civictrust keys generate'); its name is the monitor's.")
  Path key;

  @Option(names = "--trust", paramLabel = "FILE", description = "Follow the logs of this trust store (default: DATA/trust.json on a cluster).")
  Path trust;

  @Option(names = "--log", paramLabel = "ORIGIN=VKEY", description = "Follow this log (repeatable).")
  List<String> logs;

  @Option(names = "--peer", paramLabel = "VKEY", description = "Trust this monitor's gossip (repeatable).")
  List<String> peers;

  @Option(names = "--url", paramLabel = "URL",
      description = {"Poll over HTTP (tlog-tiles): each log at URL/<origin>/, as the CivicTrust tile server",
          "serves logs; or, if URL holds {origin}, at URL with {origin} replaced (e.g. https://{origin}/)."})
  URI url;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  ClusterOptions cluster;

  @Mixin
  CommandConfigOption commandConfig;

  @Option(names = "--state", defaultValue = "monitor-state", paramLabel = "DIR",
      description = "State: Streams stores, or the observation log and incidents with --url (default: ${DEFAULT-VALUE}).")
  Path state;

  @Option(names = "--incidents", paramLabel = "DIR", description = "With --url: write each signed incident here (default: STATE/incidents).")
  Path incidents;

  @Option(names = "--interval", defaultValue = "PT5S", paramLabel = "DURATION", description = "With --url: poll every (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--freshness", defaultValue = "PT0S", paramLabel = "DURATION",
      description = "Warn STALE when a log's tree has not grown for this long; PT0S: never (default: ${DEFAULT-VALUE}).")
  Duration freshness;

  @Option(names = "--audit", description = "With --url: also download the entries and recompute each root (full audit).")
  boolean audit;

  @Option(names = "--for", paramLabel = "DURATION", description = "Stop after this long instead of at Ctrl-C.")
  Duration runFor;

  MonitorCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    SignerKey signer = SignerKeyFiles.read(key);
    List<VerifierKey> trusted = MonitorOptions.vkeys(peers, "--peer");
    MonitorOptions.positive(interval, "--interval");
    MonitorOptions.positive(runFor, "--for");
    if (freshness.isNegative()) {
      throw new InputException("--freshness must not be negative");
    }
    Monitor.Settings settings = Monitor.Settings.defaults().withFreshness(freshness);
    if (url != null) {
      if (cluster != null || (commandConfig != null && commandConfig.file != null)) {
        throw new InputException("--url polls over HTTP: --data, --bootstrap and --command-config do not apply");
      }
      return poll(signer, MonitorOptions.logs(trust, logs), settings);
    }
    if (audit || incidents != null) {
      throw new InputException("--audit and --incidents apply with --url only");
    }
    Path trustFile = trust != null ? trust : ClusterOptions.dataDir(cluster).map(d -> d.resolve("trust.json"))
        .filter(Files::exists).orElse(null);
    List<MonitoredLog> followed = MonitorOptions.logs(trustFile, logs);
    String bootstrap = ClusterOptions.bootstrap(cluster);
    KafkaClientConfig client = CommandConfigOption.load(commandConfig);
    KafkaClients.requireTopics(bootstrap, client, List.of(Topics.CHECKPOINTS, Topics.ENTRIES));
    MonitorConfig config = MonitorConfig.of(signer, followed, trusted, settings);
    MonitorStreams streams = MonitorStreams.start(config, bootstrap, client, state, Duration.ofMillis(100));
    ObjectNode started = summary(signer, followed, "kafka").put("bootstrap", bootstrap)
        .put("gossip", Topics.GOSSIP).put("incidents", Topics.INCIDENTS);
    Json.print(terminal.out(), started);
    terminal.out().flush();
    Optional<StreamsHealth.Failure> failed = UntilStopped.run(runFor, streams, streams.failure(),
        failure -> terminal.err().println("civictrust: " + failure.summary() + "; stopping"));
    return failed.isPresent() ? Main.APPLICATION_FAILED : 0;
  }

  private int poll(SignerKey signer, List<MonitoredLog> followed, Monitor.Settings settings) throws Exception {
    List<LogPoller.Remote> remotes = new ArrayList<>();
    for (MonitoredLog log : followed) {
      remotes.add(new LogPoller.Remote(log, prefix(log)));
    }
    Path incidentDir = incidents != null ? incidents : state.resolve("incidents");
    Files.createDirectories(incidentDir);
    Files.createDirectories(state);
    AtomicLong written = new AtomicLong();
    LogPoller.Listener listener = new LogPoller.Listener() {
      @Override
      public void observed(Observation observation, byte[] signedObservation) {
      }

      @Override
      public void incident(Incident incident, byte[] signedIncident) {
        Path file = incidentDir.resolve(incident.time() + "-" + written.incrementAndGet() + "-"
            + incident.reason().name().toLowerCase(java.util.Locale.ROOT) + ".incident");
        try {
          AtomicFiles.write(file, signedIncident);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
        synchronized (terminal) {
          Json.print(terminal.out(), IncidentJson.describe(incident).put("file", file.toString()));
          terminal.out().flush();
        }
      }
    };
    ObservationLog observations = ObservationLog.open(state.resolve("observations"));
    LogPoller poller = LogPoller.create(signer, remotes, settings, observations, audit, listener,
        Duration.ofSeconds(10), System::currentTimeMillis);
    ArrayNode urls = Json.MAPPER.createArrayNode();
    remotes.forEach(r -> urls.add(r.prefix().toString()));
    ObjectNode started = summary(signer, followed, "http");
    started.set("urls", urls);
    started.put("incidents", incidentDir.toString()).put("observations", observations.file().toString());
    synchronized (terminal) {
      Json.print(terminal.out(), started);
      terminal.out().flush();
    }
    poller.start(interval);
    UntilStopped.run(runFor, poller);
    return 0;
  }

  /**
   * The log's tlog-tiles prefix: {@code --url} with {@code {origin}} replaced by the origin, or, without
   * that placeholder, {@code URL/<origin>/} (the CivicTrust tile server's layout).
   */
  private URI prefix(MonitoredLog log) throws InputException {
    String base = url.toString();
    String prefix = base.contains("{origin}") ? base.replace("{origin}", log.origin())
        : (base.endsWith("/") ? base : base + "/") + log.origin() + "/";
    try {
      return URI.create(prefix);
    } catch (IllegalArgumentException e) {
      throw new InputException("--url: not a URL for log " + log.origin() + ": " + prefix, e);
    }
  }

  private static ObjectNode summary(SignerKey signer, List<MonitoredLog> followed, String mode) {
    ObjectNode summary = Json.object().put("monitor", signer.name()).put("vkey", signer.verifierKey().format())
        .put("mode", mode).put("started", Instant.now().toString());
    ArrayNode origins = summary.putArray("logs");
    followed.forEach(l -> origins.add(l.origin()));
    return summary;
  }
}
