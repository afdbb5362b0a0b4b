package org.civictrust.cli;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifierKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code civictrust note}: C2SP signed notes, byte-compatible with Go's sumdb note package. */
@Command(name = "note", mixinStandardHelpOptions = true, description = "C2SP signed notes.",
    subcommands = {NoteCommand.Sign.class, NoteCommand.Verify.class})
final class NoteCommand implements Runnable {
  private final Main.Terminal terminal;

  @Spec
  CommandSpec spec;

  NoteCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public void run() {
    spec.commandLine().usage(terminal.out());
  }

  static byte[] readBytes(Path file) throws InputException, java.io.IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InputException("no such file: " + file, e);
    }
  }

  @Command(name = "sign", mixinStandardHelpOptions = true,
      description = {"Sign a note and print the signed note.",
          "FILE is note text ending in a newline, or a signed note that gets one more signature. The output",
          "is byte-identical to Go's note.Sign."})
  static final class Sign implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Option(names = "--key", required = true, paramLabel = "SIGNER_KEY_FILE", description = "Signer key file.")
    Path key;

    @Parameters(paramLabel = "FILE", description = "Note text or signed note.")
    Path file;

    Sign(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      SignerKey signer = SignerKeyFiles.read(key);
      byte[] input = readBytes(file);
      byte[] signed;
      try {
        signed = Notes.sign(Note.parse(input), signer);
      } catch (VerificationException notSigned) {
        String text = InputFiles.readText(file);
        try {
          signed = Notes.sign(text, signer);
        } catch (IllegalArgumentException e) {
          throw new InputException(file + " is neither a signed note nor note text: " + e.getMessage(), e);
        }
      }
      terminal.out().write(signed);
      terminal.out().flush();
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verify a signed note against verifier keys: prints {\"verdict\":\"VERIFIED\"} or fails.")
  static final class Verify implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Option(names = "--vkey", required = true, paramLabel = "VKEY",
        description = "A verifier key, e.g. example.com/foo+530d903a+Aeky…; repeat for several.")
    List<String> vkeys;

    @Parameters(paramLabel = "FILE", description = "The signed note.")
    Path file;

    Verify(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      List<VerifierKey> known = new ArrayList<>();
      for (String vkey : vkeys) {
        try {
          known.add(VerifierKey.parse(vkey));
        } catch (IllegalArgumentException e) {
          throw new InputException("not a verifier key: " + vkey + ": " + e.getMessage(), e);
        }
      }
      byte[] note = readBytes(file);
      try {
        Notes.open(note, known);
        return Json.verified(terminal.out());
      } catch (VerificationException e) {
        terminal.err().println(e.getMessage());
        return Json.failed(terminal.out(), e.reason());
      }
    }
  }
}
