package org.civictrust.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.InclusionProofs;
import org.civictrust.tlog.MemoryTiles;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.SignerKey;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.TlogProof;
import org.civictrust.tlog.VerificationException;
import org.civictrust.tlog.VerifierKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code civictrust demo}: the trust core end to end, offline. Builds a log of document commitments,
 * publishes it in tlog-tiles layout with two signed checkpoints, writes a tlog-proof for every entry,
 * then verifies everything back from the files alone, and shows that a tampered entry is caught.
 * (The Kafka pipeline of issue #3 replaces the log-building half.)
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Build, publish and verify a demo log offline; exits non-zero if any proof fails.")
final class DemoCommand implements Callable<Integer> {
  static final String ORIGIN = "demo.civictrust.example/log";

  private final Main.Terminal terminal;

  @Option(names = "--count", defaultValue = "1000", paramLabel = "N", description = "Entries (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--data", defaultValue = "demo-data", paramLabel = "DIR",
      description = "Directory for keys, log, proofs (default: ${DEFAULT-VALUE}).")
  Path data;

  DemoCommand(Main.Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (count < 2) {
      throw new InputException("--count must be at least 2, got " + count);
    }
    PrintStream out = terminal.out();
    long started = System.nanoTime();
    SignerKey key = logKey();
    VerifierKey vkey = key.verifierKey();
    out.println("log " + ORIGIN + ", verifier key " + vkey.format());

    List<byte[]> entries = commitments(count);
    TileDirectory log = new TileDirectory(data.resolve("log"));
    CompactRange range = CompactRange.empty(0);
    MemoryTiles tiles = new MemoryTiles();
    long firstSize = count / 2;
    byte[] firstCheckpoint = grow(log, range, tiles, entries, 0, firstSize, key);
    byte[] checkpoint = grow(log, range, tiles, entries, firstSize, count, key);
    out.println("published " + count + " entries in tlog-tiles layout under " + log.root()
        + " with checkpoints at sizes " + firstSize + " and " + count);

    // From here on only the files on disk and the verifier key are trusted.
    byte[] published = Files.readAllBytes(log.root().resolve(TileDirectory.CHECKPOINT));
    Checkpoint head = Checkpoint.open(published, ORIGIN, vkey);
    TileHashReader reader = new TileHashReader(head.treeSize(), log);
    Path proofs = Files.createDirectories(data.resolve("proofs"));
    int verified = 0;
    List<String> failures = new ArrayList<>();
    List<byte[]> bundle = List.of();
    for (int i = 0; i < count; i++) {
      if (i % Tile.FULL_WIDTH == 0) {
        bundle = log.readEntries(i / Tile.FULL_WIDTH, head.treeSize());
      }
      TlogProof proof = TlogProof.of(i, InclusionProofs.prove(i, head.treeSize(), reader), published);
      Path file = proofs.resolve(i + ".tlog-proof");
      Files.writeString(file, proof.format(), StandardCharsets.UTF_8);
      byte[] entry = bundle.get(i % Tile.FULL_WIDTH);
      try {
        TlogProof.parse(Files.readString(file, StandardCharsets.UTF_8)).verify(Rfc9162.leafHash(entry), ORIGIN, vkey);
        verified++;
      } catch (VerificationException e) {
        failures.add(file + ": " + e.reason());
      }
    }
    out.println("inclusion: " + verified + "/" + count + " tlog-proofs under " + proofs + " verified offline");

    Checkpoint older = Checkpoint.open(firstCheckpoint, ORIGIN, vkey);
    List<Hash> consistency = ConsistencyProofs.prove(older.treeSize(), head.treeSize(), reader);
    try {
      ConsistencyProofs.check(older.treeSize(), head.treeSize(), older.rootHash(), head.rootHash(), consistency);
      out.println("consistency: checkpoint " + older.treeSize() + " -> " + head.treeSize() + " proven with "
          + consistency.size() + " hashes: append-only");
    } catch (VerificationException e) {
      failures.add("consistency " + older.treeSize() + " -> " + head.treeSize() + ": " + e.reason());
    }

    byte[] tampered = entries.get(count / 3).clone();
    tampered[tampered.length - 1] ^= 1;
    TlogProof proof = TlogProof.parse(Files.readString(proofs.resolve((count / 3) + ".tlog-proof"), StandardCharsets.UTF_8));
    try {
      proof.verify(Rfc9162.leafHash(tampered), ORIGIN, vkey);
      failures.add("a tampered entry verified");
    } catch (VerificationException e) {
      out.println("tampering: entry " + (count / 3) + " with one bit flipped is rejected: " + e.reason());
    }

    for (String failure : failures) {
      out.println("FAILED " + failure);
    }
    out.printf("%s in %.1f s%n", failures.isEmpty() ? "VERIFIED" : "FAILED", (System.nanoTime() - started) / 1e9);
    return failures.isEmpty() ? 0 : Main.FAILED;
  }

  private SignerKey logKey() throws Exception {
    Path file = data.resolve("keys").resolve(KeysCommand.fileName(ORIGIN) + ".key");
    if (Files.exists(file)) {
      return KeysCommand.readSignerKey(file);
    }
    Files.createDirectories(file.getParent());
    SignerKey key = SignerKey.generate(ORIGIN, new SecureRandom());
    Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, key.format() + "\n", StandardCharsets.UTF_8);
    return key;
  }

  /** Appends entries [from, to), publishes the new tiles and bundles, and signs a checkpoint. */
  private static byte[] grow(TileDirectory log, CompactRange range, MemoryTiles tiles, List<byte[]> entries,
      long from, long to, SignerKey key) throws Exception {
    for (long i = from; i < to; i++) {
      range.append(Rfc9162.leafHash(entries.get((int) i)), tiles);
    }
    for (Tile tile : Tile.newTiles(from, to)) {
      log.write(tile.path(), tiles.readTile(tile));
      if (tile.level() == 0) {
        int first = (int) (tile.index() * Tile.FULL_WIDTH);
        log.write(tile.entriesPath(), EntryBundle.format(entries.subList(first, first + tile.width())));
      }
    }
    byte[] signed = Notes.sign(Checkpoint.of(ORIGIN, to, range.rootHash()).format(), key);
    log.write(TileDirectory.CHECKPOINT, signed);
    return signed;
  }

  /** Demo log entries: commitments to documents, a random id and the hash of a fictitious document. */
  private static List<byte[]> commitments(int count) {
    SecureRandom random = new SecureRandom();
    List<byte[]> entries = new ArrayList<>(count);
    String[] types = {"birth-certificate", "driving-licence", "diploma", "building-permit"};
    for (int i = 0; i < count; i++) {
      byte[] id = new byte[16];
      byte[] document = new byte[32];
      random.nextBytes(id);
      random.nextBytes(document);
      String entry = "{\"documentId\":\"" + HexFormat.of().formatHex(id) + "\",\"type\":\"" + types[i % types.length]
          + "\",\"issuer\":\"demo-registry\",\"documentHash\":\"" + Base64.getEncoder().encodeToString(document) + "\"}";
      entries.add(entry.getBytes(StandardCharsets.UTF_8));
    }
    return entries;
  }
}
