package org.civictrust.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.civictrust.kv.AtIndex;
import org.civictrust.kv.IssuerView;
import org.civictrust.kv.KeyRecord;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvResult;
import org.civictrust.kv.KvUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code civictrust issuers add|list|show}: the issuers in the issuance store. */
@Command(name = "issuers", mixinStandardHelpOptions = true, description = "Issuers in the issuance store.",
    subcommands = {IssuersCommand.Add.class, IssuersCommand.ListIssuers.class, IssuersCommand.Show.class})
final class IssuersCommand implements Runnable {
  private final Main.Terminal terminal;

  @Spec
  CommandSpec spec;

  IssuersCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public void run() {
    spec.commandLine().usage(terminal.out());
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Add an issuer, or replace one with --expect-version (compare-and-set).",
          "Exit 1 if the store refuses (EXISTS, STALE_VERSION, …)."})
  static final class Add implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    KvOptions kv;

    @Option(names = "--id", required = true, paramLabel = "ISSUER", description = "Issuer id: the name of its keys.")
    String id;

    @Option(names = "--types", required = true, split = ",", paramLabel = "TYPE",
        description = "Document types it may issue, comma-separated.")
    List<String> types;

    @Option(names = "--max-validity", required = true, paramLabel = "DURATION",
        description = "Longest validity it may grant, ISO-8601, e.g. P3650D.")
    Duration maxValidity;

    @Option(names = "--expect-version", paramLabel = "N",
        description = "Replace the issuer if it is at version N (default: add; it must not exist).")
    Long expectVersion;

    @Option(names = "--request-id", paramLabel = "ID", description = "Request id (default: random); repeat it to retry safely.")
    String requestId;

    Add(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      String request = requestId == null ? KvCommand.newRequestId() : requestId;
      KvCommand command;
      try {
        command = new KvCommand.PutIssuer(request, expectVersion == null ? KvCommand.ABSENT : expectVersion, id, types,
            maxValidity.toMillis());
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new InputException(e.getMessage(), e);
      }
      try (KvClient client = kv.connect()) {
        KvResult result = client.submit(command);
        return KvOutput.result(terminal.out(), kv.json, request, (expectVersion == null ? "add issuer " : "replace issuer ") + id, result);
      } catch (KvUnavailableException e) {
        throw KvOutput.unavailable(e);
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List every issuer (a linearizable read).")
  static final class ListIssuers implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    KvOptions kv;

    ListIssuers(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      AtIndex<List<IssuerView>> issuers;
      try (KvClient client = kv.connect()) {
        issuers = client.issuers();
      } catch (KvUnavailableException e) {
        throw KvOutput.unavailable(e);
      }
      PrintStream out = terminal.out();
      if (kv.json) {
        ObjectNode json = Json.object().put("appliedIndex", issuers.appliedIndex());
        ArrayNode array = json.putArray("issuers");
        issuers.value().forEach(view -> array.add(KvOutput.issuer(view)));
        Json.print(out, json);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (IssuerView view : issuers.value()) {
        rows.add(List.of(view.issuer().issuerId(), String.join(",", view.issuer().documentTypes()),
            view.issuer().maxValidity().toString(), KvOutput.keySummary(view.keys()),
            Long.toString(view.issuer().version())));
      }
      KvOutput.table(out, List.of("ISSUER", "DOCUMENT TYPES", "MAX VALIDITY", "KEYS", "VERSION"), rows);
      out.printf("%d issuers at log index %d%n", rows.size(), issuers.appliedIndex());
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show one issuer and its keys (a linearizable read). Exit 1 if there is no such issuer.")
  static final class Show implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    KvOptions kv;

    @Option(names = "--id", required = true, paramLabel = "ISSUER", description = "Issuer id.")
    String id;

    Show(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      AtIndex<Optional<IssuerView>> read;
      try (KvClient client = kv.connect()) {
        read = client.issuerAt(id);
      } catch (KvUnavailableException e) {
        throw KvOutput.unavailable(e);
      }
      PrintStream out = terminal.out();
      if (read.value().isEmpty()) {
        if (kv.json) {
          Json.print(out, Json.object().put("found", false).put("id", id).put("appliedIndex", read.appliedIndex()));
        } else {
          out.printf("no issuer %s (log index %d)%n", id, read.appliedIndex());
        }
        return Main.FAILED;
      }
      IssuerView view = read.value().get();
      if (kv.json) {
        Json.print(out, KvOutput.issuer(view).put("found", true).put("appliedIndex", read.appliedIndex()));
        return 0;
      }
      out.printf("issuer %s, version %d: %s, at most %s%n", view.issuer().issuerId(), view.issuer().version(),
          String.join(", ", view.issuer().documentTypes()), view.issuer().maxValidity());
      List<List<String>> rows = new ArrayList<>();
      for (KeyRecord key : view.keys()) {
        rows.add(List.of(key.keyId(), key.state().label(), KvOutput.orDash(KvOutput.time(key.activeFrom())),
            KvOutput.orDash(KvOutput.time(key.overlapUntil())), KvOutput.orDash(KvOutput.time(key.cutoff())),
            Long.toString(key.version()), KvOutput.orDash(key.reason())));
      }
      KvOutput.table(out, List.of("KEY ID", "STATE", "ACTIVE FROM", "OVERLAP UNTIL", "CUTOFF", "VERSION", "REASON"),
          rows);
      return 0;
    }
  }
}
