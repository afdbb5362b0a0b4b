package org.civictrust.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.civictrust.tlog.Checkpoint;
import org.civictrust.tlog.Note;
import org.civictrust.tlog.TileHashReader;
import org.junit.jupiter.api.Test;
import org.civictrust.witness.TestLog;

/**
 * A monitor whose copy of the log lags and leads its checkpoints in every order, with a peer's gossip
 * mixed in, still accepts every checkpoint of an honest log, each once, and raises nothing.
 */
class InterleavingTest {
  static final String ORIGIN = "log.civictrust.example/0";

  @Test
  void everyCheckpointIsAcceptedWhateverTheOrderOfEntriesCheckpointsAndGossip() throws Exception {
    for (int seed = 0; seed < 200; seed++) {
      run(seed);
    }
  }

  private void run(int seed) throws Exception {
    Random random = new Random(seed);
    TestLog log = TestLog.create(ORIGIN, 3);
    List<byte[]> checkpoints = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      log.append(1 + random.nextInt(5), "main");
      checkpoints.add(log.checkpoint());
    }
    long[] held = {0};
    ProofSource source = (origin, size) -> {
      if (size > held[0]) {
        throw new NoSuchFileException("holds " + held[0]);
      }
      return new TileHashReader(size, log.tiles);
    };
    Monitor monitor = new Monitor("monitor.example/m1", List.of(log.monitored()), source, Monitor.Settings.defaults());
    Set<Long> accepted = new HashSet<>();
    List<Incident> incidents = new ArrayList<>();
    int next = 0;
    int gossiped = 0;
    long time = 1_000_000;
    while (next < checkpoints.size() || held[0] < log.size()) {
      time += 10;
      int choice = random.nextInt(3);
      if (choice == 0 && next < checkpoints.size()) {
        record(monitor.observe(checkpoints.get(next++), time), accepted, incidents);
      } else if (choice == 1 && held[0] < log.size()) {
        held[0] = Math.min(log.size(), held[0] + 1 + random.nextInt(6));
        var pending = monitor.minPendingSize(ORIGIN);
        if (pending.isPresent() && pending.getAsLong() <= held[0]) {
          record(monitor.retry(ORIGIN, time), accepted, incidents);
        }
      } else if (gossiped < checkpoints.size()) {
        int index = Math.min(checkpoints.size() - 1, gossiped + random.nextInt(4));
        gossiped++;
        record(monitor.observeGossip(new Observation("monitor.example/m2", time, checkpoints.get(index)), time),
            accepted, incidents);
      }
    }
    assertEquals(List.of(), incidents, "seed " + seed);
    assertEquals(checkpoints.size(), accepted.size(), "seed " + seed + ": every checkpoint accepted");
  }

  private static void record(Monitor.Outcome outcome, Set<Long> accepted, List<Incident> incidents) throws Exception {
    incidents.addAll(outcome.incidents());
    for (byte[] note : outcome.accepted()) {
      long size = Checkpoint.parse(Note.parse(note).text()).treeSize();
      if (!accepted.add(size)) {
        throw new AssertionError("size " + size + " accepted twice");
      }
    }
  }
}
