package org.civictrust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.HashReader;
import org.civictrust.tlog.InclusionProofs;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.NodeID;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.VerificationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code civictrust tlog}: auditor tools over a log given as an entries file (one base64 entry a
 * line): roots, inclusion and consistency proofs, their verification, and tiles.
 */
@Command(name = "tlog", mixinStandardHelpOptions = true,
    description = "Merkle log tools (RFC 9162, C2SP tlog-tiles) over an entries file: one base64 entry a line.",
    subcommands = {TlogCommand.Root.class, TlogCommand.Inclusion.class, TlogCommand.Consistency.class,
        TlogCommand.VerifyInclusion.class, TlogCommand.VerifyConsistency.class, TilesCommand.class})
final class TlogCommand implements Runnable {
  private final Main.Terminal terminal;

  @Spec
  CommandSpec spec;

  TlogCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public void run() {
    spec.commandLine().usage(terminal.out());
  }

  /** The log of an entries file, built in memory: its compact range and its tiles. */
  private static final class EntriesLog {
    private final CompactRange range = CompactRange.empty(0);
    private final MemoryTiles tiles = new MemoryTiles();

    private EntriesLog() {}

    /** The log of every entry of the entries file {@code entries}. */
    static EntriesLog load(Path entries) throws InputException, IOException {
      EntriesLog log = new EntriesLog();
      EntriesFile.forEach(entries, (index, entry) -> log.range.append(Rfc9162.leafHash(entry), log.tiles));
      return log;
    }

    long size() {
      return range.end();
    }

    Hash rootHash() {
      return range.rootHash();
    }

    /** The tree of {@code treeSize} leaves, a prefix of this log; requires {@code treeSize <= size()}. */
    HashReader reader(long treeSize) {
      return new TileHashReader(treeSize, tiles);
    }

    /** The root hash of the tree of {@code treeSize} leaves; requires {@code treeSize <= size()}. */
    Hash rootHash(long treeSize) throws IOException {
      return CompactRange.read(0, treeSize, reader(treeSize)).rootHash();
    }

    /** The leaf hash at {@code index}; requires {@code index < size()}. */
    Hash leafHash(long index) throws IOException {
      return reader(size()).readHashes(List.of(new NodeID(0, index))).get(0);
    }
  }

  /** The log to work on: an entries file, and optionally the size of the tree to use from it. */
  static final class Tree {
    @Option(names = "--entries", required = true, paramLabel = "FILE", description = "Entries file.")
    Path entries;

    @Option(names = "--size", paramLabel = "N", description = "Tree size (default: every entry in the file).")
    Long size;

    EntriesLog load() throws Exception {
      return EntriesLog.load(entries);
    }

    /** The tree size asked for, which the file must hold. */
    long treeSize(EntriesLog log) throws InputException {
      long treeSize = size == null ? log.size() : size;
      if (treeSize < 0 || treeSize > log.size()) {
        throw new InputException("--size " + treeSize + " is not between 0 and the " + log.size()
            + " entries of " + entries);
      }
      return treeSize;
    }
  }

  @Command(name = "root", mixinStandardHelpOptions = true,
      description = "Print the tree size and root hash: {\"treeSize\":N,\"rootHash\":\"…\"}.")
  static final class Root implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Option(names = "--entries", required = true, paramLabel = "FILE", description = "Entries file.")
    Path entries;

    Root(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      EntriesLog log = EntriesLog.load(entries);
      Json.print(terminal.out(), Json.object().put("treeSize", log.size()).put("rootHash", log.rootHash().toBase64()));
      return 0;
    }
  }

  @Command(name = "inclusion", mixinStandardHelpOptions = true,
      description = "Print the inclusion proof of the entry at --index in the tree of --size entries.")
  static final class Inclusion implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    Tree tree;

    @Option(names = "--index", required = true, paramLabel = "I", description = "Leaf index, from 0.")
    long index;

    Inclusion(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      EntriesLog log = tree.load();
      long treeSize = tree.treeSize(log);
      if (index < 0 || index >= treeSize) {
        throw new InputException("--index " + index + " is not in a tree of size " + treeSize);
      }
      List<Hash> proof = InclusionProofs.prove(index, treeSize, log.reader(treeSize));
      Json.print(terminal.out(), Json.object().put("leafIndex", index).put("treeSize", treeSize)
          .put("leafHash", log.leafHash(index).toBase64()).put("rootHash", log.rootHash(treeSize).toBase64())
          .set("hashes", Json.hashes(proof)));
      return 0;
    }
  }

  @Command(name = "consistency", mixinStandardHelpOptions = true,
      description = "Print the consistency proof from the tree of --old entries to the tree of --size entries.")
  static final class Consistency implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    Tree tree;

    @Option(names = "--old", required = true, paramLabel = "M", description = "The older tree size.")
    long oldSize;

    Consistency(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      EntriesLog log = tree.load();
      long treeSize = tree.treeSize(log);
      if (oldSize < 0 || oldSize > treeSize) {
        throw new InputException("--old " + oldSize + " must be between 0 and the tree size " + treeSize);
      }
      List<Hash> proof = ConsistencyProofs.prove(oldSize, treeSize, log.reader(treeSize));
      Json.print(terminal.out(), Json.object().put("oldSize", oldSize).put("treeSize", treeSize)
          .put("oldRootHash", log.rootHash(oldSize).toBase64()).put("rootHash", log.rootHash(treeSize).toBase64())
          .set("hashes", Json.hashes(proof)));
      return 0;
    }
  }

  @Command(name = "verify-inclusion", mixinStandardHelpOptions = true,
      description = "Verify an inclusion proof read as JSON on standard input (the output of 'tlog inclusion').")
  static final class VerifyInclusion implements Callable<Integer> {
    private final Main.Terminal terminal;

    VerifyInclusion(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      JsonNode proof = Json.readObject(terminal.in());
      try {
        InclusionProofs.check(Json.longValue(proof, "leafIndex"), Json.longValue(proof, "treeSize"),
            Json.hashValue(proof, "leafHash"), Json.hashList(proof, "hashes"), Json.hashValue(proof, "rootHash"));
        return Json.verified(terminal.out());
      } catch (VerificationException e) {
        terminal.err().println(e.getMessage());
        return Json.failed(terminal.out(), e.reason());
      }
    }
  }

  @Command(name = "verify-consistency", mixinStandardHelpOptions = true,
      description = "Verify a consistency proof read as JSON on standard input (the output of 'tlog consistency').")
  static final class VerifyConsistency implements Callable<Integer> {
    private final Main.Terminal terminal;

    VerifyConsistency(Main.Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
      JsonNode proof = Json.readObject(terminal.in());
      try {
        ConsistencyProofs.check(Json.longValue(proof, "oldSize"), Json.longValue(proof, "treeSize"),
            Json.hashValue(proof, "oldRootHash"), Json.hashValue(proof, "rootHash"), Json.hashList(proof, "hashes"));
        return Json.verified(terminal.out());
      } catch (VerificationException e) {
        terminal.err().println(e.getMessage());
        return Json.failed(terminal.out(), e.reason());
      }
    }
  }
}
