package io.twinua.server.redundancy.statuslink;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.LinkState;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a link reports, with the arrival time and thread of each callback. */
final class StatusLinkRecorder implements StatusLinkListener {

  record Change(LinkState state, String reason, long atNanos, String thread) {}

  record Received(Heartbeat heartbeat, Instant receivedAt, long atNanos, String thread) {}

  final List<Received> heartbeats = new CopyOnWriteArrayList<>();
  final List<Change> changes = new CopyOnWriteArrayList<>();

  @Override
  public void onHeartbeat(Heartbeat heartbeat, Instant receivedAt) {
    heartbeats.add(new Received(heartbeat, receivedAt, System.nanoTime(), Thread.currentThread().getName()));
  }

  @Override
  public void onLinkState(LinkState state, String reason) {
    changes.add(new Change(state, reason, System.nanoTime(), Thread.currentThread().getName()));
  }

  long heartbeatsFrom(String station) {
    return heartbeats.stream().filter(r -> r.heartbeat().station().equals(station)).count();
  }

  Received lastHeartbeat() {
    return heartbeats.get(heartbeats.size() - 1);
  }

  Change lastChange() {
    return changes.isEmpty() ? null : changes.get(changes.size() - 1);
  }

  boolean lastChangeIs(LinkState state) {
    Change c = lastChange();
    return c != null && c.state() == state;
  }
}
