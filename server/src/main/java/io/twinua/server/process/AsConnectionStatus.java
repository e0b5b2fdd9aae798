package io.twinua.server.process;

import java.time.Instant;

/**
 * Health of one connection from this station to one automation station (AS). The redundancy
 * manager compares how many of these are defective on each station of the pair.
 */
public record AsConnectionStatus(String as, State state, Instant since, String reason) {

  public enum State {
    /** Not yet tried (station starting up). Counts as defective for redundancy decisions. */
    CONNECTING,
    GOOD,
    DEFECTIVE
  }

  public boolean isGood() {
    return state == State.GOOD;
  }
}
