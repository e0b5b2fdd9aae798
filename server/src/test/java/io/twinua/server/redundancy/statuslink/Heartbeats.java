package io.twinua.server.redundancy.statuslink;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.RedundancyRole;
import io.twinua.server.redundancy.RedundancySettings;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Test heartbeats. */
final class Heartbeats {

  /** The product's link timeout: the links run on what a station without the key runs. */
  static final long TIMEOUT_MS = RedundancySettings.DEFAULT.linkTimeoutMs();

  private Heartbeats() {}

  static Heartbeat of(String station, long sequence) {
    return new Heartbeat(station, RedundancyRole.MASTER, 3, 1_700_000_000_000L, 1, 4, true, true,
        false, Heartbeat.Request.NONE, "0123456789abcdef", sequence, System.currentTimeMillis());
  }

  /**
   * Sends {@code station}'s heartbeat on {@code link} once per heartbeat period, as the station's
   * redundancy manager does; cancel the returned task to make the station fall silent.
   */
  static ScheduledFuture<?> every(ScheduledExecutorService scheduler, String station, StatusLink link) {
    AtomicLong sequence = new AtomicLong();
    return scheduler.scheduleAtFixedRate(() -> link.send(of(station, sequence.incrementAndGet())), 0,
        RedundancySettings.HEARTBEAT_PERIOD_MS, TimeUnit.MILLISECONDS);
  }
}
