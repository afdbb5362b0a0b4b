package org.civictrust.kv;

import java.util.List;

/**
 * An answer of the change stream ({@link KvClient#changesSince}): the changes applied after the index
 * asked for, in log order.
 *
 * @param reset true if the peer that answered no longer holds (or never held) every change after the
 *     index asked for (it keeps the latest changes in memory only, and not across restarts or snapshot
 *     installs): the consumer must drop what it derived and reload; {@code changes} is then empty
 * @param changes the changes, in index order (several may share an index: one command, several records)
 * @param nextIndex the index to ask from next time: every change up to it is in this or an earlier
 *     batch
 * @param appliedIndex the answering peer's last applied index when it answered
 */
public record ChangeBatch(boolean reset, List<Change> changes, long nextIndex, long appliedIndex) {
  /**
   * Validates the batch.
   *
   * @throws IllegalArgumentException if the indexes are out of order
   */
  public ChangeBatch {
    changes = List.copyOf(changes);
    if (nextIndex < 0 || appliedIndex < nextIndex || (reset && !changes.isEmpty())) {
      throw new IllegalArgumentException("inconsistent change batch");
    }
    long previous = 0;
    for (Change change : changes) {
      if (change.index() < previous || change.index() > nextIndex) {
        throw new IllegalArgumentException("changes out of order");
      }
      previous = change.index();
    }
  }
}
