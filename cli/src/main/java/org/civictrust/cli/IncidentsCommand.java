package org.civictrust.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.civictrust.monitor.Incident;
import org.civictrust.monitor.IncidentVerdict;
import org.civictrust.monitor.IncidentVerifier;
import org.civictrust.tlog.MonitoredLog;
import org.civictrust.schemas.AvroCodec;
import org.civictrust.schemas.Documents;
import org.civictrust.schemas.MonitorIncident;
import org.civictrust.schemas.RecordException;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifierKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.civictrust.schemas.KafkaClientConfig;
import org.civictrust.schemas.Topics;
import org.civictrust.schemas.TopicReader;

/**
 * {@code civictrust incidents}: lists incidents, from incident files (signed notes, as {@code monitor
 * --url} writes them) or from the {@code civictrust.monitor.incidents} topic, one JSON object a line.
 * With {@code --verify} each is verified offline against the monitors' keys and the logs' keys: verdict
 * PROVEN (a critical incident whose evidence proves the log equivocated), AUTHENTIC (a warning the
 * monitor signed) or FAILED with a problem code. Exit code 1 if any FAILED, 2 for bad usage.
 */
@Command(name = "incidents", mixinStandardHelpOptions = true,
    description = {"List monitors' incidents and, with --verify, verify them offline.",
        "Reads incident files, or the incidents topic. Verified, each is PROVEN, AUTHENTIC or FAILED with a",
        "problem code. Exit code 1 if any FAILED."})
final class IncidentsCommand implements Callable<Integer> {
  private static final AvroCodec<MonitorIncident> INCIDENT = AvroCodec.of(MonitorIncident.class, 4 << 20);

  private final Main.Terminal terminal;

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "Incident files (signed notes); without any, the incidents topic.")
  List<Path> files;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  ClusterOptions cluster;

  @Mixin
  CommandConfigOption commandConfig;

  @Option(names = "--verify", description = "Verify each incident offline.")
  boolean verify;

  @Option(names = "--monitor-key", paramLabel = "VKEY", description = "A trusted monitor's verifier key (repeatable).")
  List<String> monitorKeys;

  @Option(names = "--trust", paramLabel = "FILE", description = "The trusted logs, from a trust store.")
  Path trust;

  @Option(names = "--log", paramLabel = "ORIGIN=VKEY", description = "A trusted log (repeatable).")
  List<String> logs;

  IncidentsCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  /** One incident read from somewhere. */
  private record Source(String where, byte[] note) {}

  @Override
  public Integer call() throws Exception {
    IncidentVerifier verifier = null;
    if (verify) {
      List<VerifierKey> monitors = MonitorOptions.vkeys(monitorKeys, "--monitor-key");
      if (monitors.isEmpty()) {
        throw new InputException("--verify needs at least one --monitor-key");
      }
      List<MonitoredLog> trusted = trust == null && logs == null ? List.of() : MonitorOptions.logs(trust, logs);
      verifier = IncidentVerifier.of(monitors, trusted);
    }
    List<Source> sources = files == null || files.isEmpty() ? fromTopic() : fromFiles();
    boolean allGood = true;
    for (Source source : sources) {
      ObjectNode line;
      if (verifier != null) {
        IncidentVerdict verdict = verifier.verify(source.note);
        allGood &= verdict.status() != IncidentVerdict.Status.FAILED;
        line = verdict.verifiedIncident().map(IncidentJson::describe).orElseGet(Json::object);
        line.put("verdict", verdict.status().name());
        if (verdict.problem() != null) {
          line.put("problem", verdict.problem().name());
        }
        line.put("explanation", verdict.explanation());
      } else {
        line = unverified(source.note);
      }
      Json.print(terminal.out(), Json.object().put("source", source.where).setAll(line));
    }
    terminal.out().flush();
    return allGood ? 0 : Main.FAILED;
  }

  /** An incident listed without verification: parsed, marked unverified. */
  private static ObjectNode unverified(byte[] note) {
    try {
      return IncidentJson.describe(Incident.parse(Note.parse(note).text())).put("verdict", "UNVERIFIED");
    } catch (VerificationException e) {
      return Json.object().put("verdict", "FAILED").put("problem", "MALFORMED").put("explanation", e.getMessage());
    }
  }

  private List<Source> fromFiles() throws InputException {
    if (cluster != null) {
      throw new InputException("give incident files or --data/--bootstrap, not both");
    }
    List<Source> sources = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        byte[] note = in.readNBytes(Notes.MAX_NOTE_SIZE + 1);
        sources.add(new Source(file.toString(), note));
      } catch (IOException e) {
        throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    return sources;
  }

  private List<Source> fromTopic() throws Exception {
    String bootstrap = ClusterOptions.bootstrap(cluster);
    KafkaClientConfig client = CommandConfigOption.load(commandConfig);
    KafkaClients.requireTopics(bootstrap, client, List.of(Topics.INCIDENTS));
    List<Source> sources = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(bootstrap, client)) {
      Map<TopicPartition, Long> end = TopicReader.assignFromBeginning(consumer, Topics.INCIDENTS);
      TopicReader.readToEnd(consumer, end, record -> {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        try {
          sources.add(new Source(where, Documents.bytes(INCIDENT.decodeSingleObject(record.value()).getNote())));
        } catch (RecordException e) {
          sources.add(new Source(where, record.value() == null ? new byte[0] : record.value()));
        }
      });
    }
    return sources;
  }
}
