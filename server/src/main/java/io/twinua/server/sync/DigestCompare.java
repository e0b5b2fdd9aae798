package io.twinua.server.sync;

import io.twinua.server.archive.ArchiveDigests;
import io.twinua.server.archive.BucketDigest;
import io.twinua.server.archive.DigestKey;
import io.twinua.server.archive.Ticks;
import io.twinua.server.health.Pulse;
import io.twinua.server.messages.SystemMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The periodic archive digest compare (issue 7 part 3): proves this station's value archive equal
 * to the partner's, bucket by bucket, and repairs what differs, on its own thread.
 *
 * <p>Every {@code period} and after every finished outage resync it (1) recomputes its own recent
 * buckets from the rows and rebuilds the cells changed behind the archive's back, (2) fetches the
 * partner's digests of the same buckets and, for each differing cell it should repair, drops the
 * cell and re-reads exactly that cell's tags over that bucket from the partner ({@link
 * GapSync#resync}), (3) raises 1012350 once per compare that found differences, (4) publishes
 * {@link #syncedUpTo()}.
 *
 * <p>Who repairs, so that the two never ping-pong: a station repairs a cell only if the partner
 * holds MORE values in it (it lost some), or, at equal counts (a value changed), only if it is not
 * the Master. A cell where this station holds more is left for the partner to repair. The bucket
 * being written now (and {@code lag} before now) is left out: the two writers lag each other there.
 *
 * <p>A difference seen again unchanged (the same digests on both sides) after it was raised and
 * its repair ran is one no repair can fix: it lies in rows of tags that are no longer archived
 * (removed from the project), which a repair never re-reads and which never come back or go away.
 * It is not raised or repaired again and does not hold "in sync up to" back (every archived tag of
 * the cell was re-read); a change on either side makes it a new difference. Comparing only the tags
 * both archive now would need per-tag digests from the partner: its stored digests are sums over
 * all rows of a cell.
 *
 * <p>Its worker shows a {@link Pulse} for the application health check, like the gap resync's.
 */
public final class DigestCompare implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DigestCompare.class);
  private static final Duration PARTNER_WAIT = Duration.ofSeconds(60);
  private static final Duration REPAIR_WAIT = Duration.ofMinutes(10);
  private static final Duration BEAT = Duration.ofSeconds(1);

  /** The partner's stored digests of the buckets starting in [bucket of from, to) (PartnerDigests::fetch). */
  @FunctionalInterface
  public interface PartnerCells {
    CompletableFuture<List<BucketDigest>> fetch(long fromTicks, long toTicks);
  }

  /**
   * @param period time between two compares
   * @param lookback how far back each compare looks
   * @param lag buckets ending later than {@code now - lag} are not compared yet
   */
  public record Timing(Duration period, Duration lookback, Duration lag) {
    public Timing {
      if (period.isNegative() || period.isZero() || lookback.isNegative() || lag.isNegative()) {
        throw new IllegalArgumentException("digest compare timing must be positive: " + period + ", " + lookback + ", " + lag);
      }
    }

    /** Every {@code compareMinutes}, the last 24 h, leaving out the last minute. */
    public static Timing every(int compareMinutes) {
      return new Timing(Duration.ofMinutes(compareMinutes), LOOKBACK, Duration.ofMinutes(1));
    }

    /**
     * As the project's sync settings say: every {@code compareMinutes}, the last 24 h, but no
     * further back than {@code window: {lastHours: N}}, so a repair never copies what the
     * outage resync was told to leave out.
     */
    public static Timing of(SyncSettings settings) {
      Timing t = every(settings.compareMinutes());
      if (settings.lastHours() == 0 || Duration.ofHours(settings.lastHours()).compareTo(LOOKBACK) >= 0) {
        return t;
      }
      return new Timing(t.period(), Duration.ofHours(settings.lastHours()), t.lag());
    }

    private static final Duration LOOKBACK = Duration.ofHours(24);
  }

  private final String station;
  private final ArchiveDigests ours;
  private final List<String> tags;
  private final PartnerCells partner;
  private final GapSync sync;
  private final BooleanSupplier master;
  private final GapSync.Messages messages;
  private final Clock clock;
  private final Timing timing;
  private final ScheduledExecutorService worker;
  private final AtomicBoolean queued = new AtomicBoolean();
  private volatile Optional<SyncReport> seenReport = Optional.empty();
  private volatile Optional<Instant> syncedUpTo = Optional.empty();
  private volatile Optional<Instant> differsFrom = Optional.empty();
  private final Pulse pulse = new Pulse();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  /** Differences raised, with the digests seen then (compare thread only). */
  private final Map<DigestKey, Seen> raised = new HashMap<>();

  /** A differing cell's digests on both sides (null: none on that side). */
  private record Seen(BucketDigest mine, BucketDigest theirs) {}
  private volatile boolean closed;

  /**
   * @param tags the archived tags (archive tag names), to know which tags a cell's group holds
   * @param master true while this station is the Master
   */
  public DigestCompare(String station, ArchiveDigests ours, Collection<String> tags, PartnerCells partner,
      GapSync sync, BooleanSupplier master, GapSync.Messages messages, Clock clock, Timing timing) {
    this.station = Objects.requireNonNull(station, "station");
    this.ours = Objects.requireNonNull(ours, "ours");
    this.tags = List.copyOf(tags);
    this.partner = Objects.requireNonNull(partner, "partner");
    this.sync = Objects.requireNonNull(sync, "sync");
    this.master = Objects.requireNonNull(master, "master");
    this.messages = Objects.requireNonNull(messages, "messages");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(() -> {
        MDC.put("station", station);
        r.run();
      }, station + "-digest-compare");
      t.setDaemon(true);
      return t;
    });
  }

  /** Compares every period from now on, and after each finished outage resync of {@code sync}. */
  public void start() {
    seenReport = sync.lastReport();
    sync.onChange(this::afterResync);
    worker.scheduleWithFixedDelay(this::compareQuietly, timing.period().toMillis(), timing.period().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Runs a compare soon on the compare's thread (several requests before it starts make one). */
  public void compareSoon() {
    if (closed || !queued.compareAndSet(false, true)) {
      return;
    }
    try {
      worker.execute(this::compareQuietly);
    } catch (RuntimeException e) {
      queued.set(false); // closing
    }
  }

  /** The end of the last compared range in which both archives were found (or made) equal. */
  public Optional<Instant> syncedUpTo() {
    return syncedUpTo;
  }

  /**
   * The start of the oldest bucket the last compare left differing (for the partner to repair, or
   * its repair failed); empty when it found or made its whole range equal, or none has run.
   */
  public Optional<Instant> differsFrom() {
    return differsFrom;
  }

  /** Tells {@code listener} after each compare (on the compare's thread; keep it short). */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** The worker's sign of life for the application health check: busy during each compare, beating while it waits. */
  public Pulse pulse() {
    return pulse;
  }

  private void afterResync() {
    Optional<SyncReport> report = sync.lastReport();
    if (report.isEmpty() || report.equals(seenReport)) {
      return;
    }
    seenReport = report;
    // the compare's own repairs are "resync-" windows: comparing after each would loop on a cell
    // the partner cannot repair
    if (!report.get().window().id().startsWith("resync-")) {
      compareSoon();
    }
  }

  private void compareQuietly() {
    queued.set(false);
    try {
      compare();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException | ExecutionException | RuntimeException e) {
      LOG.warn("archive digest compare failed: {}", e.toString());
    }
  }

  /** One compare on the calling thread (the compare's own thread; blocks on the partner and the archive). */
  void compare() throws InterruptedException, ExecutionException, TimeoutException {
    pulse.busy();
    try {
      compareOnce();
    } finally {
      pulse.idle();
      listeners.forEach(Runnable::run);
    }
  }

  private void compareOnce() throws InterruptedException, ExecutionException, TimeoutException {
    long to = ArchiveDigests.bucketStart(Ticks.now(clock) - ticks(timing.lag()));
    long from = to - ticks(timing.lookback());
    TreeSet<Long> rebuilt = new TreeSet<>();
    ours.verify(from, to).forEach(k -> rebuilt.add(k.bucketTicks()));
    for (long bucket : rebuilt) {
      ours.rebuild(bucket, bucket + 1);
    }
    if (!rebuilt.isEmpty()) {
      LOG.warn("archive digest compare: {} buckets changed behind the archive's back, digests rebuilt", rebuilt.size());
    }
    pulse.beat();
    List<BucketDigest> theirs = waitBeating(partner.fetch(from, to), PARTNER_WAIT.toNanos());
    List<BucketDigest> mine = ours.stored(from, to);
    Map<DigestKey, BucketDigest> theirCells = cells(theirs);
    Map<DigestKey, BucketDigest> myCells = cells(mine);
    List<DigestKey> differing = new ArrayList<>();
    Map<DigestKey, Seen> stillDiffering = new HashMap<>();
    for (DigestKey k : ArchiveDigests.differences(mine, theirs)) {
      Seen seen = new Seen(myCells.get(k), theirCells.get(k));
      stillDiffering.put(k, seen);
      if (!seen.equals(raised.get(k))) {
        differing.add(k); // new, or changed since it was raised
      }
    }
    raised.keySet().retainAll(stillDiffering.keySet()); // gone: raised again should it come back
    if (differing.isEmpty()) {
      publish(to, to);
      return;
    }
    Map<DigestKey, Long> theirCounts = counts(theirs);
    Map<DigestKey, Long> myCounts = counts(mine);
    boolean isMaster = master.getAsBoolean();
    List<CompletableFuture<SyncReport>> repairs = new ArrayList<>();
    long unsettled = to;
    int left = 0;
    for (DigestKey k : differing) {
      long theirCount = theirCounts.getOrDefault(k, 0L);
      long myCount = myCounts.getOrDefault(k, 0L);
      if (theirCount < myCount || (theirCount == myCount && isMaster)) {
        left++; // the partner repairs this one from us
        unsettled = Math.min(unsettled, k.bucketTicks());
        continue;
      }
      List<String> cellTags = tags.stream().filter(t -> ArchiveDigests.group(t) == k.group()).toList();
      if (cellTags.isEmpty()) {
        left++;
        unsettled = Math.min(unsettled, k.bucketTicks());
        continue;
      }
      ours.dropCell(k, cellTags); // a changed row would survive the idempotent re-insert
      repairs.add(sync.resync(k.bucketTicks(), k.bucketTicks() + ArchiveDigests.BUCKET_TICKS, cellTags));
    }
    long buckets = differing.stream().map(DigestKey::bucketTicks).distinct().count();
    long groups = differing.stream().map(DigestKey::group).distinct().count();
    messages.raise(SystemMessage.ARCHIVE_INCONSISTENCY_POSSIBLE, String.format(
        "%d cells (%d buckets, %d tag groups) of [%s, %s) differ from the partner: %d re-synced from the partner,"
            + " %d left for the partner to repair; %d buckets changed behind %s's archive",
        differing.size(), buckets, groups, Ticks.toInstant(from), Ticks.toInstant(to), repairs.size(), left,
        rebuilt.size(), station));
    raised.putAll(stillDiffering);
    long deadline = System.nanoTime() + REPAIR_WAIT.toNanos();
    for (int i = 0; i < repairs.size(); i++) {
      try {
        waitBeating(repairs.get(i), deadline - System.nanoTime());
      } catch (ExecutionException | TimeoutException e) {
        // the window stays in the gap ledger and is retried there
        unsettled = Math.min(unsettled, from);
      }
    }
    publish(unsettled, to);
  }

  private void publish(long upTo, long comparedTo) {
    syncedUpTo = Optional.of(Ticks.toInstant(upTo));
    differsFrom = upTo < comparedTo ? syncedUpTo : Optional.empty();
  }

  /**
   * Waits for {@code future} at most {@code nanos}, beating the pulse every second: a wait bounded
   * by its own timeout is not a hang.
   */
  private <T> T waitBeating(CompletableFuture<T> future, long nanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + nanos;
    while (true) {
      pulse.beat();
      long left = deadline - System.nanoTime();
      try {
        return future.get(Math.max(0, Math.min(left, BEAT.toNanos())), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (left <= BEAT.toNanos()) {
          throw e;
        }
      }
    }
  }

  private static Map<DigestKey, BucketDigest> cells(List<BucketDigest> digests) {
    Map<DigestKey, BucketDigest> out = new HashMap<>();
    digests.forEach(d -> out.put(d.key(), d));
    return out;
  }

  private static Map<DigestKey, Long> counts(List<BucketDigest> cells) {
    Map<DigestKey, Long> out = new HashMap<>();
    cells.forEach(d -> out.put(d.key(), d.count()));
    return out;
  }

  private static long ticks(Duration d) {
    return d.toMillis() * 10_000L;
  }

  @Override
  public void close() {
    closed = true;
    worker.shutdownNow();
    try {
      if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("station {}: digest compare did not stop within 5 s", station);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
