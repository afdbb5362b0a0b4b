package org.civictrust.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvUnavailableException;
import org.civictrust.tlog.VerifierKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code civictrust keys rotate}: adds a new active key to an issuer in the issuance store; its active
 * keys become retiring, accepted until the end of the overlap window. The first key is added the same
 * way.
 */
@Command(name = "rotate", mixinStandardHelpOptions = true,
    description = {"Add a new active key to an issuer in the issuance store.",
        "Its active keys become retiring (accepted until the overlap ends). Exit 1 if the store refuses",
        "(UNKNOWN_ISSUER, KEY_REVOKED, …)."})
final class KeysRotateCommand implements Callable<Integer> {
  private final Main.Terminal terminal;

  @Mixin
  KvOptions kv;

  @Option(names = "--issuer", required = true, paramLabel = "ISSUER", description = "Issuer id.")
  String issuer;

  @ArgGroup(exclusive = true, multiplicity = "1")
  NewKey newKey;

  static final class NewKey {
    @Option(names = "--vkey", paramLabel = "VKEY", description = "The new key in C2SP vkey form, named after the issuer.")
    String vkey;

    @Option(names = "--key", paramLabel = "FILE",
        description = "A signer key file (from 'keys generate'); only its public key goes to the store.")
    Path keyFile;
  }

  @Option(names = "--at", paramLabel = "INSTANT", description = "When the new key becomes active (default: now).")
  String at;

  @Option(names = "--overlap", defaultValue = "P1D", paramLabel = "DURATION",
      description = "How long the retiring keys are still accepted, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration overlap;

  @Option(names = "--request-id", paramLabel = "ID", description = "Request id (default: random); repeat it to retry safely.")
  String requestId;

  KeysRotateCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    String verifierKey = newKey.vkey != null ? newKey.vkey
        : SignerKeyFiles.read(newKey.keyFile).verifierKey().format();
    long when = KvOutput.parseTime(at, "--at", System.currentTimeMillis());
    String request = requestId == null ? KvCommand.newRequestId() : requestId;
    KvCommand command;
    try {
      command = new KvCommand.RotateKey(request, KvCommand.ANY_VERSION, issuer, verifierKey, when,
          Math.addExact(when, overlap.toMillis()));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new InputException(e.getMessage(), e);
    }
    String keyId = String.format("%08x", VerifierKey.parse(verifierKey).keyId());
    try (KvClient client = kv.connect()) {
      return KvOutput.result(terminal.out(), kv.json, request, "rotate " + issuer + " to key " + keyId,
          client.submit(command));
    } catch (KvUnavailableException e) {
      throw KvOutput.unavailable(e);
    }
  }
}
