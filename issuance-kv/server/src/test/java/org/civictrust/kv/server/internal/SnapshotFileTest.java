package org.civictrust.kv.server.internal;

import static org.civictrust.kv.server.internal.Commands.putIssuer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.civictrust.kv.KvCommand;
import org.civictrust.kv.protocol.Wire.MalformedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.civictrust.kv.protocol.Codec;
import org.civictrust.kv.protocol.Wire;

/** The snapshot file: round trip, every damage detected, fallback to an older snapshot. */
class SnapshotFileTest {
  @TempDir
  Path dir;

  static IssuanceState someState() {
    IssuanceState state = new IssuanceState();
    state.apply(1, Codec.encode(putIssuer("a", KvCommand.ABSENT)));
    state.apply(2, Codec.encode(new KvCommand.AdvanceWatermark("b", KvCommand.ANY_VERSION, "log", 5, 1)));
    return state;
  }

  @Test
  void roundTripsTermIndexAndState() throws Exception {
    IssuanceState state = someState();
    SnapshotFile.Loaded loaded = SnapshotFile.parse(SnapshotFile.format(3, 2, state.encode()));
    assertEquals(3, loaded.term());
    assertEquals(2, loaded.index());
    assertArrayEquals(state.encode(), loaded.state().encode());
  }

  @Test
  void anyFlippedBitOrTruncationIsDetected() {
    byte[] file = SnapshotFile.format(3, 2, someState().encode());
    for (int i = 0; i < file.length; i++) {
      byte[] flipped = file.clone();
      flipped[i] ^= 0x10;
      assertThrows(MalformedException.class, () -> SnapshotFile.parse(flipped), "byte " + i);
      byte[] torn = Arrays.copyOf(file, i);
      assertThrows(MalformedException.class, () -> SnapshotFile.parse(torn), "torn at " + i);
    }
  }

  @Test
  void aValidChecksumOverAnotherVersionIsRefused() {
    byte[] body = someState().encode();
    byte[] unsigned = new Wire.Writer().raw(SnapshotFile.MAGIC).u16(2).i64(1).i64(1).i64(body.length).raw(body)
        .toByteArray();
    byte[] file = new Wire.Writer().raw(unsigned).raw(IssuanceState.sha256(unsigned).bytes()).toByteArray();
    assertThrows(MalformedException.class, () -> SnapshotFile.parse(file));
  }

  @Test
  void storageFallsBackToTheLatestValidSnapshotAndSetsTheDamagedOneAside() throws Exception {
    SnapshotStorage storage = new SnapshotStorage(3);
    Files.createDirectories(dir);
    setDirectory(storage, dir);
    IssuanceState older = someState();
    storage.write(1, 2, older.encode());
    IssuanceState newer = someState();
    newer.apply(3, Codec.encode(putIssuer("c", 1)));
    storage.write(1, 3, newer.encode());
    Path latest = dir.resolve("snapshot.1_3");
    byte[] bytes = Files.readAllBytes(latest);
    Files.write(latest, Arrays.copyOf(bytes, bytes.length - 7));

    SnapshotFile.Loaded loaded = storage.loadLatestValid().orElseThrow();
    assertEquals(2, loaded.index());
    assertArrayEquals(older.encode(), loaded.state().encode());
    assertEquals(2, storage.getLatestSnapshot().getIndex());
    assertTrue(Files.exists(dir.resolve("snapshot.1_3.corrupt")));
  }

  @Test
  void storageKeepsOnlyTheNewestSnapshots() throws Exception {
    SnapshotStorage storage = new SnapshotStorage(2);
    setDirectory(storage, dir);
    for (int index = 1; index <= 4; index++) {
      storage.write(1, index, someState().encode());
    }
    storage.cleanupOldSnapshots(null);
    assertTrue(Files.exists(dir.resolve("snapshot.1_4")));
    assertTrue(Files.exists(dir.resolve("snapshot.1_3")));
    assertEquals(2, Files.list(dir).count());
  }

  @Test
  void storageIgnoresNamesWhoseTermOrIndexIsNotACanonicalDecimal() throws Exception {
    SnapshotStorage storage = new SnapshotStorage(3);
    setDirectory(storage, dir);
    storage.write(1, 2, someState().encode());
    byte[] valid = Files.readAllBytes(dir.resolve("snapshot.1_2"));
    for (String name : new String[] {"snapshot.01_3", "snapshot.1_03", "snapshot.1_9223372036854775808",
        "snapshot.1_99999999999999999999", "snapshot.+1_3"}) {
      Files.write(dir.resolve(name), valid);
    }
    assertEquals(2, storage.loadLatestValid().orElseThrow().index());
    assertEquals(2, storage.getLatestSnapshot().getIndex());
  }

  private static void setDirectory(SnapshotStorage storage, Path dir) throws Exception {
    java.lang.reflect.Field field = SnapshotStorage.class.getDeclaredField("directory");
    field.setAccessible(true);
    field.set(storage, dir);
  }
}
