package io.twinua.server.redundancy.partner;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.LinkState;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a partner link reports, with the monotonic time of each report. */
final class PartnerLinkRecorder implements PartnerLinkListener {

  record StateChange(LinkState state, String reason, long atNanos) {}

  final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
  final List<StateChange> states = new CopyOnWriteArrayList<>();

  @Override
  public void onHeartbeat(Heartbeat heartbeat, Instant receivedAt) {
    heartbeats.add(heartbeat);
  }

  @Override
  public void onLinkState(LinkState state, String reason) {
    states.add(new StateChange(state, reason, System.nanoTime()));
  }

  /** The first change to {@code state} at or after {@code sinceNanos}, if any. */
  StateChange firstAfter(LinkState state, long sinceNanos) {
    return states.stream()
        .filter(c -> c.state() == state && c.atNanos() >= sinceNanos)
        .findFirst()
        .orElse(null);
  }

  boolean wasEver(LinkState state) {
    return states.stream().anyMatch(c -> c.state() == state);
  }
}
