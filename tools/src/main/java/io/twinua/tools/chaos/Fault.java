package io.twinua.tools.chaos;

/**
 * One planned fault.
 *
 * @param cycle 1-based cycle number
 * @param kind what is done
 * @param station "A" or "B" for a one-station fault, else null
 * @param as the automation station of an {@link FaultKind#AS_CUT}, else null
 * @param durationMs how long the fault lasts before it heals
 */
record Fault(int cycle, FaultKind kind, String station, String as, long durationMs) {

  /** E.g. "kill -9 of STATION-A for 2300 ms". */
  String describe() {
    String where = switch (kind) {
      case KILL -> " of STATION-" + station;
      case AS_CUT -> " STATION-" + station + " to " + as;
      default -> "";
    };
    return kind.label + where + " for " + durationMs + " ms";
  }
}
