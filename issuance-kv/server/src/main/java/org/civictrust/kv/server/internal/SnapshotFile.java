package org.civictrust.kv.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.civictrust.kv.protocol.Wire.MalformedException;
import org.civictrust.tlog.Hash;
import org.civictrust.kv.protocol.Wire;

/**
 * The snapshot file format (docs/design/issuance-kv.md, "Snapshot format"), version 1:
 *
 * <pre>
 * magic        8 bytes  "CTKVSNAP"
 * version      uint16   1
 * term         int64    Raft term of the last applied entry
 * index        int64    Raft log index of the last applied entry
 * bodyLength   int64
 * body         the state's canonical encoding ({@link IssuanceState#encode()})
 * checksum     32 bytes SHA-256 of every byte before it
 * </pre>
 *
 * A file is valid only if its length, checksum, magic, version, and its term and index (which must
 * match the file name) are right and its body decodes strictly. {@link SnapshotStorage} writes them
 * with {@link org.civictrust.files.AtomicFiles#write} (temporary name, forced to disk, renamed
 * atomically, directory forced).
 */
public final class SnapshotFile {
  static final byte[] MAGIC = "CTKVSNAP".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int HEADER_SIZE = MAGIC.length + 2 + 8 + 8 + 8;

  /** A snapshot read back: where it ends in the log and the state. */
  public record Loaded(long term, long index, IssuanceState state) {}

  private SnapshotFile() {}

  /** The bytes of a snapshot of {@code body} at {@code term}, {@code index}. */
  public static byte[] format(long term, long index, byte[] body) {
    Wire.Writer out = new Wire.Writer().raw(MAGIC).u16(VERSION).i64(term).i64(index).i64(body.length).raw(body);
    byte[] unsigned = out.toByteArray();
    return new Wire.Writer().raw(unsigned).raw(IssuanceState.sha256(unsigned).bytes()).toByteArray();
  }

  /**
   * Parses and checks a snapshot file's bytes.
   *
   * @throws MalformedException if anything is wrong with them
   */
  public static Loaded parse(byte[] bytes) throws MalformedException {
    if (bytes.length < HEADER_SIZE + Hash.SIZE) {
      throw new MalformedException("a snapshot of " + bytes.length + " bytes is shorter than its header");
    }
    byte[] unsigned = Arrays.copyOf(bytes, bytes.length - Hash.SIZE);
    byte[] checksum = Arrays.copyOfRange(bytes, bytes.length - Hash.SIZE, bytes.length);
    if (!MessageDigest.isEqual(IssuanceState.sha256(unsigned).bytes(), checksum)) {
      throw new MalformedException("checksum mismatch (torn or corrupted)");
    }
    Wire.Reader in = new Wire.Reader(unsigned);
    if (!Arrays.equals(in.raw("magic", MAGIC.length), MAGIC)) {
      throw new MalformedException("not a snapshot (magic)");
    }
    int version = in.u16("version");
    if (version != VERSION) {
      throw new MalformedException("unknown snapshot version " + version);
    }
    long term = in.i64("term");
    long index = in.i64("index");
    long bodyLength = in.i64("bodyLength");
    if (term < 0 || index < 0 || bodyLength != in.remaining()) {
      throw new MalformedException("inconsistent snapshot header");
    }
    return new Loaded(term, index, IssuanceState.decode(in.raw("body", (int) bodyLength)));
  }
}
