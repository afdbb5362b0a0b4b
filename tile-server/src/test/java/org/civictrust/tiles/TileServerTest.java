package org.civictrust.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
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
import org.civictrust.tlog.TileReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TileServerTest {
  static final String ORIGIN = "tiles.civictrust.example/log/0";
  static final SignerKey KEY = SignerKey.generate(ORIGIN, new SecureRandom());
  static final int SIZE = 70_000;

  static TileServer server;
  static LogMirror mirror;
  static final HttpClient http = HttpClient.newHttpClient();
  static final MemoryTiles expected = new MemoryTiles();
  static final CompactRange range = CompactRange.empty(0);

  static byte[] entry(int i) {
    return ("entry " + i).getBytes(StandardCharsets.UTF_8);
  }

  @BeforeAll
  static void publish() throws Exception {
    server = TileServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    mirror = new LogMirror(ORIGIN, KEY.verifierKey());
    server.serve(mirror);
    for (int i = 0; i < SIZE; i++) {
      mirror.appendEntry(i, entry(i));
      range.append(Rfc9162.leafHash(entry(i)), expected);
    }
    mirror.offerCheckpoint(Notes.sign(Checkpoint.of(ORIGIN, SIZE, range.rootHash()).format(), KEY));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<byte[]> get(String path) throws Exception {
    return get(ORIGIN, path);
  }

  static HttpResponse<byte[]> get(String origin, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/" + origin + "/" + path))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void servesEveryTileOfThePublishedTreeByteForByte() throws Exception {
    for (Tile tile : Tile.tilesForSize(SIZE)) {
      HttpResponse<byte[]> response = get(tile.path());
      assertEquals(200, response.statusCode(), tile.path());
      assertArrayEquals(expected.readTile(tile), response.body(), tile.path());
      assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElseThrow());
    }
  }

  @Test
  void servesEntryBundlesThatHashToTheLevelZeroTiles() throws Exception {
    HttpResponse<byte[]> bundle = get("tile/entries/273.p/112");
    assertEquals(200, bundle.statusCode());
    List<byte[]> entries = EntryBundle.parse(bundle.body(), 112);
    assertArrayEquals(entry(273 * 256 + 111), entries.get(111));
    byte[] tile = get("tile/0/273.p/112").body();
    assertArrayEquals(Rfc9162.leafHash(entries.get(5)).bytes(), java.util.Arrays.copyOfRange(tile, 5 * 32, 6 * 32));
  }

  @Test
  void aTlogClientProvesInclusionAndConsistencyFromTheServedTiles() throws Exception {
    byte[] note = get("checkpoint").body();
    Checkpoint head = Checkpoint.open(note, ORIGIN, KEY.verifierKey());
    TileReader overHttp = tile -> {
      try {
        HttpResponse<byte[]> response = get(tile.path());
        if (response.statusCode() != 200) {
          throw new IOException(tile.path() + ": HTTP " + response.statusCode());
        }
        return response.body();
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    };
    TileHashReader reader = new TileHashReader(head.treeSize(), overHttp);
    for (long index : new long[] {0, 1, 255, 256, 65_535, 65_536, 69_999}) {
      InclusionProofs.check(index, head.treeSize(), Rfc9162.leafHash(entry((int) index)),
          InclusionProofs.prove(index, head.treeSize(), reader), head.rootHash());
    }
    Hash oldRoot = CompactRange.read(0, 12_345, reader).rootHash();
    ConsistencyProofs.check(12_345, head.treeSize(), oldRoot, head.rootHash(),
        ConsistencyProofs.prove(12_345, head.treeSize(), reader));
  }

  @Test
  void servesNothingBeyondThePublishedCheckpointAndRefusesAForkedOne() throws Exception {
    String origin = "tiles.civictrust.example/log/small";
    SignerKey key = SignerKey.generate(origin, new SecureRandom());
    LogMirror small = new LogMirror(origin, key.verifierKey());
    server.serve(small);
    CompactRange smallRange = CompactRange.empty(0);
    for (int i = 0; i < 300; i++) {
      small.appendEntry(i, entry(i));
      smallRange.append(Rfc9162.leafHash(entry(i)));
    }
    small.offerCheckpoint(Notes.sign(Checkpoint.of(origin, 300, smallRange.rootHash()).format(), key));
    small.appendEntry(300, entry(300));
    assertEquals(200, get(origin, "tile/0/001.p/44").statusCode());
    assertEquals(404, get(origin, "tile/0/001.p/45").statusCode());
    byte[] forked = Notes.sign(Checkpoint.of(origin, 301, Rfc9162.leafHash(new byte[] {1})).format(), key);
    small.offerCheckpoint(forked);
    assertEquals(300, small.checkpointSize());
    assertEquals(LogMirror.Refusal.ROOT_MISMATCH, small.problems().get(0).refusal(), small.problems().toString());
    assertEquals("300", new String(get(origin, "checkpoint").body(), StandardCharsets.UTF_8).split("\n")[1]);
    small.appendEntry(302, entry(302));
    assertEquals(2, small.problems().size(), "an entry after a gap is refused too");
    assertEquals(LogMirror.Refusal.GAP, small.problems().get(1).refusal(), small.problems().toString());
  }

  @Test
  void answersBadPathsAndMethodsWithTheRightStatus() throws Exception {
    assertEquals(400, get("tile/0/1").statusCode());
    assertEquals(404, get("nothing").statusCode());
    assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/other/checkpoint"))
        .build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode());
    assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/" + ORIGIN
        + "/checkpoint")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray())
        .statusCode());
    assertEquals("no-cache", get("checkpoint").headers().firstValue("Cache-Control").orElseThrow());
    assertTrue(get("tile/0/000").headers().firstValue("Cache-Control").orElseThrow().contains("immutable"));
  }
}
