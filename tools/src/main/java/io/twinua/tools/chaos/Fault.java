package io.twinua.tools.chaos;

/**
 * One planned fault.
 *
 * @param cycle 1-based cycle number
 * @param kind what is done
 * @param station "A" or "B" for a one-station fault, else null
 * @param as the automation station of an {@link FaultKind#AS_CUT}, else null
 * @param durationMs how long the fault lasts before it heals
 * @param stepMs how far a {@link FaultKind#CLOCK_STEP} moves the station's clock (either sign), else 0
 */
record Fault(int cycle, FaultKind kind, String station, String as, long durationMs, long stepMs) {

  Fault(int cycle, FaultKind kind, String station, String as, long durationMs) {
    this(cycle, kind, station, as, durationMs, 0);
  }

  /** E.g. "kill -9 of STATION-A for 2300 ms". */
  String describe() {
    String where = switch (kind) {
      case KILL, DISK_FULL -> " of STATION-" + station;
      case AS_CUT -> " STATION-" + station + " to " + as;
      case CLOCK_STEP -> " of STATION-" + station + " by " + (stepMs > 0 ? "+" : "") + stepMs + " ms";
      default -> "";
    };
    return kind.label + where + " for " + durationMs + " ms";
  }
}
