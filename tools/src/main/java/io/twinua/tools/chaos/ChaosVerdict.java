package io.twinua.tools.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinua.tools.bench.TruthComparison;
import java.util.ArrayList;
import java.util.List;

/**
 * What a chaos run found: the invariant counters of the {@code --json} line and one failure text
 * per breach, each naming the cycle and fault so that {@code --seed S --cycles N} replays it.
 */
final class ChaosVerdict {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final long seed;
  private int cycles;
  private int lost;
  private int duplicated;
  private int doubleMasters;
  private int clientGaps;
  private final List<String> leaks = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  ChaosVerdict(long seed) {
    this.seed = seed;
  }

  void cycleDone(int cycle) {
    cycles = Math.max(cycles, cycle);
  }

  /** An archive against the PLC truth: values missing count as lost, extra copies as duplicated. */
  void archive(Fault fault, String what, TruthComparison c) {
    lost += c.missing();
    duplicated += c.duplicated();
    if (c.missing() > 0 || c.duplicated() > 0) {
      fail(fault, what + ": " + c.missing() + " of " + c.compared() + " PLC values lost, " + c.duplicated()
          + " duplicated" + firstTicks(c));
    }
  }

  /** A subscriber against the PLC truth: every value missing or delivered twice is a gap. */
  void subscriber(Fault fault, String what, TruthComparison c) {
    clientGaps += c.missing() + c.duplicated();
    if (c.missing() > 0 || c.duplicated() > 0) {
      fail(fault, what + ": " + c.missing() + " of " + c.compared() + " samples never received, " + c.duplicated()
          + " received twice" + firstTicks(c));
    }
  }

  void doubleMaster(Fault fault, String detail) {
    doubleMasters++;
    fail(fault, "two Masters: " + detail);
  }

  void leak(String detail) {
    leaks.add(detail);
  }

  /** A breach, or the pair not coming back to Master/Standby in time during {@code fault}. */
  void fail(Fault fault, String detail) {
    failures.add(fault == null ? "before the first fault (seed " + seed + "): " + detail
        : "cycle " + fault.cycle() + " (" + fault.describe() + "; replay: --seed " + seed + " --cycles " + fault.cycle()
            + "): " + detail);
  }

  int cycles() {
    return cycles;
  }

  /** The harness itself failed (no pair, an archive unreadable): the run proves nothing. */
  void harness(String detail) {
    failures.add("harness (seed " + seed + ", after cycle " + cycles + "): " + detail);
  }

  boolean broken() {
    return lost > 0 || duplicated > 0 || doubleMasters > 0 || clientGaps > 0 || !leaks.isEmpty() || !failures.isEmpty();
  }

  int exitCode() {
    return broken() ? 1 : 0;
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  List<String> leaks() {
    return List.copyOf(leaks);
  }

  /** The one-line summary, keys in the documented order. */
  String json() {
    ObjectNode o = JSON.createObjectNode();
    o.put("cycles", cycles);
    o.put("seed", seed);
    o.put("lost", lost);
    o.put("duplicated", duplicated);
    o.put("doubleMasters", doubleMasters);
    o.put("clientGaps", clientGaps);
    leaks.forEach(o.putArray("leaks")::add);
    failures.forEach(o.putArray("failures")::add);
    return o.toString();
  }

  private static String firstTicks(TruthComparison c) {
    return c.missingTicks().isEmpty() ? "" : " (first missing source ticks " + c.missingTicks().get(0) + ")";
  }
}
