package io.twinua.switcher;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Exactly once, in order: per node, only a sample with a source time later than the last one
 * delivered passes. Live values, history backfill and a second subscription may all offer the
 * same sample; the first wins. (The dedup key: node and source time.)
 */
final class SampleGate {

  private final Map<String, Long> lastUtc = new HashMap<>();

  /** True (and remembered) if {@code utcTime} (DateTime ticks) is later than the last passed. */
  boolean pass(String node, long utcTime) {
    Long last = lastUtc.get(node);
    if (last != null && utcTime <= last) {
      return false;
    }
    lastUtc.put(node, utcTime);
    return true;
  }

  /** The source time of the last sample passed for {@code node}, in DateTime ticks. */
  Optional<Long> last(String node) {
    return Optional.ofNullable(lastUtc.get(node));
  }
}
