package io.twinua.tools.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The faults of a run, drawn from one seeded {@link Random} before the run starts: the same seed
 * gives the same faults in the same order, so a broken cycle is replayed with its seed and number.
 */
final class FaultPlan {

  static final long MIN_DURATION_MS = 1_000;
  private static final List<String> AS = List.of("AS1", "AS2");

  private FaultPlan() {}

  /** {@code cycles} faults, each lasting MIN_DURATION_MS..maxDurationMs. */
  static List<Fault> of(long seed, int cycles, long maxDurationMs) {
    Random random = new Random(seed);
    FaultKind[] kinds = FaultKind.values();
    List<Fault> plan = new ArrayList<>();
    for (int cycle = 1; cycle <= cycles; cycle++) {
      FaultKind kind = kinds[random.nextInt(kinds.length)];
      String station = random.nextBoolean() ? "A" : "B";
      String as = AS.get(random.nextInt(AS.size()));
      long duration = MIN_DURATION_MS + (long) (random.nextDouble() * (maxDurationMs - MIN_DURATION_MS));
      // draws are made for every kind alike, so a plan's prefix does not depend on what follows
      plan.add(new Fault(cycle, kind, kind.oneStation() ? station : null, kind == FaultKind.AS_CUT ? as : null,
          duration));
    }
    return plan;
  }
}
