package org.civictrust.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.Tile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code civictrust tlog tiles}: writes a log's tiles, entry bundles and signed checkpoint. */
@Command(name = "tiles", mixinStandardHelpOptions = true,
    description = {"Write the log in C2SP tlog-tiles layout: tile/<L>/<N>[.p/<W>], tile/entries/<N>[.p/<W>]",
        "and, with --key, a checkpoint signed as a C2SP signed note."})
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
    SignerKey signer = key == null ? null : KeysCommand.readSignerKey(key);
    if (signer == null && origin != null) {
      throw new InputException("--origin needs --key: only a signed checkpoint carries an origin");
    }
    TileDirectory directory = new TileDirectory(out);
    List<byte[]> bundle = new ArrayList<>(Tile.FULL_WIDTH);
    long[] bundles = {0};
    LocalLog log = LocalLog.load(entries, (index, entry) -> {
      if (entry.length > EntryBundle.MAX_ENTRY_SIZE) {
        throw new InputException(entries + " line " + (index + 1) + ": an entry holds at most "
            + EntryBundle.MAX_ENTRY_SIZE + " bytes, this one " + entry.length);
      }
      bundle.add(entry);
      if (bundle.size() == Tile.FULL_WIDTH) {
        writeBundle(directory, new Tile(0, index / Tile.FULL_WIDTH, Tile.FULL_WIDTH), bundle);
        bundles[0]++;
      }
    });
    if (!bundle.isEmpty()) {
      writeBundle(directory, new Tile(0, log.size() / Tile.FULL_WIDTH, bundle.size()), bundle);
      bundles[0]++;
    }
    List<Tile> tiles = Tile.tilesForSize(log.size());
    for (Tile tile : tiles) {
      directory.write(tile.path(), log.tiles().readTile(tile));
    }
    var summary = Json.object().put("treeSize", log.size()).put("rootHash", log.rootHash().toBase64())
        .put("tiles", tiles.size()).put("entryBundles", bundles[0]);
    if (signer != null) {
      Checkpoint checkpoint = Checkpoint.of(origin == null ? signer.name() : origin, log.size(), log.rootHash());
      Path written = directory.write(TileDirectory.CHECKPOINT, Notes.sign(checkpoint.format(), signer));
      summary.put("checkpoint", written.toString());
    }
    Json.print(terminal.out(), summary);
    return 0;
  }

  private static void writeBundle(TileDirectory directory, Tile tile, List<byte[]> entries) throws IOException {
    directory.write(tile.entriesPath(), EntryBundle.format(entries));
    entries.clear();
  }

  /** Reads a whole text file, or says it cannot. */
  static String readText(Path file) throws InputException, IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InputException("no such file: " + file, e);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new InputException(file + " is not UTF-8 text", e);
    }
  }
}
