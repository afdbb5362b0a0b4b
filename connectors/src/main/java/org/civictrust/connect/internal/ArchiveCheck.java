package org.civictrust.connect.internal;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.civictrust.connect.ArchiveException;
import org.civictrust.connect.ArchiveFault;
import org.civictrust.connect.ArchiveLayout;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.NodeVisitor;
import org.civictrust.tlog.NoteVerifier;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.VerificationException;

/**
 * Checks one archived log from its entries up, like Tessera's {@code fsck}: verifies the checkpoint
 * with the log's key, re-hashes every entry of every bundle the checkpoint's tree needs, rebuilds every
 * tile from them and compares it with the archive's, partial copies of other widths included, then
 * compares the root with the checkpoint's. Streams: it holds one bundle and the tree's incomplete tiles.
 *
 * <p>Which file is to blame: if the entries give the checkpoint's root, the first tile that differs
 * from its rebuilt self; if they do not but the archive's tiles do, the first bundle whose entries do
 * not hash to its level-0 tile; if neither does, the checkpoint (ROOT_MISMATCH).
 */
public final class ArchiveCheck {
  /** The outcome: the failure (null if the archive verified), what was read, and the rebuilt tree. */
  public record Outcome(ArchiveException failure, Checkpoint checkpoint, byte[] note, TileTree tree,
      long entryBundles, long tiles, long partialCopies, long beyondCheckpoint) {}

  private record Coordinates(int level, long index) {}

  private final LogFiles files;
  private final Map<Long, TreeSet<Integer>> bundleWidths = new HashMap<>();
  private final Map<Coordinates, TreeSet<Integer>> tileWidths = new HashMap<>();
  private ArchiveException firstProblem;
  private Tile firstLevelZeroMismatch;
  private long entryBundles;
  private long tiles;
  private long partialCopies;

  private ArchiveCheck(LogFiles files) {
    this.files = files;
  }

  /**
   * Checks the log {@code origin} archived in {@code files}; {@code capture}, if not null, sees every
   * node of the rebuilt tree (to keep its tiles).
   */
  public static Outcome run(LogFiles files, String origin, NoteVerifier logKey, NodeVisitor capture) throws IOException {
    try {
      return new ArchiveCheck(files).check(origin, logKey, capture);
    } catch (UncheckedArchiveRead e) {
      throw e.getCause();
    }
  }

  private Outcome check(String origin, NoteVerifier logKey, NodeVisitor capture) throws IOException {
    byte[] note = files.checkpoint();
    if (note == null) {
      return failed(new ArchiveException(ArchiveFault.CHECKPOINT_MISSING, ArchiveLayout.CHECKPOINT,
          "no checkpoint at " + files.location()), null, null, null);
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(note, origin, logKey);
    } catch (VerificationException e) {
      return failed(new ArchiveException(ArchiveFault.CHECKPOINT_INVALID, ArchiveLayout.CHECKPOINT, e.reason(),
          "not a checkpoint of " + origin + " signed by its key: " + e.getMessage(), e), null, note, null);
    }
    long size = checkpoint.treeSize();
    long beyond = listFiles(size);
    TileTree tree = TileTree.empty();
    long bundles = (size + Tile.FULL_WIDTH - 1) >>> Tile.HEIGHT;
    for (long index = 0; index < bundles; index++) {
      int width = (int) Math.min(Tile.FULL_WIDTH, size - index * Tile.FULL_WIDTH);
      Tile tile = new Tile(0, index, width);
      List<byte[]> entries;
      try {
        entries = bundle(tile);
      } catch (ArchiveException e) {
        return failed(e, checkpoint, note, tree, beyond);
      }
      for (byte[] entry : entries) {
        tree.append(Rfc9162.leafHash(entry), this::compareFullTile, capture);
      }
    }
    for (Tile tile : TileTree.partialTiles(size)) {
      compareTile(tile, tree.rowContent(tile.level(), tile.width()), false);
    }
    Hash entriesRoot = tree.rootHash();
    if (entriesRoot.equals(checkpoint.rootHash())) {
      return firstProblem == null ? new Outcome(null, checkpoint, note, tree, entryBundles, tiles, partialCopies, beyond)
          : failed(firstProblem, checkpoint, note, tree, beyond);
    }
    Hash tilesRoot = tilesRoot(size);
    if (checkpoint.rootHash().equals(tilesRoot) && firstLevelZeroMismatch != null) {
      Tile blamed = firstLevelZeroMismatch;
      return failed(new ArchiveException(ArchiveFault.BUNDLE_MISMATCH, blamed.entriesPath(), "its entries do not hash to "
          + "the archive's level-0 tile " + blamed.path() + ", and the archive's tiles give the checkpoint's root "
          + checkpoint.rootHash() + " at size " + size + " while the entries give " + entriesRoot), checkpoint, note,
          tree, beyond);
    }
    return failed(new ArchiveException(ArchiveFault.ROOT_MISMATCH, ArchiveLayout.CHECKPOINT, "the checkpoint says root "
        + checkpoint.rootHash() + " at size " + size + "; the entry bundles give " + entriesRoot + ", the tiles give "
        + (tilesRoot == null ? "nothing (a tile is missing)" : tilesRoot)
        + (firstProblem == null ? "" : "; first file that differs: " + firstProblem.getMessage())),
        checkpoint, note, tree, beyond);
  }

  private Outcome failed(ArchiveException failure, Checkpoint checkpoint, byte[] note, TileTree tree) {
    return new Outcome(failure, checkpoint, note, tree, entryBundles, tiles, partialCopies, 0);
  }

  private Outcome failed(ArchiveException failure, Checkpoint checkpoint, byte[] note, TileTree tree, long beyond) {
    return new Outcome(failure, checkpoint, note, tree, entryBundles, tiles, partialCopies, beyond);
  }

  /** Indexes the tiles and bundles the archive holds; returns how many lie beyond the tree of {@code size}. */
  private long listFiles(long size) throws IOException {
    long beyond = 0;
    for (String key : files.store().list(files.prefix() + ArchiveLayout.TILES)) {
      String path = key.substring(files.prefix().length());
      Tile tile;
      boolean bundle = path.startsWith("tile/entries/");
      try {
        tile = bundle ? Tile.parseEntriesPath(path) : Tile.parsePath(path);
      } catch (IllegalArgumentException notATile) {
        continue;
      }
      long hashes = tile.level() * Tile.HEIGHT >= 63 ? 0 : size >>> (tile.level() * Tile.HEIGHT);
      if (tile.index() * Tile.FULL_WIDTH + tile.width() > hashes) {
        beyond++;
      } else if (bundle) {
        bundleWidths.computeIfAbsent(tile.index(), i -> new TreeSet<>()).add(tile.width());
      } else {
        tileWidths.computeIfAbsent(new Coordinates(tile.level(), tile.index()), c -> new TreeSet<>()).add(tile.width());
      }
    }
    return beyond;
  }

  /** The entries of the bundle the tree needs at {@code tile}, its narrower copies compared with them. */
  private List<byte[]> bundle(Tile tile) throws IOException, ArchiveException {
    byte[] raw = files.read(tile.entriesPath());
    List<byte[]> entries;
    if (raw != null) {
      entries = parse(raw, tile);
    } else if (tile.isPartial() && files.read(new Tile(0, tile.index(), Tile.FULL_WIDTH).entriesPath()) != null) {
      Tile full = new Tile(0, tile.index(), Tile.FULL_WIDTH);
      entries = parse(files.read(full.entriesPath()), full).subList(0, tile.width());
    } else {
      throw new ArchiveException(ArchiveFault.BUNDLE_MISSING, tile.entriesPath(), "the checkpoint's tree needs it");
    }
    entryBundles++;
    for (int width : bundleWidths.getOrDefault(tile.index(), new TreeSet<>()).headSet(tile.width())) {
      Tile copy = new Tile(0, tile.index(), width);
      byte[] copyRaw = files.read(copy.entriesPath());
      if (copyRaw == null) {
        continue;
      }
      List<byte[]> copyEntries = parse(copyRaw, copy);
      partialCopies++;
      for (int i = 0; i < width; i++) {
        if (!Arrays.equals(copyEntries.get(i), entries.get(i))) {
          problem(new ArchiveException(ArchiveFault.BUNDLE_MISMATCH, copy.entriesPath(), "entry " + i + " differs from "
              + "entry " + i + " of " + tile.entriesPath()));
          break;
        }
      }
    }
    return entries;
  }

  private static List<byte[]> parse(byte[] raw, Tile tile) throws ArchiveException {
    try {
      return EntryBundle.parse(raw, tile.width());
    } catch (VerificationException e) {
      throw new ArchiveException(ArchiveFault.BUNDLE_MALFORMED, tile.entriesPath(), e.reason(), e.getMessage(), e);
    }
  }

  private void compareFullTile(Tile tile, byte[] rebuilt) {
    try {
      compareTile(tile, rebuilt, true);
    } catch (IOException e) {
      throw new UncheckedArchiveRead(e);
    }
  }

  /** Compares the archive's {@code tile} (and its narrower copies) with {@code rebuilt}. */
  private void compareTile(Tile tile, byte[] rebuilt, boolean full) throws IOException {
    tiles++;
    byte[] stored = files.read(tile.path());
    if (stored == null && !full) {
      stored = files.tile(tile);
    }
    if (stored == null) {
      problem(new ArchiveException(ArchiveFault.TILE_MISSING, tile.path(), "the checkpoint's tree needs it"));
    } else if (stored.length != tile.byteSize()) {
      problem(new ArchiveException(ArchiveFault.TILE_MALFORMED, tile.path(), stored.length + " bytes, expected "
          + tile.byteSize()));
    } else if (!MessageDigest.isEqual(stored, rebuilt)) {
      mismatch(tile, stored, rebuilt);
    }
    for (int width : tileWidths.getOrDefault(new Coordinates(tile.level(), tile.index()), new TreeSet<>())
        .headSet(tile.width())) {
      Tile copy = new Tile(tile.level(), tile.index(), width);
      byte[] copyContent = files.read(copy.path());
      if (copyContent == null) {
        continue;
      }
      partialCopies++;
      if (copyContent.length != copy.byteSize()) {
        problem(new ArchiveException(ArchiveFault.TILE_MALFORMED, copy.path(), copyContent.length + " bytes, expected "
            + copy.byteSize()));
      } else if (!MessageDigest.isEqual(copyContent, Arrays.copyOf(rebuilt, copy.byteSize()))) {
        mismatch(copy, copyContent, Arrays.copyOf(rebuilt, copy.byteSize()));
      }
    }
  }

  private void mismatch(Tile tile, byte[] stored, byte[] rebuilt) {
    int hash = 0;
    while (hash < tile.width() && Arrays.equals(stored, hash * Hash.SIZE, (hash + 1) * Hash.SIZE,
        rebuilt, hash * Hash.SIZE, (hash + 1) * Hash.SIZE)) {
      hash++;
    }
    if (tile.level() == 0 && firstLevelZeroMismatch == null) {
      firstLevelZeroMismatch = tile;
    }
    problem(new ArchiveException(ArchiveFault.TILE_MISMATCH, tile.path(), "hash " + hash + " is "
        + Hash.of(stored, hash * Hash.SIZE) + ", rebuilt from the entry bundles it is " + Hash.of(rebuilt, hash * Hash.SIZE)));
  }

  private void problem(ArchiveException problem) {
    if (firstProblem == null) {
      firstProblem = problem;
    }
  }

  private Hash tilesRoot(long size) {
    try {
      return CompactRange.read(0, size, new TileHashReader(size, files.tiles())).rootHash();
    } catch (IOException e) {
      return null;
    }
  }

  /** Carries a read failure out of a tile callback. */
  private static final class UncheckedArchiveRead extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedArchiveRead(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }
}
