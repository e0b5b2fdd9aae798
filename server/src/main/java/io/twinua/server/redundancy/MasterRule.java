package io.twinua.server.redundancy;

/**
 * The documented rule that picks one Master when both stations claim it (after the links heal)
 * or both wait as Standby. Both stations apply it to the same two heartbeats, so they agree
 * without a further exchange. Steps, first difference decides:
 * <ol>
 *   <li>fewer defective AS connections wins;</li>
 *   <li>else the one that has been Master longer (earlier {@code masterSinceMillis}; 0, i.e. not
 *       Master, counts as latest) wins;</li>
 *   <li>else the default master wins;</li>
 *   <li>else the lexically smaller station name wins.</li>
 * </ol>
 * At start-up (both UNDEFINED) only steps 3 and 4 apply: AS connections are not up yet.
 */
public final class MasterRule {

  /**
   * @param localWins true if the station that asks should be (or stay) Master
   * @param step the rule step that decided (1..4; 0 for an operator request)
   */
  public record Verdict(boolean localWins, int step, String reason) {}

  private MasterRule() {}

  public static Verdict decide(Heartbeat local, Heartbeat partner) {
    if (local.defectiveAs() != partner.defectiveAs()) {
      boolean win = local.defectiveAs() < partner.defectiveAs();
      Heartbeat w = win ? local : partner;
      Heartbeat l = win ? partner : local;
      return new Verdict(win, 1, w.station() + " has fewer defective AS connections (" + w.defectiveAs()
          + " < " + l.defectiveAs() + ")");
    }
    long mine = since(local);
    long theirs = since(partner);
    if (mine != theirs) {
      boolean win = mine < theirs;
      return new Verdict(win, 2, (win ? local : partner).station() + " has been Master longer (since "
          + (win ? mine : theirs) + " ms)");
    }
    return byDefaultThenName(local, partner);
  }

  /** Simultaneous start: the default master, else the smaller name. */
  public static Verdict atStartup(Heartbeat local, Heartbeat partner) {
    return byDefaultThenName(local, partner);
  }

  private static Verdict byDefaultThenName(Heartbeat local, Heartbeat partner) {
    if (local.defaultMaster() != partner.defaultMaster()) {
      boolean win = local.defaultMaster();
      return new Verdict(win, 3, (win ? local : partner).station() + " is the default master");
    }
    boolean win = local.station().compareTo(partner.station()) < 0;
    return new Verdict(win, 4, (win ? local : partner).station() + " has the smaller station name");
  }

  private static long since(Heartbeat h) {
    return h.masterSinceMillis() > 0 ? h.masterSinceMillis() : Long.MAX_VALUE;
  }
}
