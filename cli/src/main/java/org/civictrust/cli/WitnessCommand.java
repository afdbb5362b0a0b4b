package org.civictrust.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.civictrust.tlog.MonitoredLog;
import org.civictrust.witness.Witness;
import org.civictrust.witness.WitnessServer;
import org.civictrust.tlog.CosignerKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code civictrust witness}: serves a C2SP tlog-witness ({@code POST <prefix>/add-checkpoint}, and the
 * latest cosigned checkpoint of each log at {@code GET <prefix>/<hex SHA-256 of the origin>/checkpoint})
 * until Ctrl-C. Its state (the latest checkpoint cosigned for each log) lives in {@code --state}, so a
 * restarted witness never cosigns a checkpoint inconsistent with one it cosigned before.
 */
@Command(name = "witness", mixinStandardHelpOptions = true,
    description = {"Serve a C2SP tlog-witness (add-checkpoint) for the given logs until Ctrl-C.",
        "Prints its URL and its cosigner verifier key (type 0x04)."})
final class WitnessCommand implements Callable<Integer> {
  private final Main.Terminal terminal;

  @Option(names = "--key", required = true, paramLabel = "FILE",
      description = "The witness's cosigner key (PRIVATE+KEY+… of type 0x04); created if absent and --name is given.")
  Path key;

  @Option(names = "--name", paramLabel = "NAME", description = "The name of a new cosigner key, e.g. witness.example/w1.")
  String name;

  @Option(names = "--trust", paramLabel = "FILE", description = "Cosign for the logs of this trust store.")
  Path trust;

  @Option(names = "--log", paramLabel = "ORIGIN=VKEY", description = "Cosign for this log (repeatable).")
  List<String> logs;

  @Option(names = "--state", defaultValue = "witness-state", paramLabel = "DIR",
      description = "The latest cosigned checkpoint of each log (default: ${DEFAULT-VALUE}).")
  Path state;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Listen address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "0", paramLabel = "P", description = "Port; 0 any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--prefix", defaultValue = "", paramLabel = "PATH", description = "URL path prefix, e.g. /witness (default: none).")
  String prefix;

  @Option(names = "--for", paramLabel = "DURATION", description = "Stop after this long instead of at Ctrl-C.")
  Duration runFor;

  WitnessCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65_535) {
      throw new InputException("--port must be in [0, 65535]");
    }
    if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
      throw new InputException("--prefix is empty or /path without a trailing slash");
    }
    MonitorOptions.positive(runFor, "--for");
    List<MonitoredLog> followed = MonitorOptions.logs(trust, logs);
    CosignerKey cosigner = MonitorOptions.cosignerKey(key, name);
    Witness witness = Witness.open(cosigner, followed, state, () -> System.currentTimeMillis() / 1000);
    WitnessServer server = WitnessServer.start(witness, new InetSocketAddress(host, port), prefix);
    var summary = Json.object().put("url", "http://" + host + ":" + server.port() + prefix)
        .put("vkey", cosigner.verifierKey().format()).put("state", state.toString());
    var origins = summary.putArray("logs");
    followed.forEach(l -> origins.add(l.origin()));
    Json.print(terminal.out(), summary);
    terminal.out().flush();
    UntilStopped.run(runFor, server);
    return 0;
  }
}
