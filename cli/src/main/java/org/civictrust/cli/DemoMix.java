package org.civictrust.cli;

import java.security.SecureRandom;
import java.util.List;
import org.civictrust.platform.DemoRequests;

/**
 * The demo requests of {@code issue --demo} and {@code demo}: {@link DemoRequests#mix} with about one
 * bad request in {@value #BAD_EVERY}, each of a kind the pipeline must reject.
 */
final class DemoMix {
  /** About one demo request in this many is bad. */
  static final int BAD_EVERY = 20;

  private DemoMix() {}

  /** {@code count} demo requests made now, with a random seed. */
  static List<DemoRequests.Request> now(int count) {
    return DemoRequests.mix(count, BAD_EVERY, System.currentTimeMillis(), new SecureRandom().nextLong());
  }
}
