package io.twinua.server.station;

import io.twinua.server.archive.Ticks;
import io.twinua.server.redundancy.uanodes.SystemTags;
import io.twinua.server.sync.DigestCompare;
import io.twinua.server.sync.GapSync;
import io.twinua.server.sync.GapWindow;
import io.twinua.server.sync.SyncReport;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Shows the gap resync's state in the {@code @} system tags ({@code @RM_SyncPending}, {@code
 * @RM_SyncedUpTo}, {@code @RM_LastSync}) whenever it changes: redundancy does not know the sync,
 * the station joins them. Where a digest compare ran, "in sync up to" is also its finding: a bucket
 * it left differing holds the tag back as a pending gap window does (the earlier of the two wins).
 */
public final class SyncStateTags {

  private final GapSync sync;
  private final SystemTags tags;
  private volatile DigestCompare compare;

  private SyncStateTags(GapSync sync, SystemTags tags) {
    this.sync = sync;
    this.tags = tags;
  }

  /** Shows the current state and follows every change. */
  public static SyncStateTags follow(GapSync sync, SystemTags tags) {
    SyncStateTags shown = new SyncStateTags(sync, tags);
    sync.onChange(shown::show);
    shown.show();
    return shown;
  }

  /** Also follows the findings of {@code compare}, the digest compare next to the sync. */
  public void follow(DigestCompare compare) {
    this.compare = compare;
    compare.onChange(this::show);
    show();
  }

  // called from the sync's threads; one at a time, and each reads the state anew, so the last shown is the latest
  private synchronized void show() {
    Optional<Instant> pending = sync.pending().stream().mapToLong(GapWindow::fromTicks).min().stream()
        .mapToObj(Ticks::toInstant).findFirst();
    DigestCompare c = compare;
    Optional<Instant> differs = c == null ? Optional.empty() : c.differsFrom();
    // the report first: a client that reads "no sync pending" then finds the sync's report
    sync.lastReport().map(SyncReport::toString).ifPresent(tags::showLastSync);
    tags.showSyncState(Stream.of(pending, differs).flatMap(Optional::stream).min(Instant::compareTo));
  }
}
