package org.civictrust.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.civictrust.connect.ArchiveException;
import org.civictrust.connect.ArchiveLayout;
import org.civictrust.connect.ArchiveWriter;
import org.civictrust.connect.DirectoryStore;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.SignerKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code civictrust tlog tiles}: writes a log's tiles, entry bundles and signed checkpoint, with the
 * archive's writer ({@link ArchiveWriter}): a file already there is left alone if it holds the same bytes,
 * and refused (exit 2) if it holds another log's; only the checkpoint is replaced.
 */
@Command(name = "tiles", mixinStandardHelpOptions = true,
    description = {"Write the log in C2SP tlog-tiles layout.",
        "Writes tile/<L>/<N>[.p/<W>] and tile/entries/<N>[.p/<W>] and, with --key, a checkpoint signed as a",
        "C2SP signed note."})
final class TilesCommand implements Callable<Integer> {
  private final Main.Terminal terminal;

  @Option(names = "--entries", required = true, paramLabel = "FILE", description = "Entries file.")
  Path entries;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory: the log's prefix.")
  Path out;

  @Option(names = "--key", paramLabel = "SIGNER_KEY_FILE",
      description = "Sign a checkpoint with this key (a file written by 'keys generate').")
  Path key;

  @Option(names = "--origin", paramLabel = "ORIGIN",
      description = "The checkpoint's origin line (default: the key's name).")
  String origin;

  TilesCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    SignerKey signer = key == null ? null : SignerKeyFiles.read(key);
    if (signer == null && origin != null) {
      throw new InputException("--origin needs --key: only a signed checkpoint carries an origin");
    }
    try (DirectoryStore store = DirectoryStore.open(out)) {
      ArchiveWriter writer = ArchiveWriter.create(store, "");
      EntriesFile.forEach(entries, (index, entry) -> {
        if (entry.length > EntryBundle.MAX_ENTRY_SIZE) {
          throw new InputException(entries + " line " + (index + 1) + ": an entry holds at most "
              + EntryBundle.MAX_ENTRY_SIZE + " bytes, this one " + entry.length);
        }
        append(writer, entry);
      });
      writer.finish();
      var summary = Json.object().put("treeSize", writer.size()).put("rootHash", writer.rootHash().toBase64())
          .put("tiles", writer.tilesWritten()).put("entryBundles", writer.bundlesWritten());
      if (signer != null) {
        Checkpoint checkpoint = Checkpoint.of(origin == null ? signer.name() : origin, writer.size(), writer.rootHash());
        writer.writeCheckpoint(Notes.sign(checkpoint.format(), signer), checkpoint.origin(), signer.verifierKey());
        summary.put("checkpoint", out.resolve(ArchiveLayout.CHECKPOINT).toString());
      }
      Json.print(terminal.out(), summary);
      return 0;
    } catch (ArchiveException e) {
      throw anotherLog(e);
    }
  }

  /** Appends {@code entry} within the entries file's loop, which lets only input and I/O faults through. */
  private void append(ArchiveWriter writer, byte[] entry) throws InputException, IOException {
    try {
      writer.append(entry);
    } catch (ArchiveException e) {
      throw anotherLog(e);
    }
  }

  /** A file of {@code out} holds other bytes: another log was written there. */
  private InputException anotherLog(ArchiveException e) {
    return new InputException(out + " holds another log: " + e.getMessage(), e);
  }
}
