package org.civictrust.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.civictrust.kv.DocumentRecord;
import org.civictrust.kv.DocumentState;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvUnavailableException;
import org.civictrust.kv.WatermarkRecord;
import org.civictrust.tlog.Hash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code civictrust documents status|revoke}: document status in the issuance store. */
@Command(name = "documents", mixinStandardHelpOptions = true, description = "Document status in the issuance store.",
    subcommands = {DocumentsCommand.Status.class, DocumentsCommand.Revoke.class})
final class DocumentsCommand implements Runnable {
  private final Main.Terminal terminal;

  @Spec
  CommandSpec spec;

  DocumentsCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public void run() {
    spec.commandLine().usage(terminal.out());
  }

  static Hash hash(String base64) throws InputException {
    try {
      return Hash.fromBase64(base64);
    } catch (IllegalArgumentException e) {
      throw new InputException("--hash is not a base64 SHA-256: " + base64, e);
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = {"Show a document's status: issued, anchored, anchor_failed or revoked.",
          "The document is named by the SHA-256 of its canonical bytes (a linearizable read). Most documents",
          "are not recorded one by one: with --log and --leaf (from its receipt), a document without a record",
          "reads anchored if the log's watermark covers the leaf.",
          "Exit 1 if the store has no record of it (and the watermark does not cover it)."})
  static final class Status implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    KvOptions kv;

    @Option(names = "--hash", required = true, paramLabel = "BASE64", description = "The document's SHA-256, base64.")
    String hash;

    @Option(names = "--log", paramLabel = "ORIGIN", description = "The origin of the log it was appended to.")
    String origin;

    @Option(names = "--leaf", paramLabel = "N", description = "Its leaf index in that log.")
    Long leaf;

    Status(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      Hash documentHash = hash(hash);
      if ((origin == null) != (leaf == null) || (leaf != null && leaf < 0)) {
        throw new InputException("--log and --leaf go together; --leaf is not negative");
      }
      Optional<DocumentRecord> document;
      Optional<WatermarkRecord> watermark = Optional.empty();
      try (KvClient client = kv.connect()) {
        document = client.document(documentHash);
        if (document.isEmpty() && origin != null) {
          watermark = client.watermark(origin);
        }
      } catch (KvUnavailableException e) {
        throw KvOutput.unavailable(e);
      } catch (IllegalArgumentException e) {
        throw new InputException("--log: " + e.getMessage(), e);
      }
      PrintStream out = terminal.out();
      if (document.isEmpty() && watermark.isPresent() && watermark.get().anchors(leaf)) {
        WatermarkRecord w = watermark.get();
        if (kv.json) {
          Json.print(out, Json.object().put("found", true).put("recorded", false)
              .put("documentHash", documentHash.toBase64()).put("state", DocumentState.ANCHORED.label())
              .put("origin", origin).put("leafIndex", leaf).put("watermark", w.treeSize()));
        } else {
          KvOutput.table(out, List.of("DOCUMENT", "STATUS", "LOG", "LEAF", "WATERMARK", "SINCE"),
              List.of(List.of(documentHash.toBase64(), DocumentState.ANCHORED.label(), origin, Long.toString(leaf),
                  Long.toString(w.treeSize()), KvOutput.orDash(KvOutput.time(w.at())))));
          out.println("(not recorded one by one: a checkpoint of the log covers its leaf)");
        }
        return 0;
      }
      if (document.isEmpty()) {
        if (kv.json) {
          Json.print(out, Json.object().put("found", false).put("documentHash", documentHash.toBase64()));
        } else {
          out.printf("no record of document %s%n", documentHash.toBase64());
        }
        return Main.FAILED;
      }
      DocumentRecord d = document.get();
      if (kv.json) {
        Json.print(out, KvOutput.document(d).put("found", true));
        return 0;
      }
      KvOutput.table(out, List.of("DOCUMENT", "STATUS", "ISSUER", "KEY", "LOG", "LEAF", "SINCE", "REASON"),
          List.of(List.of(d.documentHash().toBase64(), d.state().label(), d.issuerId(), KvOutput.orDash(d.keyId()),
              KvOutput.orDash(d.origin()), d.leafIndex() < 0 ? "-" : Long.toString(d.leafIndex()),
              KvOutput.orDash(KvOutput.time(d.stateAt())), KvOutput.orDash(d.reason()))));
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = {"Revoke a document of an issuer, recorded in the store or not.",
          "Exit 1 if the store refuses (UNKNOWN_ISSUER, ISSUER_MISMATCH, DOCUMENT_REVOKED, …)."})
  static final class Revoke implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    KvOptions kv;

    @Option(names = "--hash", required = true, paramLabel = "BASE64", description = "The document's SHA-256, base64.")
    String hash;

    @Option(names = "--issuer", required = true, paramLabel = "ISSUER", description = "The issuer.")
    String issuer;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
    String reason;

    @Option(names = "--at", paramLabel = "INSTANT", description = "When (default: now).")
    String at;

    @Option(names = "--request-id", paramLabel = "ID", description = "Request id (default: random); repeat it to retry safely.")
    String requestId;

    Revoke(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      Hash documentHash = hash(hash);
      long when = KvOutput.parseTime(at, "--at", System.currentTimeMillis());
      String request = requestId == null ? KvCommand.newRequestId() : requestId;
      KvCommand command;
      try {
        command = new KvCommand.RevokeDocument(request, KvCommand.ANY_VERSION, documentHash, issuer, reason, when);
      } catch (IllegalArgumentException e) {
        throw new InputException(e.getMessage(), e);
      }
      try (KvClient client = kv.connect()) {
        return KvOutput.result(terminal.out(), kv.json, request, "revoke document " + documentHash.toBase64(),
            client.submit(command));
      } catch (KvUnavailableException e) {
        throw KvOutput.unavailable(e);
      }
    }
  }
}
