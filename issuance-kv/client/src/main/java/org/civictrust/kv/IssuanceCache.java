package org.civictrust.kv;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A bounded local cache of issuers and their keys, kept fresh by the store's change stream: what the
 * issuance policy gate reads on its hot path instead of the store.
 *
 * <p>Entries are loaded on first use with a linearizable read ({@link KvClient#issuerAt}) and kept,
 * at most {@code maxIssuers} of them (least recently used dropped first; unknown issuers are cached
 * too). A poller thread long-polls {@link KvClient#changesSince} and applies every issuer and key
 * change to the cached entries in log order; when the stream says {@linkplain ChangeBatch#reset()
 * reset} the cache empties itself and reloads entries on demand.
 *
 * <p><b>Freshness bound.</b> Every answer reflects every change committed to the store at least
 * {@code maxStaleness} before the answer was given; otherwise {@link #issuer} throws {@link
 * StaleCacheException} (fail closed). Why: a poll is a linearizable read, so a poll that started at
 * time {@code s} and returned everything up to the store's applied index reflects every commit before
 * {@code s}; the cache records the start {@code s} of its last such poll and answers only while
 * {@code now - s <= maxStaleness}. A poll waits at most 500 ms for a change and returns at once when
 * one is applied, so in practice a revocation reaches the cache within milliseconds, and the bound
 * holds as long as the store answers; with the store unreachable the cache stops answering after
 * {@code maxStaleness}. Recommended: 2 s (at least 1 s: one poll cycle can take 500 ms plus a round
 * trip).
 */
public final class IssuanceCache implements AutoCloseable {
  /** How long one poll waits for a change. */
  static final Duration POLL_WAIT = Duration.ofMillis(500);
  /** The most changes one poll takes. */
  static final int POLL_MAX = 1_000;

  private final KvClient client;
  private final long maxStalenessNanos;
  private final int maxIssuers;
  private final LongSupplier nanoClock;
  private final Object lock = new Object();
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final Thread poller;
  private volatile boolean closed;
  /** Every change up to this index has been applied to the entries. Guarded by lock. */
  private long pollIndex;
  /** System.nanoTime() at the start of the last complete poll; guarded by lock. */
  private long freshAsOfNanos;
  private boolean everSynced;

  /** A cached answer and the log index it reflects. */
  private record Entry(Optional<IssuerView> view, long index) {}

  private IssuanceCache(KvClient client, Duration maxStaleness, int maxIssuers, LongSupplier nanoClock) {
    this.client = client;
    this.maxStalenessNanos = maxStaleness.toNanos();
    this.maxIssuers = maxIssuers;
    this.nanoClock = nanoClock;
    this.poller = new Thread(this::pollLoop, "issuance-cache-poller");
    this.poller.setDaemon(true);
  }

  /**
   * Starts a cache on {@code client}: syncs once (waiting at most {@code maxStaleness} for it) and
   * starts the poller thread.
   *
   * @param maxStaleness the freshness bound, at least 1 s
   * @param maxIssuers how many issuers are cached at most, positive
   * @throws IllegalArgumentException if a bound is out of range
   */
  public static IssuanceCache start(KvClient client, Duration maxStaleness, int maxIssuers) {
    Objects.requireNonNull(client, "client");
    if (maxStaleness.compareTo(Duration.ofSeconds(1)) < 0 || maxIssuers < 1) {
      throw new IllegalArgumentException("maxStaleness at least 1 s, maxIssuers positive");
    }
    IssuanceCache cache = new IssuanceCache(client, maxStaleness, maxIssuers, System::nanoTime);
    cache.poller.start();
    cache.awaitFirstSync(maxStaleness);
    return cache;
  }

  private void awaitFirstSync(Duration timeout) {
    long until = nanoClock.getAsLong() + timeout.toNanos();
    synchronized (lock) {
      while (!everSynced && !closed) {
        long left = until - nanoClock.getAsLong();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * The issuer with its keys, or empty if the store has no such issuer; fresh within the bound. A
   * first lookup of an issuer reads the store (linearizable); later ones are answered from memory.
   *
   * @throws StaleCacheException if the cache cannot show it is fresh, or the store could not be read
   *     for a first lookup
   */
  public Optional<IssuerView> issuer(String issuerId) throws StaleCacheException {
    Objects.requireNonNull(issuerId, "issuerId");
    synchronized (lock) {
      checkFresh();
      Entry entry = entries.get(issuerId);
      if (entry != null) {
        return entry.view();
      }
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      AtIndex<Optional<IssuerView>> read;
      try {
        read = client.issuerAt(issuerId);
      } catch (KvUnavailableException e) {
        throw new StaleCacheException("cannot read issuer " + issuerId + " from the store: " + e.getMessage());
      }
      synchronized (lock) {
        Entry cached = entries.get(issuerId);
        if (cached != null) {
          return cached.view();
        }
        if (read.appliedIndex() >= pollIndex) {
          // Changes up to pollIndex were applied before this entry existed; this read already holds
          // them. Later ones with an index up to read.appliedIndex() are skipped for this entry.
          put(issuerId, new Entry(read.value(), read.appliedIndex()));
          return read.value();
        }
      }
    }
    throw new StaleCacheException("issuer " + issuerId + " could not be read at or after the cache's index");
  }

  /** Whether the cache would answer now. */
  public boolean isFresh() {
    synchronized (lock) {
      return everSynced && nanoClock.getAsLong() - freshAsOfNanos <= maxStalenessNanos;
    }
  }

  /** The log index up to which every change is reflected. */
  public long appliedIndex() {
    synchronized (lock) {
      return pollIndex;
    }
  }

  /** How many issuers are cached. */
  public int size() {
    synchronized (lock) {
      return entries.size();
    }
  }

  private void checkFresh() throws StaleCacheException {
    long age = nanoClock.getAsLong() - freshAsOfNanos;
    if (!everSynced || age > maxStalenessNanos) {
      throw new StaleCacheException(everSynced
          ? "last sync with the store started " + TimeUnit.NANOSECONDS.toMillis(age) + " ms ago, over the bound of "
              + TimeUnit.NANOSECONDS.toMillis(maxStalenessNanos) + " ms"
          : "never synced with the store");
    }
  }

  private void put(String issuerId, Entry entry) {
    entries.put(issuerId, entry);
    if (entries.size() > maxIssuers) {
      Iterator<String> eldest = entries.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  private void pollLoop() {
    while (!closed) {
      long since;
      synchronized (lock) {
        since = pollIndex;
      }
      long started = nanoClock.getAsLong();
      ChangeBatch batch;
      try {
        batch = client.changesSince(since, POLL_MAX, POLL_WAIT);
      } catch (KvUnavailableException | RuntimeException e) {
        if (closed) {
          return;
        }
        sleepQuietly(100);
        continue;
      }
      synchronized (lock) {
        if (batch.reset()) {
          entries.clear();
          pollIndex = batch.appliedIndex();
        } else {
          apply(batch.changes());
          pollIndex = Math.max(pollIndex, batch.nextIndex());
        }
        if (batch.nextIndex() == batch.appliedIndex()) {
          freshAsOfNanos = started;
          everSynced = true;
          lock.notifyAll();
        }
      }
    }
  }

  /** Applies changes in log order to the cached entries; the caller holds the lock. */
  private void apply(List<Change> changes) {
    for (Change change : changes) {
      Optional<String> issuerId = change.issuerId();
      if (issuerId.isEmpty() || (change.issuer().isEmpty() && change.key().isEmpty())) {
        continue;
      }
      Entry entry = entries.get(issuerId.get());
      if (entry == null || entry.index() >= change.index()) {
        continue;
      }
      Optional<IssuerView> view = entry.view();
      if (change.issuer().isPresent()) {
        List<KeyRecord> keys = view.map(IssuerView::keys).orElse(List.of());
        view = Optional.of(new IssuerView(change.issuer().get(), keys));
      } else if (view.isPresent()) {
        KeyRecord key = change.key().get();
        List<KeyRecord> keys = new ArrayList<>();
        for (KeyRecord existing : view.get().keys()) {
          if (!existing.keyId().equals(key.keyId())) {
            keys.add(existing);
          }
        }
        keys.add(key);
        view = Optional.of(new IssuerView(view.get().issuer(), keys));
      } else {
        // A key of an issuer the entry says does not exist: cannot happen in log order; reload it.
        entries.remove(issuerId.get());
        continue;
      }
      entries.put(issuerId.get(), new Entry(view, entry.index()));
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the poller; the client stays open (it belongs to the caller). */
  @Override
  public void close() {
    closed = true;
    poller.interrupt();
    synchronized (lock) {
      lock.notifyAll();
    }
    try {
      poller.join(TimeUnit.SECONDS.toMillis(3));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** For tests: the entries' indexes. */
  Map<String, Long> entryIndexes() {
    synchronized (lock) {
      Map<String, Long> indexes = new LinkedHashMap<>();
      entries.forEach((id, entry) -> indexes.put(id, entry.index()));
      return indexes;
    }
  }
}
