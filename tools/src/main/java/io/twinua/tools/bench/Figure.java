package io.twinua.tools.bench;

import java.util.Objects;

/**
 * One measured figure of a benchmark, as {@code bench all} reports it: the absolute value, the
 * baseline measured in the same run (if the figure has one), and the goal it is held to (if any).
 *
 * @param name what was measured
 * @param value the value; NaN when the thing measured did not happen (e.g. no data after a fault)
 * @param unit the value's unit
 * @param baselineName what the baseline is; empty when the figure has none
 * @param baseline the baseline's value in the same unit; NaN when none
 * @param goal the goal in words; empty when the figure has none
 * @param met whether the goal was met; false when there is no goal
 */
public record Figure(String name, double value, String unit, String baselineName, double baseline, String goal,
    boolean met) {

  public Figure {
    Objects.requireNonNull(name);
    Objects.requireNonNull(unit);
    Objects.requireNonNull(baselineName);
    Objects.requireNonNull(goal);
  }

  /** A figure without baseline or goal. */
  public static Figure of(String name, double value, String unit) {
    return new Figure(name, value, unit, "", Double.NaN, "", false);
  }

  /** This figure compared with {@code value} of {@code name}, measured in the same run. */
  public Figure against(String name, double value) {
    return new Figure(this.name, this.value, unit, name, value, goal, met);
  }

  /** This figure held to {@code goal}, which it met or not. */
  public Figure goal(String goal, boolean met) {
    return new Figure(name, value, unit, baselineName, baseline, goal, met);
  }

  public boolean hasBaseline() {
    return !baselineName.isEmpty();
  }

  public boolean hasGoal() {
    return !goal.isEmpty();
  }

  /** value / baseline; NaN without a baseline or when either side is missing or the baseline is 0. */
  public double ratio() {
    return hasBaseline() && baseline != 0 ? value / baseline : Double.NaN;
  }
}
