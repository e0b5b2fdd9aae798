package io.twinua.server.station;

import io.twinua.server.archive.Ticks;
import io.twinua.server.redundancy.uanodes.SystemTags;
import io.twinua.server.sync.GapSync;
import io.twinua.server.sync.GapWindow;
import io.twinua.server.sync.SyncReport;
import java.util.Optional;

/**
 * Shows the gap resync's state in the {@code @} system tags ({@code @RM_SyncPending}, {@code
 * @RM_SyncedUpTo}, {@code @RM_LastSync}) whenever it changes: redundancy does not know the sync,
 * the station joins them.
 */
public final class SyncStateTags {

  private final GapSync sync;
  private final SystemTags tags;

  private SyncStateTags(GapSync sync, SystemTags tags) {
    this.sync = sync;
    this.tags = tags;
  }

  /** Shows the current state and follows every change. */
  public static void follow(GapSync sync, SystemTags tags) {
    SyncStateTags shown = new SyncStateTags(sync, tags);
    sync.onChange(shown::show);
    shown.show();
  }

  // called from the sync's threads; one at a time, and each reads the state anew, so the last shown is the latest
  private synchronized void show() {
    tags.showSyncState(sync.pending().stream().mapToLong(GapWindow::fromTicks).min().stream()
        .mapToObj(Ticks::toInstant).findFirst());
    sync.lastReport().map(SyncReport::toString).ifPresent(tags::showLastSync);
  }
}
