package org.civictrust.connect.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.civictrust.connect.ArchiveException;
import org.civictrust.connect.ArchiveFault;
import org.civictrust.connect.ArchiveLayout;
import org.civictrust.connect.ArchiveStore;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.CompactRange;
import org.civictrust.tlog.ConsistencyProofs;
import org.civictrust.tlog.EntryBundle;
import org.civictrust.tlog.Hash;
import org.civictrust.tlog.NoteVerifier;
import org.civictrust.tlog.Rfc9162;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileHashReader;
import org.civictrust.tlog.TileReader;
import org.civictrust.tlog.VerificationException;

/**
 * Archives one log, in C2SP tlog-tiles layout, as its entries and signed checkpoints arrive: the heart
 * of the sink task, free of Kafka Connect so that it can be tested alone.
 *
 * <ul>
 *   <li>Entries must come in leaf index order (repeats are ignored, a gap is reported to the caller).
 *       Each entry bundle and each tile is queued the moment it is full, and written once
 *       ({@link ArchiveStore#createIfAbsent}): a file that exists with the same bytes is left alone, one
 *       with other bytes is an {@link ArchiveFault#IMMUTABLE_CONFLICT} and is never overwritten.
 *   <li>A checkpoint is verified with the log's key when it arrives (else refused), then waits until
 *       the entries it covers are archived. Its root must then be the root of the archived tree at its
 *       size (else refused as {@link ArchiveFault#INCONSISTENT_CHECKPOINT}, with the evidence). The
 *       newest such checkpoint is published only after a consistency proof, built from the archive's
 *       tiles, leads to it from the archive's checkpoint, and after its partial tiles and partial bundle
 *       are durable: the {@code checkpoint} file is then swapped, compare-and-swap, so the archive never
 *       goes backwards and never shows a fork.
 *   <li>Kafka offsets are handed out only for what is durable and verified: entries below the published
 *       checkpoint, checkpoints that were published, superseded or refused.
 *   <li>{@link #resume} rebuilds the state from the archive alone: the checkpoint (verified with the
 *       log's key), its partial tiles (which must give its root) and its partial bundle (whose entries
 *       must hash to them). The entries after it come again from the topic, from the committed offset;
 *       the files a crash left unwritten are then created, those already there found identical (or a
 *       conflict). So a restarted task continues without a gap and rewrites nothing.
 * </ul>
 * Not thread-safe: one task thread drives it.
 */
public final class LogArchiver {
  /** What became of an entry. */
  public enum Appended {
    /** Appended at the next leaf index. */
    APPENDED,
    /** Its leaf index was archived before; ignored. */
    REPEAT,
    /** Its leaf index is beyond the next one: entries are missing before it; not appended. */
    GAP
  }

  /** A refused checkpoint: why (with the evidence), its record's offset and the record itself. */
  public record Refusal(ArchiveException reason, long offset, Object record) {
    public Refusal {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** What the archiver did so far. */
  public record Counts(long entriesAppended, long filesCreated, long filesUnchanged, long checkpointsPublished,
      long checkpointsRefused) {}

  private record Pending(byte[] note, Checkpoint checkpoint, long offset, Object record) {}

  private final LogFiles files;
  private final String origin;
  private final NoteVerifier logKey;
  private final TileTree tree;
  private final List<byte[]> bundle = new ArrayList<>(Tile.FULL_WIDTH);
  private final LinkedHashMap<String, byte[]> unwritten = new LinkedHashMap<>();
  private final List<Pending> pending = new ArrayList<>();
  /** Refusals decided by a flush and not handed out yet (a flush that failed later keeps them here). */
  private final List<Refusal> undelivered = new ArrayList<>();
  /** (tree size the offset needs durable, offset) of each entry record, oldest first. */
  private final ArrayDeque<long[]> entryOffsets = new ArrayDeque<>();
  private Checkpoint archived;
  private byte[] archivedNote;
  private long entriesCommit = -1;
  private long lastCheckpointOffset = -1;
  private long entriesAppended;
  private long filesCreated;
  private long filesUnchanged;
  private long checkpointsPublished;
  private long checkpointsRefused;

  private LogArchiver(LogFiles files, String origin, NoteVerifier logKey, TileTree tree, Checkpoint archived,
      byte[] archivedNote) {
    this.files = files;
    this.origin = origin;
    this.logKey = logKey;
    this.tree = tree;
    this.archived = archived;
    this.archivedNote = archivedNote;
  }

  /**
   * Picks up the log {@code origin} at its archive's checkpoint: verifies it with {@code logKey} and
   * against the archive's partial tiles, and reloads the partial bundle.
   *
   * @throws ArchiveException if the archive contradicts itself or its log (a checkpoint that does not
   *     verify or does not match the tiles, a bundle that does not match them, a file with other bytes)
   */
  public static LogArchiver resume(LogFiles files, String origin, NoteVerifier logKey)
      throws IOException, ArchiveException {
    byte[] note = files.checkpoint();
    Checkpoint checkpoint = null;
    if (note != null) {
      try {
        checkpoint = Checkpoint.open(note, origin, logKey);
      } catch (VerificationException e) {
        throw new ArchiveException(ArchiveFault.CHECKPOINT_INVALID, ArchiveLayout.CHECKPOINT, e.reason(),
            "the archive's checkpoint at " + files.location() + " is not a checkpoint of " + origin
                + " signed by its key: " + e.getMessage(), e);
      }
    }
    long size = checkpoint == null ? 0 : checkpoint.treeSize();
    Map<Integer, byte[]> partials = new HashMap<>();
    for (Tile tile : TileTree.partialTiles(size)) {
      partials.put(tile.level(), readTile(files, tile));
    }
    TileTree tree = TileTree.fromPartialTiles(size, partials);
    if (checkpoint != null && !tree.rootHash().equals(checkpoint.rootHash())) {
      throw new ArchiveException(ArchiveFault.ROOT_MISMATCH, ArchiveLayout.CHECKPOINT, "the archive's tiles at "
          + files.location() + " give root " + tree.rootHash() + " at size " + size + ", its checkpoint says "
          + checkpoint.rootHash());
    }
    LogArchiver archiver = new LogArchiver(files, origin, logKey, tree, checkpoint, note);
    int width = TileTree.partialWidth(0, size);
    if (width > 0) {
      Tile tile = new Tile(0, size >>> Tile.HEIGHT, width);
      List<byte[]> entries = readEntries(files, tile);
      byte[] leaves = tree.rowContent(0, width);
      for (int i = 0; i < width; i++) {
        if (!Rfc9162.leafHash(entries.get(i)).equals(Hash.of(leaves, i * Hash.SIZE))) {
          throw new ArchiveException(ArchiveFault.BUNDLE_MISMATCH, tile.entriesPath(), "entry " + i
              + " of the bundle does not hash to the archive's level-0 tile");
        }
      }
      archiver.bundle.addAll(entries);
    }
    return archiver;
  }

  private static byte[] readTile(LogFiles files, Tile tile) throws IOException, ArchiveException {
    byte[] content = files.tile(tile);
    if (content == null) {
      throw new ArchiveException(ArchiveFault.TILE_MISSING, tile.path(), "the archive's checkpoint needs it");
    }
    if (content.length != tile.byteSize()) {
      throw new ArchiveException(ArchiveFault.TILE_MALFORMED, tile.path(), content.length + " bytes, expected "
          + tile.byteSize());
    }
    return content;
  }

  private static List<byte[]> readEntries(LogFiles files, Tile tile) throws IOException, ArchiveException {
    List<byte[]> entries;
    try {
      entries = files.entries(tile);
    } catch (VerificationException e) {
      throw new ArchiveException(ArchiveFault.BUNDLE_MALFORMED, tile.entriesPath(), e.reason(), e.getMessage(), e);
    }
    if (entries == null) {
      throw new ArchiveException(ArchiveFault.BUNDLE_MISSING, tile.entriesPath(), "the archive's checkpoint needs it");
    }
    return entries;
  }

  /** The log's origin. */
  public String origin() {
    return origin;
  }

  /** Where the log is archived. */
  public String location() {
    return files.location();
  }

  /** The number of entries held: archived or queued. */
  public long size() {
    return tree.size();
  }

  /** The tree size of the archive's checkpoint (0 if none). */
  public long archivedSize() {
    return archived == null ? 0 : archived.treeSize();
  }

  /** The archive's signed checkpoint, or null. */
  public byte[] archivedCheckpoint() {
    return archivedNote == null ? null : archivedNote.clone();
  }

  /**
   * The number of leaves this archiver hands out offsets for: those below the archive's checkpoint.
   * Entries beyond it may be in durable files already, but a restarted archiver resumes from the
   * checkpoint (the one state of the archive it verifies), so it must read them again from the topic,
   * which also checks the files written for them.
   */
  public long durableSize() {
    return archivedSize();
  }

  /** The number of full bundles and tiles queued, not yet written. */
  public int unwrittenFiles() {
    return unwritten.size();
  }

  /** What this archiver did so far. */
  public Counts counts() {
    return new Counts(entriesAppended, filesCreated, filesUnchanged, checkpointsPublished, checkpointsRefused);
  }

  /**
   * Takes the entry at {@code leafIndex}, read at {@code offset} of its partition: appends it if it is
   * the next one.
   *
   * @throws ArchiveException MALFORMED_RECORD if the entry is longer than an entry bundle allows
   */
  public Appended appendEntry(long leafIndex, byte[] entry, long offset) throws ArchiveException {
    if (leafIndex > tree.size()) {
      return Appended.GAP;
    }
    Appended outcome = Appended.REPEAT;
    if (leafIndex == tree.size()) {
      if (entry.length > EntryBundle.MAX_ENTRY_SIZE) {
        throw new ArchiveException(ArchiveFault.MALFORMED_RECORD, null, "entry " + leafIndex + " of " + origin
            + " holds " + entry.length + " bytes; an entry bundle carries at most " + EntryBundle.MAX_ENTRY_SIZE);
      }
      append(entry);
      outcome = Appended.APPENDED;
    }
    entryOffsets.addLast(new long[] {tree.size(), offset});
    return outcome;
  }

  private void append(byte[] entry) {
    tree.append(Rfc9162.leafHash(entry), (tile, content) -> unwritten.put(tile.path(), content), null);
    bundle.add(entry.clone());
    if (bundle.size() == Tile.FULL_WIDTH) {
      Tile tile = new Tile(0, (tree.size() - 1) >>> Tile.HEIGHT, Tile.FULL_WIDTH);
      unwritten.put(tile.entriesPath(), EntryBundle.format(bundle));
      bundle.clear();
    }
    entriesAppended++;
  }

  /**
   * Takes a checkpoint record read at {@code offset}: the signed note and the fields that repeat it for
   * routing. Verifies the note with the log's key and checks the fields against it; a checkpoint that
   * passes waits for {@link #flush}, one that does not is refused at once.
   *
   * @param record what to hand back with a refusal (the Connect record, for its dead letter queue)
   * @return the refusal, or null if the checkpoint was taken (or was a repeat of an offset already seen)
   */
  public Refusal offerCheckpoint(byte[] note, long treeSize, byte[] rootHash, long offset, Object record) {
    if (offset <= lastCheckpointOffset) {
      return null;
    }
    lastCheckpointOffset = offset;
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(note, origin, logKey);
    } catch (VerificationException e) {
      return refuse(new ArchiveException(ArchiveFault.CHECKPOINT_INVALID, null, e.reason(), "the checkpoint at offset "
          + offset + " is not a checkpoint of " + origin + " signed by its key: " + e.getMessage(), e), offset, record);
    }
    if (checkpoint.treeSize() != treeSize || rootHash == null || rootHash.length != Hash.SIZE
        || !checkpoint.rootHash().equals(Hash.of(rootHash))) {
      return refuse(new ArchiveException(ArchiveFault.CHECKPOINT_INVALID, null,
          org.civictrust.tlog.Reason.MALFORMED, "the record at offset " + offset + " says tree size " + treeSize
              + " but its signed note says " + checkpoint.treeSize() + " with root " + checkpoint.rootHash(), null),
          offset, record);
    }
    pending.add(new Pending(note.clone(), checkpoint, offset, record));
    return null;
  }

  private Refusal refuse(ArchiveException reason, long offset, Object record) {
    checkpointsRefused++;
    return new Refusal(reason, offset, record);
  }

  /** Whether a checkpoint waits whose entries are all held, so that {@link #flush} would decide on it. */
  public boolean hasReadyCheckpoint() {
    for (Pending p : pending) {
      if (p.checkpoint().treeSize() <= tree.size()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes every queued file, decides on every checkpoint whose entries are held, and publishes the
   * newest one that is consistent with the archive.
   *
   * @return the checkpoints refused, with the evidence
   * @throws ArchiveException if a file to write exists with other bytes, or the archive's checkpoint
   *     changed under this archiver
   */
  public List<Refusal> flush() throws IOException, ArchiveException {
    writeUnwritten();
    List<Refusal> refusals = undelivered;
    List<Pending> ready = new ArrayList<>();
    for (Pending p : pending) {
      if (p.checkpoint().treeSize() <= tree.size()) {
        ready.add(p);
      }
    }
    if (ready.isEmpty()) {
      return drainRefusals();
    }
    ready.sort(Comparator.comparingLong(p -> p.checkpoint().treeSize()));
    TileReader reader = tree.over(files.tiles());
    Pending newest = null;
    for (Pending p : ready) {
      Hash root = rootAt(p.checkpoint().treeSize(), reader);
      if (!root.equals(p.checkpoint().rootHash())) {
        pending.remove(p);
        refusals.add(refuse(new ArchiveException(ArchiveFault.INCONSISTENT_CHECKPOINT, null, "the checkpoint at offset "
            + p.offset() + ", signed by the log, says root " + p.checkpoint().rootHash() + " at size "
            + p.checkpoint().treeSize() + ", but the archived entries give " + root + " there; the archive keeps "
            + describeArchived() + ". Refused note:\n" + text(p.note())), p.offset(), p.record()));
      } else if (p.checkpoint().treeSize() > archivedSize()) {
        newest = p;
      }
    }
    if (newest != null) {
      Refusal refused = publish(newest, reader);
      if (refused != null) {
        refusals.add(refused);
      }
    }
    pending.removeAll(ready);
    return drainRefusals();
  }

  private List<Refusal> drainRefusals() {
    List<Refusal> out = List.copyOf(undelivered);
    undelivered.clear();
    return out;
  }

  private Refusal publish(Pending candidate, TileReader reader) throws IOException, ArchiveException {
    long oldSize = archivedSize();
    long newSize = candidate.checkpoint().treeSize();
    Hash oldRoot = archived == null ? Rfc9162.EMPTY_ROOT : archived.rootHash();
    List<Hash> proof = ConsistencyProofs.prove(oldSize, newSize, new TileHashReader(newSize, reader));
    try {
      ConsistencyProofs.check(oldSize, newSize, oldRoot, candidate.checkpoint().rootHash(), proof);
    } catch (VerificationException e) {
      return refuse(new ArchiveException(ArchiveFault.INCONSISTENT_CHECKPOINT, null, e.reason(), "no consistency "
          + "proof from the archive's " + describeArchived() + " leads to the checkpoint at offset "
          + candidate.offset() + ": " + e.getMessage() + ". Refused note:\n" + text(candidate.note()), e),
          candidate.offset(), candidate.record());
    }
    Map<String, byte[]> partial = new LinkedHashMap<>();
    for (Tile tile : TileTree.partialTiles(newSize)) {
      partial.put(tile.path(), reader.readTile(tile));
    }
    int width = TileTree.partialWidth(0, newSize);
    if (width > 0) {
      Tile tile = new Tile(0, newSize >>> Tile.HEIGHT, width);
      List<byte[]> entries = tile.index() == tree.size() >>> Tile.HEIGHT ? bundle.subList(0, width)
          : readEntries(files, tile);
      partial.put(tile.entriesPath(), EntryBundle.format(entries));
    }
    write(partial);
    files.store().sync();
    if (!files.store().replaceIf(files.key(ArchiveLayout.CHECKPOINT), archivedNote, candidate.note())) {
      throw new ArchiveException(ArchiveFault.CHECKPOINT_CHANGED, ArchiveLayout.CHECKPOINT, "the archive's "
          + "checkpoint at " + files.location() + " is no longer the " + describeArchived()
          + " this sink verified: another writer changed it; nothing was replaced");
    }
    archived = candidate.checkpoint();
    archivedNote = candidate.note();
    checkpointsPublished++;
    return null;
  }

  private static Hash rootAt(long size, TileReader reader) throws IOException {
    return size == 0 ? Rfc9162.EMPTY_ROOT : CompactRange.read(0, size, new TileHashReader(size, reader)).rootHash();
  }

  private String describeArchived() {
    return archived == null ? "empty log (no checkpoint yet)"
        : "checkpoint of size " + archived.treeSize() + " with root " + archived.rootHash();
  }

  private static String text(byte[] note) {
    return new String(note, StandardCharsets.UTF_8);
  }

  private void writeUnwritten() throws IOException, ArchiveException {
    if (unwritten.isEmpty()) {
      return;
    }
    write(unwritten);
    files.store().sync();
    unwritten.clear();
  }

  private void write(Map<String, byte[]> byPath) throws IOException, ArchiveException {
    Map<String, byte[]> byKey = new LinkedHashMap<>();
    byPath.forEach((path, content) -> byKey.put(files.key(path), content));
    Map<String, ArchiveStore.Write> outcomes = files.store().createAllIfAbsent(byKey);
    for (Iterator<Map.Entry<String, byte[]>> it = byPath.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, byte[]> file = it.next();
      ArchiveStore.Write outcome = outcomes.get(files.key(file.getKey()));
      if (outcome == ArchiveStore.Write.CONFLICT) {
        byte[] existing = files.read(file.getKey());
        throw new ArchiveException(ArchiveFault.IMMUTABLE_CONFLICT, file.getKey(), "the archive at "
            + files.location() + " holds " + describe(existing) + " there, the log gives " + describe(file.getValue())
            + "; the file was left as it is");
      }
      if (outcome == ArchiveStore.Write.CREATED) {
        filesCreated++;
      } else {
        filesUnchanged++;
      }
    }
  }

  private static String describe(byte[] content) {
    return content == null ? "nothing" : content.length + " bytes with SHA-256 " + Hash.of(sha256(content)).toHex();
  }

  private static byte[] sha256(byte[] content) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(content);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * The offset to commit on the entries partition: just past the last entry record whose entry (and
   * every one before it) is durable in the archive; empty if none is yet.
   */
  public OptionalLong entriesCommitOffset() {
    long durable = durableSize();
    while (!entryOffsets.isEmpty() && entryOffsets.peekFirst()[0] <= durable) {
      entriesCommit = entryOffsets.pollFirst()[1] + 1;
    }
    return entriesCommit < 0 ? OptionalLong.empty() : OptionalLong.of(entriesCommit);
  }

  /**
   * The offset to commit on the checkpoints partition: the oldest checkpoint still waiting for its
   * entries, or just past the last one seen if none waits; empty if none was seen.
   */
  public OptionalLong checkpointsCommitOffset() {
    long oldestWaiting = Long.MAX_VALUE;
    for (Pending p : pending) {
      oldestWaiting = Math.min(oldestWaiting, p.offset());
    }
    if (oldestWaiting != Long.MAX_VALUE) {
      return OptionalLong.of(oldestWaiting);
    }
    return lastCheckpointOffset < 0 ? OptionalLong.empty() : OptionalLong.of(lastCheckpointOffset + 1);
  }

  /** Forgets the entry offsets seen, so that the partition can be read again from its start. */
  public void rewindEntries() {
    entryOffsets.clear();
    entriesCommit = -1;
  }

  /** Forgets the checkpoint offsets seen, so that the partition can be read again from its start. */
  public void rewindCheckpoints() {
    lastCheckpointOffset = -1;
    pending.clear();
  }
}
