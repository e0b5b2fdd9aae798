package io.twinua.server.redundancy.statuslink;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.RedundancyRole;

/** Test heartbeats. */
final class Heartbeats {

  private Heartbeats() {}

  static Heartbeat of(String station, long sequence) {
    return new Heartbeat(station, RedundancyRole.MASTER, 3, 1_700_000_000_000L, 1, 4, true, true,
        Heartbeat.Request.NONE, "0123456789abcdef", sequence, System.currentTimeMillis());
  }
}
