package io.twinua.server.sync;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.MessageRecord;
import io.twinua.server.archive.RawPage;
import io.twinua.server.archive.Ticks;
import io.twinua.server.health.Pulse;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.messages.SystemMessages;
import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.redundancy.partner.PartnerLinkListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gap resync: fills the windows of the {@link GapLedger} from the partner's history, in the
 * background on its own thread, while both stations keep archiving and serving.
 *
 * <p>Windows come from this station alone: {@link #noteOwnDowntime()} at start-up (from the last
 * value in its archive to the time the first sync runs, when live archiving has resumed), each
 * partner outage it sees ({@link #linkListener()}: DOWN opens a window, UP closes it), and {@link
 * #resync} for anyone else (a digest compare), its own process-connection faults ({@link
 * #start}: every tag, so the gap is filled for all AS), and a part found dead by the health check
 * ({@link #noteFault}: from that moment, filled by the restarted station). A sync starts {@code settle} after the partner link
 * comes UP (so the partner has committed the window's end), copies messages, then values tag by
 * tag, paced by {@link ArchivePace}, and records progress in the ledger every {@code checkpoint};
 * the link going DOWN or the station stopping interrupts it (1012216), the next UP resumes it.
 * Everything is written through the archive's idempotent keys, so repeats never duplicate.
 *
 * <p>Messages: 1012208 when a window starts, 1012209 when it is filled, 1012203 when it failed
 * (retried after {@code retry} while the link is UP), 1012216 when interrupted.
 */
public final class GapSync implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GapSync.class);
  private static final Logger REDUNDANCY_LOG = LoggerFactory.getLogger(SystemMessages.LOGGER_NAME);
  /** Longest wait for live archiving before an own-down-time window is closed anyway. */
  static final Duration LIVE_WAIT = Duration.ofSeconds(30);
  /**
   * Progress is also saved once this many values were copied since the last checkpoint: a fast
   * resync of a big tag then never has to copy it again after an interruption.
   */
  static final long CHECKPOINT_VALUES = 100_000;
  /** Id prefix of the windows {@link #noteFault} notes. */
  public static final String HEALTH_FAULT = "health-";

  /** Where the station's system messages go ({@code SystemMessages::raise}). */
  @FunctionalInterface
  public interface Messages {
    void raise(SystemMessage message, String detail);
  }

  /**
   * The partner as the resync sees it.
   *
   * @param station its name, the origin of its alarm messages
   * @param plantNamespaceUri the namespace of its plant variables (tag = string identifier)
   * @param client the partner link's client while it has a session (PartnerLink.client())
   */
  public record Partner(String station, String plantNamespaceUri, Supplier<Optional<OpcUaClient>> client) {}

  /**
   * How the resync paces itself.
   *
   * @param settle wait after a window's end (and after the link came UP) before reading it, so the
   *     partner has received and committed the values up to the end
   * @param margin an own-down-time window starts this much before the last archived value: values
   *     of other tags with earlier source times may still have been queued when the station stopped
   * @param checkpoint progress is committed and saved at least this often (after the tag being
   *     copied), and after any {@link #CHECKPOINT_VALUES} values
   * @param valuesPerSecond most values per second handed to the archive, a bound on the CPU the
   *     resync may take; what keeps live archiving on time is ArchivePace's queue bound. By default
   *     1,000,000, above what the writer takes: 50,000 held a 1-hour outage of 1,000 tags to 72 s
   *     and 200,000 to 0.3 of the raw SQLite insert rate on a quiet 2-core machine ({@code twinua
   *     bench sync})
   * @param retry a failed window is retried after this while the link is UP
   */
  public record Timing(Duration settle, Duration margin, Duration checkpoint, int valuesPerSecond, Duration retry) {
    public Timing {
      for (Duration d : List.of(settle, margin, checkpoint, retry)) {
        if (d.isNegative()) {
          throw new IllegalArgumentException("gap resync timing must not be negative: " + d);
        }
      }
      if (valuesPerSecond < 1) {
        throw new IllegalArgumentException("gap resync valuesPerSecond must be >= 1, got " + valuesPerSecond);
      }
    }

    public static final Timing DEFAULT =
        new Timing(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(2), 1_000_000, Duration.ofSeconds(30));
  }

  private final String station;
  private final SyncSettings settings;
  private final GapLedger ledger;
  private final ArchiveDatabase archive;
  private final List<String> tags;
  private final BooleanSupplier archivingLive;
  private final Partner partner;
  private final Messages messages;
  private final Clock clock;
  private final Timing timing;
  private final ScheduledExecutorService worker;
  // watches archivingLive apart from the worker, so a long fill never delays noticing a fault
  private final ScheduledExecutorService watcher;
  private boolean wasLive; // watcher thread only
  private final Pulse pulse = new Pulse();
  /** Health-fault windows noted by this run of the station: filled only by the restarted one. */
  private final Set<String> heldUntilRestart = ConcurrentHashMap.newKeySet();
  private final Object scheduling = new Object();
  private ScheduledFuture<?> next; // the queued run, guarded by scheduling; null while none is queued
  private final AtomicLong resyncs = new AtomicLong();
  private final Map<String, CompletableFuture<SyncReport>> waiting = new ConcurrentHashMap<>();
  private volatile boolean linkUp;
  private volatile boolean closed;
  private volatile Optional<SyncReport> lastReport = Optional.empty();

  /**
   * @param tags the archived tags to resync (plant variable identifiers = archive tag names)
   * @param archivingLive true once live values reach the archive again (every AS connection
   *     good): this station's own down time ends no earlier (waited for at most {@link #LIVE_WAIT})
   */
  public GapSync(String station, SyncSettings settings, GapLedger ledger, ArchiveDatabase archive,
      Collection<String> tags, BooleanSupplier archivingLive, Partner partner, Messages messages, Clock clock,
      Timing timing) {
    this.station = Objects.requireNonNull(station, "station");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.archive = Objects.requireNonNull(archive, "archive");
    this.tags = List.copyOf(tags);
    this.archivingLive = Objects.requireNonNull(archivingLive, "archivingLive");
    this.partner = Objects.requireNonNull(partner, "partner");
    this.messages = Objects.requireNonNull(messages, "messages");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> thread(r, station + "-sync"));
    this.watcher = Executors.newSingleThreadScheduledExecutor(r -> thread(r, station + "-sync-watch"));
  }

  private Thread thread(Runnable r, String name) {
    Thread t = new Thread(() -> {
      MDC.put("station", station);
      r.run();
    }, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Starts watching {@code archivingLive} once a second: when it turns false after having been
   * true (a process-connection fault), a window for every tag opens; when it is true again the
   * window closes and is filled (the partner kept archiving meanwhile).
   */
  public void start() {
    wasLive = archivingLive.getAsBoolean();
    watcher.scheduleWithFixedDelay(this::watchArchiving, 1, 1, TimeUnit.SECONDS);
  }

  private void watchArchiving() {
    try {
      boolean live = archivingLive.getAsBoolean();
      if (live == wasLive || settings.windowKinds().isEmpty()) {
        wasLive = live;
        return;
      }
      long now = Ticks.now(clock);
      if (!live) {
        ledger.put(GapWindow.open("fault-" + now, now - ticks(timing.margin()), 0,
            "this station's process connection was faulty", settings.windowKinds(), List.of()));
      } else {
        for (GapWindow w : ledger.windows()) {
          if (!w.endKnown() && w.id().startsWith("fault-")) {
            ledger.put(w.endingAt(now));
          }
        }
        schedule(timing.settle());
      }
      wasLive = live;
    } catch (RuntimeException e) {
      LOG.warn("gap resync: watching the archiving failed: {}", e.toString());
    }
  }

  /**
   * Records this station's own down time as a window, from shortly before the last value in its
   * archive to the first sync (call at start-up, before live values are archived). Nothing when
   * the archive holds no value yet (a new station has no gap) or nothing is synchronised.
   */
  public Optional<GapWindow> noteOwnDowntime() {
    if (settings.windowKinds().isEmpty()) {
      return Optional.empty();
    }
    long now = Ticks.now(clock);
    long last = 0;
    for (String tag : tags) {
      // descending from the far future: the newest stored value of the tag
      RawPage page = archive.rawValues().readRaw(tag, 0, now + Duration.ofDays(1).toMillis() * 10_000L, 1, false, null);
      if (!page.values().isEmpty()) {
        last = Math.max(last, page.values().get(0).getSourceTime().getUtcTime());
      }
    }
    if (last == 0) {
      LOG.info("gap resync: the archive holds no value yet, no own down time to fill");
      return Optional.empty();
    }
    GapWindow w = GapWindow.open("down-" + now, last - ticks(timing.margin()), 0,
        "this station was not archiving (stopped)", settings.windowKinds(), List.of());
    ledger.put(w);
    REDUNDANCY_LOG.info("gap resync: last archived value at {}; window {} noted", Ticks.toInstant(last), w);
    return Optional.of(w);
  }

  /**
   * The health check found a part of this station dead at {@code detected}: what this station
   * archives from then on may be incomplete until it is restarted. Notes a window from then with its
   * end open, kept for after the restart: this run never fills it (the station is in Fault and its
   * archive still suspect); the restarted station fixes its end once live archiving has resumed
   * and fills it from the partner, like its own down time. Safe on any thread (a small file write).
   */
  public Optional<GapWindow> noteFault(String application, Instant detected) {
    if (settings.windowKinds().isEmpty()) {
      return Optional.empty();
    }
    long at = Ticks.of(detected);
    GapWindow w = GapWindow.open(HEALTH_FAULT + at, at - ticks(timing.margin()), 0,
        "health check: " + application + " failed; filled after the restart", settings.windowKinds(), List.of());
    heldUntilRestart.add(w.id());
    ledger.put(w);
    REDUNDANCY_LOG.info("gap resync: {} failed at {}; window {} noted, filled after the restart", application,
        detected, w);
    return Optional.of(w);
  }

  /**
   * The partner link's events, for the station to hand to the partner link. The ledger is written
   * on this sync's own thread, not on the link's callback thread (the station's shared executor).
   */
  public PartnerLinkListener linkListener() {
    return new PartnerLinkListener() {
      @Override
      public void onHeartbeat(Heartbeat heartbeat, Instant receivedAt) {}

      @Override
      public void onLinkState(LinkState state, String reason) {
        if (state != LinkState.UP) {
          linkUp = false; // a running sync stops at its next step
        }
        try {
          watcher.execute(() -> {
            if (state == LinkState.UP) {
              partnerUp();
            } else {
              partnerDown(reason);
            }
          });
        } catch (RuntimeException e) {
          // closing
        }
      }
    };
  }

  /** The partner link is UP: closes an open partner-outage window and syncs after {@code settle}. */
  public void partnerUp() {
    linkUp = true;
    long now = Ticks.now(clock);
    for (GapWindow w : ledger.windows()) {
      if (!w.endKnown() && w.id().startsWith("partner-")) {
        ledger.put(w.endingAt(now));
      }
    }
    schedule(timing.settle());
  }

  /** The partner link is DOWN: a running sync stops (it resumes at UP), a partner-outage window opens. */
  public void partnerDown(String reason) {
    linkUp = false;
    if (settings.windowKinds().isEmpty()) {
      return;
    }
    long now = Ticks.now(clock);
    boolean open = ledger.windows().stream().anyMatch(w -> !w.endKnown() && w.id().startsWith("partner-"));
    if (!open) {
      ledger.put(GapWindow.open("partner-" + now, now - ticks(timing.margin()), 0,
          "partner station unreachable (" + reason + ")", settings.windowKinds(), List.of()));
    }
  }

  /**
   * Re-reads the values of {@code tags} in {@code [fromTicks, toTicks)} from the partner (for a
   * digest compare that found a difference): a window like any other, kept in the ledger until
   * done, so it survives restarts.
   *
   * @param tags archive tag names; empty for every archived tag
   * @return completes when the window is filled (not if the station stops first), or exceptionally
   *     with the reason the attempt failed (the window stays and is retried)
   */
  public CompletableFuture<SyncReport> resync(long fromTicks, long toTicks, Collection<String> tags) {
    long to = Math.min(toTicks, Ticks.now(clock)); // the partner has nothing later yet
    return request(fromTicks, to, Set.of(SyncKind.VALUES), List.copyOf(tags), "resync requested");
  }

  /**
   * Re-reads the partner's messages in {@code [fromTicks, toTicks)} from its event history (for an
   * online message sync that could not take a burst): a window like any other, exact (not clipped
   * to the last N hours), filled once the partner has committed its end ({@code settle}).
   */
  public CompletableFuture<SyncReport> resyncMessages(long fromTicks, long toTicks, String reason) {
    return request(fromTicks, toTicks, Set.of(SyncKind.MESSAGES), List.of(), reason);
  }

  private CompletableFuture<SyncReport> request(long fromTicks, long to, Set<SyncKind> kinds, List<String> tags,
      String reason) {
    long now = Ticks.now(clock);
    GapWindow w = GapWindow.open("resync-" + now + "-" + resyncs.incrementAndGet(), Math.min(fromTicks, to), to,
        reason, kinds, tags);
    CompletableFuture<SyncReport> done = new CompletableFuture<>();
    waiting.put(w.id(), done);
    ledger.put(w);
    schedule(Duration.ZERO);
    return done;
  }

  /** Windows still to fill: "needs sync" while not empty. */
  public List<GapWindow> pending() {
    return ledger.windows();
  }

  /**
   * Tells {@code listener} whenever {@link #pending()} or {@link #lastReport()} may have changed
   * (on the sync's own threads; keep it short and non-blocking).
   */
  public void onChange(Runnable listener) {
    ledger.onChange(listener);
  }

  /** The last window filled since start-up. */
  public Optional<SyncReport> lastReport() {
    return lastReport;
  }

  /**
   * Runs the windows after {@code delay}, or earlier if a run is already due sooner: a link that
   * comes UP brings a queued retry forward instead of waiting for it.
   */
  private void schedule(Duration delay) {
    synchronized (scheduling) {
      if (closed || (next != null && next.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis())) {
        return;
      }
      if (next != null) {
        next.cancel(false);
      }
      try {
        next = worker.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        next = null; // closing
      }
    }
  }

  /** The worker's sign of life for the application health check: busy while filling, beating at each step. */
  public Pulse pulse() {
    return pulse;
  }

  private boolean keepGoing() {
    pulse.beat(); // asked before each request, page and pacing wait
    return !closed && linkUp && !Thread.currentThread().isInterrupted();
  }

  private void run() {
    synchronized (scheduling) {
      next = null; // from here on a schedule() queues another run
    }
    pulse.busy();
    try {
      for (GapWindow w : ledger.windows()) {
        if (!keepGoing()) {
          return;
        }
        if (!w.endKnown() && !w.id().startsWith("down-")
            && (!w.id().startsWith(HEALTH_FAULT) || heldUntilRestart.contains(w.id()))) {
          continue; // the partner is still away or the fault lasts (their windows close when it ends)
        }
        Optional<OpcUaClient> client = partner.client().get();
        if (client.isEmpty()) {
          return; // no session yet: the next UP schedules again
        }
        if (!fill(client.get(), w)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("gap resync failed", e);
    } finally {
      pulse.idle();
    }
  }

  /** Fills one window; false if it was interrupted or failed (later windows wait). */
  private boolean fill(OpcUaClient client, GapWindow window) throws InterruptedException {
    GapWindow w = window;
    if (!w.endKnown()) {
      long giveUp = System.nanoTime() + LIVE_WAIT.toNanos();
      while (!archivingLive.getAsBoolean() && System.nanoTime() < giveUp && keepGoing()) {
        Thread.sleep(100); // our own thread; values before live archiving resumed belong to the gap
      }
      w = w.endingAt(Ticks.now(clock));
      ledger.put(w);
    }
    long settleUntil = w.toTicks() + ticks(timing.settle());
    long wait = (settleUntil - Ticks.now(clock)) / 10_000L;
    if (wait > 0) {
      Thread.sleep(wait); // our own thread: the partner commits the window's end meanwhile
    }
    // "only the last N hours" is about outages; a requested resync (digest difference) is exact
    long from = w.id().startsWith("resync-") ? w.fromTicks() : settings.clippedFrom(w.fromTicks(), w.toTicks());
    Set<SyncKind> kinds = w.kinds();
    messages.raise(SystemMessage.ARCHIVE_SYNC_STARTED, describe(w, from) + resumed(w));
    long started = System.nanoTime();
    PartnerHistory history = new PartnerHistory(client, partner.plantNamespaceUri(), this::keepGoing);
    Copied copied = new Copied();
    List<String> done = new ArrayList<>(); // tags copied but not yet recorded in the ledger
    long sinceCheckpoint = 0;
    try {
      if (kinds.contains(SyncKind.MESSAGES) && !w.messagesDone()) {
        if (!copyMessages(history, from, w.toTicks(), copied)) {
          return interrupted(w, copied, closed ? "station stopping" : "partner link lost");
        }
        archive.messages().flush();
        w = w.withMessagesDone();
        ledger.put(w);
      }
      if (kinds.contains(SyncKind.VALUES)) {
        ArchivePace pace = new ArchivePace(() -> archive.values().stats().queued(), archive.settings(),
            timing.valuesPerSecond());
        long lastCheckpoint = System.nanoTime();
        GapWindow resumed = w;
        List<String> todo = (w.tags().isEmpty() ? tags : w.tags()).stream()
            .filter(tag -> !resumed.tagsDone().contains(tag)).toList();
        // the next tag's read is always on its way: the partner reads and encodes it while this
        // station decodes and writes the current one (one request after the other left both idle half the time)
        PartnerHistory.RawRead next = todo.isEmpty() ? null : history.startRaw(todo.get(0), from, w.toTicks());
        try {
          for (int i = 0; i < todo.size(); i++) {
            PartnerHistory.RawRead read = next;
            next = i + 1 < todo.size() ? history.startRaw(todo.get(i + 1), from, w.toTicks()) : null;
            long before = copied.values;
            if (!copyValues(history, pace, read, copied)) {
              return interrupted(checkpoint(w, done, sinceCheckpoint), copied,
                  closed ? "station stopping" : "partner link lost");
            }
            done.add(read.tag());
            sinceCheckpoint += copied.values - before;
            if (System.nanoTime() - lastCheckpoint >= timing.checkpoint().toNanos()
                || sinceCheckpoint >= CHECKPOINT_VALUES) {
              w = checkpoint(w, done, sinceCheckpoint);
              done.clear();
              sinceCheckpoint = 0;
              lastCheckpoint = System.nanoTime();
            }
          }
        } finally {
          if (next != null) {
            history.abandon(next);
          }
        }
        w = checkpoint(w, done, sinceCheckpoint);
        done.clear();
      }
    } catch (SyncException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      if (e instanceof SyncException s && s.partnerLost()) {
        // the partner went away mid-read, usually before its link is seen DOWN: an interruption
        // that keeps its progress; the link's next UP (or the retry, if it never went DOWN) resumes
        interrupted(checkpoint(w, done, sinceCheckpoint), copied, "connection to the partner lost (" + reason + ")");
        schedule(timing.retry());
        return false;
      }
      messages.raise(SystemMessage.ARCHIVE_SYNC_FAILURE, describe(w, from) + ": " + reason
          + "; retried in " + timing.retry().toSeconds() + " s");
      LOG.warn("gap resync of {} failed", w, e);
      CompletableFuture<SyncReport> f = waiting.remove(w.id());
      if (f != null) {
        f.completeExceptionally(e);
      }
      schedule(timing.retry());
      return false;
    }
    SyncReport report = new SyncReport(w, copied.values, copied.messages, Duration.ofNanos(System.nanoTime() - started));
    // the report first: whoever sees the window gone from pending() also finds its report
    lastReport = Optional.of(report);
    ledger.remove(w.id());
    messages.raise(SystemMessage.ARCHIVE_SYNC_FINISHED, report.toString());
    CompletableFuture<SyncReport> f = waiting.remove(w.id());
    if (f != null) {
      f.complete(report);
    }
    return true;
  }

  /** Counts of one run. */
  private static final class Copied {
    long values;
    long messages;
  }

  private boolean copyMessages(PartnerHistory history, long from, long to, Copied copied)
      throws SyncException, InterruptedException {
    ArchivePace pace = new ArchivePace(() -> archive.messages().stats().queued(), archive.settings(),
        timing.valuesPerSecond());
    return history.readEvents(from, to, page -> {
      List<MessageRecord> records = page.stream().map(f -> EventRecords.of(f, partner.station()))
          .flatMap(Optional::stream).toList();
      pace.feed(records, this::keepGoing, m -> {
        archive.messages().appendWaiting(m);
        copied.messages++;
      });
    }) && keepGoing();
  }

  private boolean copyValues(PartnerHistory history, ArchivePace pace, PartnerHistory.RawRead read, Copied copied)
      throws SyncException, InterruptedException {
    return history.readRaw(read, page -> pace.feed(page, this::keepGoing, v -> {
      archive.values().appendWaiting(read.tag(), v);
      copied.values++;
    })) && keepGoing();
  }

  /** Commits what was queued, then records the tags as done: the ledger never runs ahead of the archive. */
  private GapWindow checkpoint(GapWindow w, List<String> done, long values) {
    if (done.isEmpty()) {
      return w;
    }
    archive.values().flush();
    GapWindow next = w.withTagsDone(done, values);
    ledger.put(next);
    return next;
  }

  private boolean interrupted(GapWindow w, Copied copied, String why) {
    int total = w.tags().isEmpty() ? tags.size() : w.tags().size();
    messages.raise(SystemMessage.SYNC_INTERRUPTED, w + ": " + why
        + " after " + copied.values + " values, " + w.tagsDone().size() + " of " + total
        + " tags done; resumes when the partner is back");
    return false;
  }

  private String describe(GapWindow w, long from) {
    return w.id() + " [" + Ticks.toInstant(from) + ", " + Ticks.toInstant(w.toTicks()) + ") " + w.reason()
        + ", kinds " + w.kinds().stream().map(SyncKind::yamlName).toList() + " from " + partner.station();
  }

  private static String resumed(GapWindow w) {
    return w.tagsDone().isEmpty() && !w.messagesDone() ? "" : " (resumed: " + w.tagsDone().size() + " tags done)";
  }

  private static long ticks(Duration d) {
    return d.toMillis() * 10_000L;
  }

  /** Stops the worker; a running window is interrupted and resumes after the next start. */
  @Override
  public void close() {
    closed = true;
    watcher.shutdownNow();
    worker.shutdownNow();
    try {
      if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("station {}: gap resync did not stop within 5 s", station);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
