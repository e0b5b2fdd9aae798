package io.twinua.server.redundancy.partner;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.LinkState;
import java.time.Instant;

/**
 * What the partner link reports, on the executor given to {@link PartnerLink}, one call at a time
 * and in order. A fresh heartbeat is reported before the UP it causes, so a listener that sees UP
 * already has the partner's latest heartbeat.
 */
public interface PartnerLinkListener {

  /** A heartbeat whose sequence differs from the previous one (stale repeats are not reported). */
  void onHeartbeat(Heartbeat heartbeat, Instant receivedAt);

  /** The link went UP or DOWN; {@code reason} says why (e.g. "no new heartbeat for 600 ms"). */
  void onLinkState(LinkState state, String reason);
}
