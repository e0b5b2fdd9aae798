package io.twinua.tools.bench;

import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.pairlab.LoopbackPair.Station;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The roles of a {@link LoopbackPair} as viewers ({@link RoleClient}, one per station) read them:
 * who is Master, waiting for Master/Standby with the terminal bus up, connecting a viewer to a
 * station that is still starting. Shared by the benchmarks that kill stations.
 */
public final class PairRoles {

  private static final Duration SETTLE_POLL = Duration.ofMillis(100);
  /** A station process starting on a busy machine, or a partner link reconnecting with back-off. */
  public static final Duration WAIT = Duration.ofSeconds(120);

  private PairRoles() {}

  /** The one station that reads Master; fails if there is not exactly one. */
  public static Station theMaster(LoopbackPair pair, Map<Station, RoleClient> clients) {
    List<Station> masters = pair.stations().stream().filter(s -> clients.get(s).role() == RoleClient.MASTER).toList();
    if (masters.size() != 1) {
      throw new IllegalStateException("expected one Master, found " + masters.stream().map(Station::name).toList());
    }
    return masters.get(0);
  }

  /**
   * Waits until one station is Master ({@code master} if given) and the other Standby, and each
   * station's last terminal-bus line since {@code sinceMillis} says UP.
   */
  public static void awaitMasterStandby(LoopbackPair pair, Map<Station, RoleClient> clients, Station master,
      long sinceMillis) throws Exception {
    String what = (master == null ? "one Master" : master.name() + " Master") + ", the other Standby, terminal bus UP both ways";
    Polling.until(what, WAIT, SETTLE_POLL, () -> {
      for (Station s : pair.stations()) {
        requireAlive(s);
        if (!StationLogs.lastSinceSays(s.stationLog(), "terminal bus to " + pair.partnerOf(s).name() + ": ", "UP",
            sinceMillis)) {
          return false;
        }
      }
      Station m = master;
      if (m == null) {
        List<Station> masters =
            pair.stations().stream().filter(s -> clients.get(s).role() == RoleClient.MASTER).toList();
        if (masters.size() != 1) {
          return false;
        }
        m = masters.get(0);
      }
      return clients.get(m).role() == RoleClient.MASTER && clients.get(pair.partnerOf(m)).role() == RoleClient.STANDBY;
    });
  }

  /** Connects a viewer as soon as the (starting) station answers. */
  public static RoleClient connectWhenUp(Station s) throws Exception {
    RoleClient[] client = {null};
    Polling.until(s.name() + " answering at " + s.endpointUrl(), WAIT, SETTLE_POLL, () -> {
      requireAlive(s);
      try {
        client[0] = RoleClient.connect(s.endpointUrl(), s.pkiDir(), LoopbackPair.PLANT_NS);
        return true;
      } catch (Exception e) {
        return false; // still starting
      }
    });
    return client[0];
  }

  public static void requireAlive(Station s) {
    if (!s.process().isAlive()) {
      // the console's end says why (a port taken, a bad file, a crash): the data dir may be gone after the run
      throw new IllegalStateException("station process " + s.name() + " ended; its console ends with:\n"
          + s.process().outputTail(15));
    }
  }
}
