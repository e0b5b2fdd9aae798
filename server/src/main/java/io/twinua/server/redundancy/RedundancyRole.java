package io.twinua.server.redundancy;

/** A station's role in the pair; the code is the value of the {@code @RedundantServerState} tag. */
public enum RedundancyRole {
  UNDEFINED(0),
  MASTER(1),
  STANDBY(2),
  FAULT(3),
  STANDALONE(4);

  private final int code;

  RedundancyRole(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static RedundancyRole ofCode(int code) {
    for (RedundancyRole r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    throw new IllegalArgumentException("no redundancy role with code " + code);
  }
}
