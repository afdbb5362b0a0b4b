package org.civictrust.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.civictrust.tlog.SignerKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code civictrust keys}: Ed25519 note keys in the C2SP / Go sumdb text forms. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Signing keys.",
    subcommands = {KeysCommand.Generate.class, KeysRotateCommand.class, KeysRevokeCommand.class})
final class KeysCommand implements Runnable {
  private final Main.Terminal terminal;

  @Spec
  CommandSpec spec;

  KeysCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public void run() {
    spec.commandLine().usage(terminal.out());
  }

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = {"Generate an Ed25519 signer key.",
          "Writes DIR/<name>.key (mode 0600, the PRIVATE+KEY+… form of Go's sumdb note package) and",
          "DIR/<name>.vkey, and prints the verifier key."})
  static final class Generate implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Option(names = "--name", required = true, paramLabel = "NAME",
        description = "Key name, e.g. the log's origin: example.com/log (no spaces, no '+').")
    String name;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the key files.")
    Path out;

    Generate(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      SignerKey key;
      try {
        key = SignerKey.generate(name, new SecureRandom());
      } catch (IllegalArgumentException e) {
        throw new InputException("invalid key name: " + e.getMessage(), e);
      }
      SignerKeyFiles.write(out.resolve(SignerKeyFiles.fileName(name) + ".key"), key);
      String vkey = key.verifierKey().format();
      Files.writeString(out.resolve(SignerKeyFiles.fileName(name) + ".vkey"), vkey + "\n", StandardCharsets.UTF_8);
      terminal.out().println(vkey);
      return 0;
    }
  }
}
