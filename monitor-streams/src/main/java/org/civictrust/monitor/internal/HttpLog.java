package org.civictrust.monitor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civictrust.tlog.Notes;
import org.civictrust.tlog.Tile;
import org.civictrust.tlog.TileReader;

/**
 * A remote log in C2SP tlog-tiles layout under a URL prefix: its {@code checkpoint}, its tiles and entry
 * bundles. A partial tile or bundle that is gone (404) is read from the full one, whose prefix it is
 * (tlog-tiles, "Partial Tiles"). Full tiles are immutable and cached ({@value #CACHED_TILES} at most).
 * Nothing read is trusted: callers verify. Thread-safe.
 */
public final class HttpLog implements TileReader {
  /** The most full tiles kept in memory. */
  public static final int CACHED_TILES = 1024;
  private static final int MAX_BUNDLE_SIZE = Tile.FULL_WIDTH * (2 + 0xffff);

  private final URI prefix;
  private final HttpClient http;
  private final Duration timeout;
  private final Map<String, byte[]> cache = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
      return size() > CACHED_TILES;
    }
  };

  public HttpLog(URI prefix, HttpClient http, Duration timeout) {
    String base = prefix.toString();
    this.prefix = URI.create(base.endsWith("/") ? base : base + "/");
    this.http = http;
    this.timeout = timeout;
  }

  public URI prefix() {
    return prefix;
  }

  /** The log's current signed checkpoint. */
  public byte[] checkpoint() throws IOException {
    return get("checkpoint", Notes.MAX_NOTE_SIZE);
  }

  @Override
  public byte[] readTile(Tile tile) throws IOException {
    return fetch(tile.path(), tile, false);
  }

  /** The entry bundle with {@code tile}'s coordinates (level 0). */
  public byte[] readEntryBundle(Tile tile) throws IOException {
    return fetch(tile.entriesPath(), tile, true);
  }

  private byte[] fetch(String path, Tile tile, boolean bundle) throws IOException {
    int limit = bundle ? MAX_BUNDLE_SIZE : tile.byteSize();
    if (!tile.isPartial()) {
      return full(path, limit);
    }
    try {
      return get(path, limit);
    } catch (NoSuchFileException e) {
      Tile full = new Tile(tile.level(), tile.index(), Tile.FULL_WIDTH);
      byte[] content = full(bundle ? full.entriesPath() : full.path(), bundle ? MAX_BUNDLE_SIZE : full.byteSize());
      return java.util.Arrays.copyOf(content, bundle ? bundlePrefix(content, tile.width()) : tile.byteSize());
    }
  }

  /** The length of the first {@code count} length-prefixed entries of a bundle (all of it if shorter). */
  private static int bundlePrefix(byte[] bundle, int count) {
    int at = 0;
    for (int i = 0; i < count && at + 2 <= bundle.length; i++) {
      at = Math.min(bundle.length, at + 2 + ((bundle[at] & 0xff) << 8 | (bundle[at + 1] & 0xff)));
    }
    return at;
  }

  private byte[] full(String path, int limit) throws IOException {
    synchronized (cache) {
      byte[] cached = cache.get(path);
      if (cached != null) {
        return cached.clone();
      }
    }
    byte[] content = get(path, limit);
    synchronized (cache) {
      cache.put(path, content.clone());
    }
    return content;
  }

  private byte[] get(String path, int limit) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(prefix.resolve(path)).timeout(timeout).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + request.uri(), e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() == 404) {
        throw new NoSuchFileException(request.uri().toString());
      }
      if (response.statusCode() != 200) {
        throw new IOException(request.uri() + " answered HTTP " + response.statusCode());
      }
      byte[] content = body.readNBytes(limit + 1);
      if (content.length > limit) {
        throw new IOException(request.uri() + " is larger than " + limit + " bytes");
      }
      return content;
    }
  }
}
