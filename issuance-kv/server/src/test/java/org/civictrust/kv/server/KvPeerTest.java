package org.civictrust.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.civictrust.kv.KvPeer;
import org.civictrust.kv.KvPeerConfig;

class KvPeerTest {
  @Test
  void parsesAndFormatsAPeerList() {
    List<KvPeer> peers = KvPeer.parseList("n1=127.0.0.1:7001,n2=localhost:7002,n3=[::1]:7003");
    assertEquals(new KvPeer("n3", "[::1]", 7003), peers.get(2));
    assertEquals("n1=127.0.0.1:7001,n2=localhost:7002,n3=[::1]:7003", KvPeer.formatList(peers));
  }

  @Test
  void refusesMalformedLists() {
    for (String bad : List.of("", "n1", "n1=host", "n1=:7001", "=h:1", "n1=h:0", "n1=h:x", "n1=h:1,n1=h:2",
        "n 1=h:1", "n1=h:1,")) {
      assertThrows(IllegalArgumentException.class, () -> KvPeer.parseList(bad), bad);
    }
  }

  @Test
  void thePeerMainsArgumentsRoundTrip() {
    KvPeerConfig config = KvPeerConfig.of("n2", KvPeer.parseList("n1=127.0.0.1:1,n2=127.0.0.1:2"), Path.of("/tmp/x"))
        .withSnapshotThreshold(77).withLogSegmentBytes(65536);
    assertEquals(config, KvPeerMain.parse(KvPeerMain.arguments(config).toArray(String[]::new)));
    assertThrows(IllegalArgumentException.class, () -> KvPeerMain.parse(new String[] {"--id", "n9", "--peers",
        "n1=h:1", "--storage", "/tmp"}));
    assertThrows(IllegalArgumentException.class, () -> KvPeerMain.parse(new String[] {"--bogus", "1"}));
  }

  @Test
  void thePeerMainsNumbersAreStrictDecimals() {
    String[] base = {"--id", "n1", "--peers", "n1=h:1", "--storage", "/tmp/x", "--log-segment-bytes"};
    for (String bad : List.of("", "+65536", "065536", "65536 ", "-1", "0x10000", "9223372036854775808")) {
      String[] args = java.util.Arrays.copyOf(base, base.length + 1);
      args[base.length] = bad;
      assertThrows(IllegalArgumentException.class, () -> KvPeerMain.parse(args), bad);
    }
    // 19 digits within a long are a number now (the option's own check bounds it); the old copy
    // stopped at 18 digits.
    String[] largest = java.util.Arrays.copyOf(base, base.length + 1);
    largest[base.length] = "9223372036854775807";
    assertEquals(Long.MAX_VALUE, KvPeerMain.parse(largest).logSegmentBytes());
  }
}
