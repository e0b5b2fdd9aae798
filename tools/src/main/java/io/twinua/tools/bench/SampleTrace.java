package io.twinua.tools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * What one client received of one variable during a trial: each sample's source time (ms, and the
 * exact OPC UA DateTime ticks for the ground-truth comparison) and when it arrived. Appended from
 * the client's callback thread, read by the benchmark thread.
 */
public final class SampleTrace {

  /** One received sample. */
  public record Received(long sourceTicks, long sourceMillis, long receivedMillis, boolean backfill) {
    long delayMillis() {
      return receivedMillis - sourceMillis;
    }
  }

  private final List<Received> samples = new ArrayList<>();

  public synchronized void add(long sourceTicks, long sourceMillis, long receivedMillis, boolean backfill) {
    samples.add(new Received(sourceTicks, sourceMillis, receivedMillis, backfill));
  }

  public synchronized List<Received> all() {
    return List.copyOf(samples);
  }

  public synchronized boolean isEmpty() {
    return samples.isEmpty();
  }

  /** The largest receivedAt - sourceTime of the samples with a source time in [from, to]. */
  OptionalLong worstDelay(long fromMillis, long toMillis) {
    return matching(r -> r.sourceMillis() >= fromMillis && r.sourceMillis() <= toMillis).stream()
        .mapToLong(Received::delayMillis).max();
  }

  /** When the first sample produced after {@code millis} arrived. */
  OptionalLong firstArrivalOfSourceAfter(long millis) {
    return matching(r -> r.sourceMillis() > millis).stream().mapToLong(Received::receivedMillis).min();
  }

  /** True once a sample with a source time at or after {@code millis} arrived. */
  public boolean hasSourceAtOrAfter(long millis) {
    return !matching(r -> r.sourceMillis() >= millis).isEmpty();
  }

  synchronized List<Received> matching(Predicate<Received> which) {
    return samples.stream().filter(which).toList();
  }
}
