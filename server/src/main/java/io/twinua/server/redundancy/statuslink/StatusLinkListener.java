package io.twinua.server.redundancy.statuslink;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.LinkState;
import java.time.Instant;

/**
 * Told what a status link hears. Called on the link's own executor thread, one call at a time and
 * in order, never on an I/O thread; a slow listener delays this link's later callbacks only. For a
 * frame that brings a DOWN link UP, {@link #onHeartbeat} comes first, then {@link #onLinkState}, so
 * a listener that sees UP already knows the partner's latest heartbeat.
 */
public interface StatusLinkListener {

  /** A valid heartbeat from the configured partner station. */
  void onHeartbeat(Heartbeat heartbeat, Instant receivedAt);

  /** The link went UP (first valid frame after DOWN) or DOWN (no valid frame for the timeout). */
  void onLinkState(LinkState state, String reason);
}
