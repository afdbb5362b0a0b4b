package org.civictrust.schemas.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A thread-safe map that keeps at most {@code capacity} entries, forgetting the least recently used
 * one first, so that keys chosen by untrusted input (schema ids read from records) cannot grow it
 * without bound. For {@code org.civictrust.schemas} only.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class BoundedCache<K, V> {
  private final Map<K, V> entries;

  /** An empty cache; requires {@code capacity >= 1}. */
  public BoundedCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + " < 1");
    }
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The value cached for {@code key}, or null. */
  public synchronized V get(K key) {
    return entries.get(Objects.requireNonNull(key, "key"));
  }

  /** Caches {@code value} for {@code key}, forgetting the least recently used entry if full. */
  public synchronized void put(K key, V value) {
    entries.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  /** How many entries are cached. */
  public synchronized int size() {
    return entries.size();
  }
}
