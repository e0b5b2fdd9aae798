package io.twinua.tools.bench;

import java.util.List;

/** Order statistics of a set of measured durations in milliseconds; percentiles by nearest rank. */
record Spread(long p50, long p99, long min, long max, int count) {

  static Spread of(List<Long> millis) {
    if (millis.isEmpty()) {
      throw new IllegalArgumentException("no measurements");
    }
    long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Spread(nearestRank(sorted, 50), nearestRank(sorted, 99), sorted[0], sorted[sorted.length - 1],
        sorted.length);
  }

  /** The smallest value with at least {@code percent} % of the values at or below it. */
  static long nearestRank(long[] sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }
}
