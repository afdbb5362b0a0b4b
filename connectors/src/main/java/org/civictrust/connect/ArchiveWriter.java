package org.civictrust.connect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.civictrust.connect.internal.LogFiles;
import org.civictrust.connect.internal.TileTree;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.NoteVerifier;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.TileReader;
import org.civictrust.tlog.VerificationException;

/**
 * Writes one new log into an {@link ArchiveStore}, below its prefix, in C2SP tlog-tiles layout while its
 * entries arrive in leaf index order, with the sink's machinery: each entry bundle and each tile is
 * written the moment it is full, once ({@link ArchiveStore#createIfAbsent}: a file already there with
 * the same bytes is left alone, one with other bytes is an {@link ArchiveFault#IMMUTABLE_CONFLICT});
 * {@link #finish} writes the partial tiles and partial entry bundles of the tree sizes a reader may
 * ask for; {@link #writeCheckpoint} the signed checkpoint of one of them, once it has proven the tree
 * has that root. Only the growing edge of the tree is held in memory; the root at an earlier size is
 * read back from the tiles written.
 *
 * <p>For tools that archive a log from its entries ({@code civictrust tlog tiles}, {@code civictrust
 * replay}); the sink ({@link ArchiveSinkTask}) also resumes, verifies and publishes checkpoints as they
 * arrive. After an exception from {@link #append} or {@link #finish} the log written is incomplete: start
 * again. Not thread-safe.
 */
public final class ArchiveWriter {
  private final LogFiles files;
  private final TileTree tree = TileTree.empty();
  private final List<byte[]> bundle = new ArrayList<>(Tile.FULL_WIDTH);
  private final Set<Long> finishedSizes = new HashSet<>();
  private final Set<String> partialsWritten = new HashSet<>();
  private long tilesWritten;
  private long bundlesWritten;

  private ArchiveWriter(LogFiles files) {
    this.files = files;
  }

  /**
   * A writer of a log of no entries yet below {@code prefix} ("" or a key prefix ending in {@code /})
   * of {@code store}.
   *
   * @throws IllegalArgumentException if {@code prefix} is not a key prefix
   */
  public static ArchiveWriter create(ArchiveStore store, String prefix) {
    return new ArchiveWriter(new LogFiles(Objects.requireNonNull(store, "store"), prefix));
  }

  /** Where the log is written, for messages. */
  public String location() {
    return files.location();
  }

  /** The number of entries appended: leaf indexes 0 to {@code size() - 1}. */
  public long size() {
    return tree.size();
  }

  /** The RFC 9162 root hash of the entries appended. */
  public Hash rootHash() {
    return tree.rootHash();
  }

  /**
   * The root hash of the tree of the first {@code treeSize} entries, from the tiles written.
   *
   * @throws IllegalArgumentException unless {@code 0 <= treeSize <= size()}
   */
  public Hash rootHash(long treeSize) throws IOException {
    if (treeSize < 0 || treeSize > size()) {
      throw new IllegalArgumentException("tree size " + treeSize + " is not in [0, " + size() + "]");
    }
    return CompactRange.read(0, treeSize, new TileHashReader(treeSize, tiles())).rootHash();
  }

  /**
   * Appends {@code entry} as leaf {@code size()}; writes its entry bundle and the tiles it completes.
   *
   * @throws IllegalArgumentException if the entry is longer than {@link EntryBundle#MAX_ENTRY_SIZE}
   * @throws ArchiveException IMMUTABLE_CONFLICT if a file to write exists with other bytes
   */
  public void append(byte[] entry) throws IOException, ArchiveException {
    if (entry.length > EntryBundle.MAX_ENTRY_SIZE) {
      throw new IllegalArgumentException("an entry holds at most " + EntryBundle.MAX_ENTRY_SIZE + " bytes, this one "
          + entry.length);
    }
    Map<String, byte[]> full = new LinkedHashMap<>();
    tree.append(Rfc9162.leafHash(entry), (tile, content) -> full.put(tile.path(), content), null);
    tilesWritten += full.size();
    bundle.add(entry.clone());
    if (bundle.size() == Tile.FULL_WIDTH) {
      full.put(new Tile(0, (size() - 1) >>> Tile.HEIGHT, Tile.FULL_WIDTH).entriesPath(), EntryBundle.format(bundle));
      bundlesWritten++;
      bundle.clear();
    }
    write(full);
  }

  /**
   * Writes, for the current size and each of {@code alsoSizes}, its partial tiles and its partial entry
   * bundle, so that a reader holding a checkpoint of any of these sizes finds every file it needs, and
   * makes every file written so far durable.
   *
   * @throws IllegalArgumentException unless each of {@code alsoSizes} is in {@code [0, size()]}
   * @throws ArchiveException IMMUTABLE_CONFLICT if a file to write exists with other bytes
   */
  public void finish(long... alsoSizes) throws IOException, ArchiveException {
    List<Long> sizes = new ArrayList<>();
    sizes.add(size());
    for (long size : alsoSizes) {
      if (size < 0 || size > size()) {
        throw new IllegalArgumentException("size " + size + " is not in [0, " + size() + "]");
      }
      sizes.add(size);
    }
    TileReader reader = tiles();
    Map<String, byte[]> partial = new LinkedHashMap<>();
    for (long size : sizes) {
      for (Tile tile : TileTree.partialTiles(size)) {
        partial.put(tile.path(), reader.readTile(tile));
        if (partialsWritten.add(tile.path())) {
          tilesWritten++;
        }
      }
      int width = TileTree.partialWidth(0, size);
      if (width > 0) {
        Tile tile = new Tile(0, size >>> Tile.HEIGHT, width);
        List<byte[]> entries = tile.index() == size() >>> Tile.HEIGHT ? bundle.subList(0, width) : readBack(tile);
        partial.put(tile.entriesPath(), EntryBundle.format(entries));
        if (partialsWritten.add(tile.entriesPath())) {
          bundlesWritten++;
        }
      }
    }
    write(partial);
    files.store().sync();
    finishedSizes.addAll(sizes);
  }

  /**
   * Writes {@code signedNote} as the log's {@code checkpoint}, replacing the one there if any (the one
   * file of a log that is ever replaced), after checking it: a checkpoint of {@code origin} signed by
   * {@code logKey}, of a size {@link #finish} wrote the files of, whose root is the tree's at that size.
   *
   * @return the checkpoint
   * @throws ArchiveException CHECKPOINT_INVALID if the note is not such a checkpoint, ROOT_MISMATCH if
   *     its root is not the tree's
   * @throws IllegalStateException if {@link #finish} did not write the files of its size
   */
  public Checkpoint writeCheckpoint(byte[] signedNote, String origin, NoteVerifier logKey)
      throws IOException, ArchiveException {
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(signedNote, origin, logKey);
    } catch (VerificationException e) {
      throw new ArchiveException(ArchiveFault.CHECKPOINT_INVALID, ArchiveLayout.CHECKPOINT, e.reason(),
          "not a checkpoint of " + origin + " signed by its key: " + e.getMessage(), e);
    }
    if (!finishedSizes.contains(checkpoint.treeSize())) {
      throw new IllegalStateException("the files of size " + checkpoint.treeSize() + " are not written: finish "
          + "with that size first");
    }
    Hash root = rootHash(checkpoint.treeSize());
    if (!root.equals(checkpoint.rootHash())) {
      throw new ArchiveException(ArchiveFault.ROOT_MISMATCH, ArchiveLayout.CHECKPOINT, "the checkpoint says root "
          + checkpoint.rootHash() + " at size " + checkpoint.treeSize() + ", the entries written give " + root);
    }
    String key = files.key(ArchiveLayout.CHECKPOINT);
    if (files.store().createIfAbsent(key, signedNote) == ArchiveStore.Write.CONFLICT) {
      byte[] existing = files.read(ArchiveLayout.CHECKPOINT);
      if (!files.store().replaceIf(key, existing, signedNote)) {
        throw new IOException("the checkpoint at " + location() + " changed while it was being replaced");
      }
    }
    files.store().sync();
    return checkpoint;
  }

  /** The tiles written (full tiles as they completed, partial tiles by {@link #finish}), each counted once. */
  public long tilesWritten() {
    return tilesWritten;
  }

  /** The entry bundles written (full ones as they completed, partial ones by {@link #finish}), each counted once. */
  public long bundlesWritten() {
    return bundlesWritten;
  }

  /** The tiles of the tree, of any size up to the current one: the growing edge from memory, the rest from the store. */
  private TileReader tiles() {
    return tree.over(files.tiles());
  }

  private List<byte[]> readBack(Tile tile) throws IOException, ArchiveException {
    List<byte[]> entries;
    try {
      entries = files.entries(tile);
    } catch (VerificationException e) {
      throw new ArchiveException(ArchiveFault.BUNDLE_MALFORMED, tile.entriesPath(), e.reason(),
          "the bundle written at " + location() + " does not read back: " + e.getMessage(), e);
    }
    if (entries == null) {
      throw new ArchiveException(ArchiveFault.BUNDLE_MISSING, tile.entriesPath(), "the bundle written at "
          + location() + " is gone");
    }
    return entries;
  }

  private void write(Map<String, byte[]> byPath) throws IOException, ArchiveException {
    if (byPath.isEmpty()) {
      return;
    }
    Map<String, byte[]> byKey = new LinkedHashMap<>();
    byPath.forEach((path, content) -> byKey.put(files.key(path), content));
    Map<String, ArchiveStore.Write> outcomes = files.store().createAllIfAbsent(byKey);
    for (String path : byPath.keySet()) {
      if (outcomes.get(files.key(path)) == ArchiveStore.Write.CONFLICT) {
        throw new ArchiveException(ArchiveFault.IMMUTABLE_CONFLICT, path, "the archive at " + location()
            + " holds other bytes there than this log's; the file was left as it is");
      }
    }
  }
}
