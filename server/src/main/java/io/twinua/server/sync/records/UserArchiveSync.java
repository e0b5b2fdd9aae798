package io.twinua.server.sync.records;

import io.twinua.server.archive.ArchiveException;
import io.twinua.server.archive.UserArchive;
import io.twinua.server.archive.UserArchives;
import io.twinua.server.archive.UserRecord;
import io.twinua.server.health.Pulse;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.messages.SystemMessages;
import io.twinua.server.redundancy.partner.PartnerLinkListener;
import io.twinua.server.sync.GapSync;
import io.twinua.server.sync.SyncException;
import io.twinua.server.sync.SyncSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the project's synchronised user archives equal on both stations.
 *
 * <p>Online: a local change ({@link #changes()}, from the recipe methods) is pushed to the partner
 * at once with its {@code @RM_ApplyUserRecords}. Pushing, not "notify and let the partner pull":
 * one round trip instead of two, and the answer tells this station exactly when the partner has
 * stored the change, which is when {@code @RM_UA_ONL_<archive>} may go back to 0. The queue is one
 * mark per archive, the oldest change the partner has not confirmed (kept in {@link
 * UserArchivePoints}); a push sends the archive's changes from that mark, so the queue is bounded
 * by the number of archives whatever the burst, and nothing is dropped: the records themselves
 * wait in the archive. While the partner is away the mark stays and the flag stays 1.
 *
 * <p>On return (every partner link UP, the first one after start included): for each archive,
 * pulls the partner's changes since the last pulled point with its {@code @RM_UserArchiveChanges}
 * (paged), merges them ({@link UserArchive#apply}, tombstones included), shows the archive in
 * {@code @RM_Offline_UA_Name} meanwhile, raises 1012214 per archive and 1012215 when all are done,
 * then pushes what is pending here. The partner does the same towards us; last writer wins on both
 * sides, so the two converge whatever the order. A failed return sync raises 1012203 (1012216 if
 * the link went down) and is retried while the link is up (after 5 s, doubling to a minute; the same
 * failure is reported once).
 */
public final class UserArchiveSync implements AutoCloseable {

  /** What the station shows of the sync (its {@code @} system tags). */
  public interface Display {
    /** {@code @RM_UA_ONL_<archive>}: 1 while local changes are not on the partner yet. */
    void pending(String archive, boolean pending);

    /** {@code @RM_Offline_UA_Name}: the archive being synchronised on return, "" for none. */
    void synchronising(String archive);
  }

  private static final Logger LOG = LoggerFactory.getLogger(UserArchiveSync.class);
  private static final Logger REDUNDANCY_LOG = LoggerFactory.getLogger(SystemMessages.LOGGER_NAME);
  /**
   * The next pull starts this far before the partner's clock at the last one: a change stamped just
   * before it answered may have committed just after. Pulled twice, merged once.
   */
  static final Duration PULL_OVERLAP = Duration.ofSeconds(10);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /** A local change not yet confirmed: from which modification time, and which change it was. */
  private record Pending(long fromTicks, long change) {}

  private final String partnerName;
  private final List<UserArchive> archives;
  private final UserArchivePoints points;
  private final PartnerCalls partner;
  private final GapSync.Messages messages;
  private final Display display;
  private final SyncWorker worker;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong changeCount = new AtomicLong();
  private String lastFailure; // worker thread only: a lasting failure is reported once

  /**
   * @param settings which user archives are synchronised (none without the userArchives kind)
   * @param partnerClient the partner link's client while it has a session
   * @param plantNamespaceUri the namespace of the partner's {@link RecordSyncMethods}
   */
  public UserArchiveSync(String station, String partnerName, UserArchives archives, SyncSettings settings,
      Path dataDir, Supplier<Optional<OpcUaClient>> partnerClient, String plantNamespaceUri,
      GapSync.Messages messages, Display display) {
    this.partnerName = partnerName;
    this.archives = archives.names().stream().filter(settings::synchronises).map(archives::archive).toList();
    this.points = UserArchivePoints.open(dataDir);
    this.partner = new PartnerCalls(partnerClient, plantNamespaceUri, CALL_TIMEOUT);
    this.messages = messages;
    this.display = display;
    this.worker = new SyncWorker(station, "user-archive-sync", this::returnSync, this::push);
  }

  /** Shows what was still pending when the station stopped; it is pushed at the next link UP. */
  public void start() {
    for (UserArchive a : archives) {
      Optional<Long> from = points.pushFrom(a.name());
      from.ifPresent(f -> pending.put(a.name(), new Pending(f, changeCount.incrementAndGet())));
      display.pending(a.name(), from.isPresent());
    }
    display.synchronising("");
  }

  /** For the recipe methods: every local change (already committed), on the caller's thread. */
  public Consumer<UserRecord> changes() {
    return this::changed;
  }

  /** For the partner link: UP starts the return sync, DOWN holds pushes back. */
  public PartnerLinkListener linkListener() {
    return worker.linkListener();
  }

  /** The worker's sign of life for the application health check. */
  public Pulse pulse() {
    return worker.pulse();
  }

  /** Return syncs this station ran to their end (done, failed or nothing to do), for diagnostics. */
  public long returnSyncs() {
    return worker.returnSyncs();
  }

  /** True while {@code archive} has local changes the partner has not confirmed. */
  public boolean isPending(String archive) {
    return pending.containsKey(archive);
  }

  private void changed(UserRecord r) {
    if (archives.stream().noneMatch(a -> a.name().equals(r.archive()))) {
      return; // not synchronised
    }
    long change = changeCount.incrementAndGet();
    pending.merge(r.archive(), new Pending(r.modifiedTicks(), change),
        (old, now) -> new Pending(Math.min(old.fromTicks(), now.fromTicks()), now.change()));
    display.pending(r.archive(), true);
    worker.pushSoon();
  }

  private void push() throws InterruptedException {
    for (UserArchive a : archives) {
      Pending p = pending.get(a.name());
      if (p == null) {
        continue;
      }
      points.pushFrom(a.name(), p.fromTicks()); // survives a restart before the partner has it
      if (!worker.linkUp()) {
        continue; // stays pending: pushed at the next UP, and the partner's return sync pulls it too
      }
      try {
        int stored = pushArchive(a, p.fromTicks());
        worker.succeeded();
        if (pending.remove(a.name(), p)) { // unless a newer change came meanwhile (its push is queued)
          points.pushFrom(a.name(), null);
          display.pending(a.name(), false);
        }
        LOG.debug("user archive {}: pushed to {}, {} stored there", a.name(), partnerName, stored);
      } catch (SyncException e) {
        LOG.warn("user archive {}: online sync to {} failed, kept pending: {}", a.name(), partnerName, e.getMessage());
        if (worker.linkUp()) {
          worker.run(this::push, worker.nextRetry());
        }
        return;
      }
    }
  }

  private int pushArchive(UserArchive a, long fromTicks) throws SyncException, InterruptedException {
    // records of exactly fromTicks belong to the change; "" is before every key
    long after = fromTicks - 1;
    String afterKey = "";
    int stored = 0;
    while (true) {
      worker.pulse().beat();
      List<UserRecord> page = a.changesAfter(after, afterKey, RecordSyncMethods.PAGE);
      if (page.isEmpty()) {
        return stored;
      }
      // checked after the read: a change made once the link went down never leaves with this page
      // (it stays pending for the next UP); the partner session may outlive the link's verdict
      if (!worker.linkUp()) {
        throw new SyncException("the partner link went down");
      }
      Variant[] in = concat(new Variant(a.name()), UserRecordArrays.encode(page));
      stored += (Integer) partner.call(RecordSyncMethods.APPLY_USER_RECORDS, in)[0].getValue();
      UserRecord last = page.get(page.size() - 1);
      after = last.modifiedTicks();
      afterKey = last.key();
    }
  }

  private void returnSync() throws InterruptedException {
    if (!worker.linkUp() || archives.isEmpty()) {
      return;
    }
    String current = "";
    try {
      for (UserArchive a : archives) {
        current = a.name();
        display.synchronising(current);
        int[] counts = pull(a);
        messages.raise(SystemMessage.USER_ARCHIVE_SYNCHRONISED, a.name() + ": " + counts[0]
            + " change(s) read from " + partnerName + ", " + counts[1] + " newer and taken over");
      }
      display.synchronising("");
      lastFailure = null;
      worker.succeeded();
      messages.raise(SystemMessage.USER_ARCHIVE_SYNC_COMPLETE, archives.size() + " user archive(s) synchronised with "
          + partnerName);
    } catch (SyncException e) {
      display.synchronising("");
      if (worker.linkUp()) {
        Duration retry = worker.nextRetry();
        String failure = "user archive " + current + " from " + partnerName + ": " + e.getMessage();
        if (!failure.equals(lastFailure)) {
          messages.raise(SystemMessage.ARCHIVE_SYNC_FAILURE, failure + "; retried in " + retry.toSeconds() + " s"
              + " and later while the link is up");
        }
        lastFailure = failure;
        worker.returnSyncAfter(retry);
      } else {
        messages.raise(SystemMessage.SYNC_INTERRUPTED, "user archive " + current + " from " + partnerName
            + ": partner link lost; resumes when the partner is back");
      }
      return;
    }
    push();
  }

  /** Pulls one archive's changes from the partner: {read, stored}. */
  private int[] pull(UserArchive a) throws SyncException, InterruptedException {
    long after = Math.max(0, points.of(a.name()).pulledFrom() - 1);
    String afterKey = "";
    long asOf = -1;
    int read = 0;
    int stored = 0;
    while (true) {
      worker.pulse().beat(); // each page: a long pull is alive, not hung
      if (!worker.linkUp()) {
        throw new SyncException("the partner link went down");
      }
      Variant[] out = partner.call(RecordSyncMethods.USER_ARCHIVE_CHANGES,
          new Variant(a.name()), new Variant(after), new Variant(afterKey));
      if (out.length != 2 + UserRecordArrays.COUNT || !(out[0].getValue() instanceof Long answered)
          || !(out[1].getValue() instanceof Boolean more)) {
        throw new SyncException(RecordSyncMethods.USER_ARCHIVE_CHANGES + " on the partner answered garbage");
      }
      if (asOf < 0) {
        asOf = answered;
      }
      List<UserRecord> page;
      try {
        page = UserRecordArrays.decode(a.name(), out, 2);
      } catch (UaException e) {
        throw new SyncException(e.getMessage(), e);
      }
      for (UserRecord r : page) {
        read++;
        try {
          if (a.apply(r)) {
            stored++;
          }
        } catch (ArchiveException e) {
          if (e.reason() != ArchiveException.Reason.INVALID_DATA) {
            throw new SyncException("user archive " + a.name() + ": " + e.getMessage(), e); // retried
          }
          // one record that does not fit our definition must not hold up the rest (retrying cannot fix it)
          LOG.warn("user archive {}: record {} from {} refused: {}", a.name(), r.key(), partnerName, e.getMessage());
        }
      }
      if (!more || page.isEmpty()) {
        break;
      }
      UserRecord last = page.get(page.size() - 1);
      after = last.modifiedTicks();
      afterKey = last.key();
    }
    points.pulled(a.name(), Math.max(0, asOf - PULL_OVERLAP.toMillis() * 10_000L));
    REDUNDANCY_LOG.info("user archive {}: return sync from {}: {} change(s) read, {} taken over", a.name(),
        partnerName, read, stored);
    return new int[] {read, stored};
  }

  private static Variant[] concat(Variant first, Variant[] rest) {
    Variant[] all = new Variant[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  @Override
  public void close() {
    worker.close();
  }
}
