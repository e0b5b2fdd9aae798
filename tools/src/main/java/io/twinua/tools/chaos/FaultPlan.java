package io.twinua.tools.chaos;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The faults of a run, drawn from one seeded {@link Random} before the run starts: the same seed
 * (and the same kinds) gives the same faults in the same order, so a broken cycle is replayed with
 * its seed and number.
 */
final class FaultPlan {

  static final long MIN_DURATION_MS = 1_000;
  /** A clock step moves a station's clock by this much at least, either way... */
  static final long MIN_STEP_MS = 2_000;
  /** ...and at most by this much. */
  static final long MAX_STEP_MS = 30_000;
  private static final List<String> AS = List.of("AS1", "AS2");

  private FaultPlan() {}

  /** {@code cycles} faults of every kind, each lasting MIN_DURATION_MS..maxDurationMs. */
  static List<Fault> of(long seed, int cycles, long maxDurationMs) {
    return of(seed, cycles, maxDurationMs, EnumSet.allOf(FaultKind.class));
  }

  /** {@code cycles} faults of the given kinds (e.g. {@code --only disk-full}). */
  static List<Fault> of(long seed, int cycles, long maxDurationMs, Set<FaultKind> only) {
    Random random = new Random(seed);
    FaultKind[] kinds = EnumSet.copyOf(only).toArray(FaultKind[]::new);
    List<Fault> plan = new ArrayList<>();
    for (int cycle = 1; cycle <= cycles; cycle++) {
      FaultKind kind = kinds[random.nextInt(kinds.length)];
      String station = random.nextBoolean() ? "A" : "B";
      String as = AS.get(random.nextInt(AS.size()));
      long duration = MIN_DURATION_MS + (long) (random.nextDouble() * (maxDurationMs - MIN_DURATION_MS));
      long step = (MIN_STEP_MS + (long) (random.nextDouble() * (MAX_STEP_MS - MIN_STEP_MS)))
          * (random.nextBoolean() ? 1 : -1);
      // draws are made for every kind alike, so a plan's prefix does not depend on what follows
      plan.add(new Fault(cycle, kind, kind.oneStation() ? station : null, kind == FaultKind.AS_CUT ? as : null,
          duration, kind == FaultKind.CLOCK_STEP ? step : 0));
    }
    return plan;
  }
}
