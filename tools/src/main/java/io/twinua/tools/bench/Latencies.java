package io.twinua.tools.bench;

import java.util.Arrays;

/** Latencies recorded from any thread; percentiles once recording is over. */
final class Latencies {

  private long[] nanos = new long[1024];
  private int size;

  synchronized void add(long latencyNanos) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = latencyNanos;
  }

  synchronized int count() {
    return size;
  }

  /** The {@code p}-th percentile (0 < p <= 100, nearest rank) in milliseconds; 0 when empty. */
  synchronized double percentileMs(double p) {
    if (size == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(nanos, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size, rank) - 1)] / 1e6;
  }

  double maxMs() {
    return percentileMs(100);
  }
}
