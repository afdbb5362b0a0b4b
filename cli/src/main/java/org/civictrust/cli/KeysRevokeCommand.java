package org.civictrust.cli;

import java.util.concurrent.Callable;
import org.civictrust.kv.KvClient;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.KvUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code civictrust keys revoke}: revokes an issuer key in the issuance store, for good. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = {"Revoke an issuer key in the issuance store.",
        "Nothing it signed at or after the cutoff is accepted, and it is never active again. Exit 1 if the",
        "store refuses (UNKNOWN_KEY, KEY_REVOKED, …)."})
final class KeysRevokeCommand implements Callable<Integer> {
  private final Main.Terminal terminal;

  @Mixin
  KvOptions kv;

  @Option(names = "--issuer", required = true, paramLabel = "ISSUER", description = "Issuer id.")
  String issuer;

  @Option(names = "--key-id", required = true, paramLabel = "HEX8", description = "The key's C2SP key ID, 8 hex digits.")
  String keyId;

  @Option(names = "--cutoff", paramLabel = "INSTANT", description = "From when nothing it signed is accepted (default: now).")
  String cutoff;

  @Option(names = "--reason", defaultValue = "", paramLabel = "TEXT", description = "Why.")
  String reason;

  @Option(names = "--request-id", paramLabel = "ID", description = "Request id (default: random); repeat it to retry safely.")
  String requestId;

  KeysRevokeCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    long now = System.currentTimeMillis();
    long when = KvOutput.parseTime(cutoff, "--cutoff", now);
    String request = requestId == null ? KvCommand.newRequestId() : requestId;
    KvCommand command;
    try {
      command = new KvCommand.RevokeKey(request, KvCommand.ANY_VERSION, issuer, keyId, when, now, reason);
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage(), e);
    }
    try (KvClient client = kv.connect()) {
      return KvOutput.result(terminal.out(), kv.json, request, "revoke key " + keyId + " of " + issuer,
          client.submit(command));
    } catch (KvUnavailableException e) {
      throw KvOutput.unavailable(e);
    }
  }
}
