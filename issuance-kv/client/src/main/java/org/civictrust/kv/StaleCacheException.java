package org.civictrust.kv;

/**
 * An {@link IssuanceCache} refused to answer because it cannot show that it is fresh: its last
 * successful sync with the store started longer ago than its staleness bound. The policy gate must
 * fail closed (not issue) on it.
 */
public final class StaleCacheException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception saying how stale the cache is. */
  public StaleCacheException(String message) {
    super(message);
  }
}
