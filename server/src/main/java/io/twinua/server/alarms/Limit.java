package io.twinua.server.alarms;

/**
 * The limit a limit alarm is in: the states of the ExclusiveLimitStateMachineType (Part 9 §5.8.18).
 * A condition that is not active has no limit (null), never a "normal" constant.
 */
public enum Limit {
  HIGH_HIGH("HighHigh", true, 2),
  HIGH("High", true, 1),
  LOW("Low", false, 1),
  LOW_LOW("LowLow", false, 2);

  private final String browseName;
  private final boolean highSide;
  private final int rank;

  Limit(String browseName, boolean highSide, int rank) {
    this.browseName = browseName;
    this.highSide = highSide;
    this.rank = rank;
  }

  /** The state's browse name in the ExclusiveLimitStateMachineType ("HighHigh", "High", ...). */
  public String browseName() {
    return browseName;
  }

  /**
   * Moving from {@code from} to this limit is a new, worse violation: HIGH to HIGH_HIGH, LOW to
   * LOW_LOW, or a jump to the other side. Operators must acknowledge it again.
   */
  public boolean escalates(Limit from) {
    return from == null || highSide != from.highSide || rank > from.rank;
  }
}
