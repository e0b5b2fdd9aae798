package io.twinua.server.redundancy;

/** The answer to an operator's {@code @RM_MASTER} write. */
public record SwitchResult(boolean accepted, String reason) {

  public static SwitchResult accepted(String reason) {
    return new SwitchResult(true, reason);
  }

  public static SwitchResult refused(String reason) {
    return new SwitchResult(false, reason);
  }
}
