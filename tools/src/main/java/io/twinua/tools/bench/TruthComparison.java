package io.twinua.tools.bench;

import io.twinua.tools.plcsim.TruthValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client's samples of one tag against the PLC simulator's ground truth over a window of source
 * times: values the PLC produced that the client never got, and values it got more than once.
 *
 * @param compared PLC values in the window
 * @param missing of those, never delivered
 * @param duplicated deliveries beyond the first of one source time
 * @param missingTicks source times (DateTime ticks) of the missing values
 */
public record TruthComparison(int compared, int missing, int duplicated, List<Long> missingTicks) {

  public TruthComparison {
    missingTicks = List.copyOf(missingTicks);
  }

  public static TruthComparison none() {
    return new TruthComparison(0, 0, 0, List.of());
  }

  public static TruthComparison of(List<TruthValue> truth, List<Long> receivedTicks, long fromTicks, long toTicks) {
    Map<Long, Integer> times = new HashMap<>();
    for (long t : receivedTicks) {
      if (t >= fromTicks && t <= toTicks) {
        times.merge(t, 1, Integer::sum);
      }
    }
    Set<Long> produced = new HashSet<>();
    List<Long> missing = new ArrayList<>();
    for (TruthValue v : truth) {
      if (v.sourceTicks() >= fromTicks && v.sourceTicks() <= toTicks && produced.add(v.sourceTicks())
          && !times.containsKey(v.sourceTicks())) {
        missing.add(v.sourceTicks());
      }
    }
    int duplicated = times.values().stream().mapToInt(n -> n - 1).sum();
    return new TruthComparison(produced.size(), missing.size(), duplicated, missing);
  }

  public TruthComparison plus(TruthComparison o) {
    List<Long> ticks = new ArrayList<>(missingTicks);
    ticks.addAll(o.missingTicks);
    return new TruthComparison(compared + o.compared, missing + o.missing, duplicated + o.duplicated, ticks);
  }
}
