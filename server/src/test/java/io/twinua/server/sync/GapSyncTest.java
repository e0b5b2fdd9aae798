package io.twinua.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.MessageRecord;
import io.twinua.server.archive.Ticks;
import io.twinua.server.health.ApplicationHealth;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.testing.Await;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gap resync between two real SQLite archives, reading over a real Milo client from a real
 * Milo server that answers history with the station's own readers (as the partner station does).
 */
class GapSyncTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long SECOND = 10_000_000L;
  static final List<String> TAGS = List.of("Plant.A.Counter", "Plant.A.Level", "Plant.B.Text");
  /** Fast for tests: no settle wait, progress saved after each tag. */
  static final GapSync.Timing FAST =
      new GapSync.Timing(Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO, 1_000_000, Duration.ofSeconds(1));

  @TempDir Path dir;

  private ArchiveDatabase partnerArchive;
  private ArchiveDatabase archive;
  private HistoryPartner partner;
  private final List<String> raised = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void archives() throws Exception {
    partnerArchive = ArchiveDatabase.open(dir.resolve("partner").resolve("twinua.db"), ArchiveSettings.defaults());
    archive = ArchiveDatabase.open(dir.resolve("station").resolve("archive").resolve("twinua.db"), ArchiveSettings.defaults());
  }

  @AfterEach
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    if (partner != null) {
      partner.close();
    }
    archive.close();
    partnerArchive.close();
  }

  private GapSync sync(GapSync.Timing timing, List<String> tags) {
    return sync(timing, tags, () -> true);
  }

  private GapSync sync(GapSync.Timing timing, List<String> tags, BooleanSupplier archivingLive) {
    return sync(SyncSettings.DEFAULT, timing, tags, archivingLive);
  }

  private GapSync sync(SyncSettings settings, GapSync.Timing timing, List<String> tags, BooleanSupplier archivingLive) {
    GapSync sync = new GapSync("STATION-A", settings, GapLedger.open(dir.resolve("station")), archive, tags, archivingLive,
        new GapSync.Partner("STATION-B", HistoryPartner.PLANT_NS, () -> Optional.of(partner.client())),
        (m, detail) -> raised.add(m.number() + " " + detail), Clock.systemUTC(), timing);
    toClose.add(sync);
    return sync;
  }

  /** {@code n} values per tag, 10 per second, the last one second ago; the partner has all, this station those before {@code stopAt}. */
  private long[] history(List<String> tags, int n, long stopAt) {
    long end = Ticks.now(Clock.systemUTC()) - SECOND;
    long start = end - (n - 1) * SECOND / 10;
    for (String tag : tags) {
      for (int i = 0; i < n; i++) {
        long t = start + i * SECOND / 10;
        Variant v = tag.endsWith("Text") ? new Variant("batch " + i) : tag.endsWith("Level") ? new Variant(i * 0.5) : new Variant(i);
        DataValue dv = new DataValue(v, null, new DateTime(t), new DateTime(t + 1000));
        partnerArchive.values().appendWaiting(tag, dv);
        if (t < stopAt) {
          archive.values().appendWaiting(tag, dv);
        }
      }
    }
    partnerArchive.values().flush();
    archive.values().flush();
    return new long[] {start, end + 1};
  }

  private static MessageRecord systemMessage(long t, int number, String station) {
    SystemMessage m = SystemMessage.byNumber(number).orElseThrow();
    return new MessageRecord(eventId(), "i=2130", "i=2253", station, t, t, m.severity(), m.format("test"), number,
        null, null, null, null, null, null, station);
  }

  private static MessageRecord alarm(long t) {
    return new MessageRecord(eventId(), "i=9482", "ns=2;s=Plant.A.Level", "Plant.A.Level", t, t, 700, "Level high",
        null, "LevelHigh", true, false, true, true, null, "STATION-B");
  }

  private static ByteString eventId() {
    UUID u = UUID.randomUUID();
    return ByteString.of(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array());
  }

  private List<String> rows(ArchiveDatabase db, String tag, long[] range) {
    List<String> out = new ArrayList<>();
    for (DataValue v : db.rawValues().readRaw(tag, range[0], range[1], 0, false, null).values()) {
      out.add(v.getSourceTime().getUtcTime() + "=" + v.getValue().getValue() + "/" + v.getStatusCode());
    }
    return out;
  }

  private boolean raisedMessage(SystemMessage m) {
    return raised.stream().anyMatch(r -> r.startsWith(m.number() + " "));
  }

  @Test
  void ownDownTimeIsFilledFromThePartnerValuesAndMessages() throws Exception {
    long now = Ticks.now(Clock.systemUTC());
    long stopAt = now - 120 * SECOND;
    long[] range = history(TAGS, 3000, stopAt); // 300 s of history, this station stopped 120 s ago
    MessageRecord failure = systemMessage(stopAt + 5 * SECOND, 1012200, "STATION-B");
    MessageRecord high = alarm(stopAt + 30 * SECOND);
    MessageRecord beforeTheGap = systemMessage(stopAt - 300 * SECOND, 1012201, "STATION-B");
    for (MessageRecord m : List.of(failure, high, beforeTheGap)) {
      partnerArchive.messages().append(m);
    }
    partnerArchive.messages().flush();
    partner = HistoryPartner.start(partnerArchive);

    GapSync sync = sync(FAST, TAGS);
    GapWindow window = sync.noteOwnDowntime().orElseThrow();
    long lastArchived = stopAt - 1 - (stopAt - 1 - range[0]) % (SECOND / 10);
    assertEquals(lastArchived - 60 * SECOND, window.fromTicks(), "from the newest archived value, less the margin");
    assertFalse(window.endKnown(), "the end is fixed when the sync runs");
    assertTrue(rows(archive, "Plant.A.Counter", range).size() < 2000, "a gap to fill");

    sync.partnerUp();
    Await.until(WAIT, "the gap is filled", () -> sync.pending().isEmpty());
    for (String tag : TAGS) {
      assertEquals(rows(partnerArchive, tag, range), rows(archive, tag, range), tag);
    }
    assertEquals(failure, archive.messages().find(failure.eventId()).orElseThrow(), "system message with number and station");
    assertEquals(high, archive.messages().find(high.eventId()).orElseThrow(), "alarm state change");
    assertTrue(archive.messages().find(beforeTheGap.eventId()).isEmpty(), "messages before the gap are not copied");
    assertTrue(raisedMessage(SystemMessage.ARCHIVE_SYNC_STARTED), raised.toString());
    assertTrue(raisedMessage(SystemMessage.ARCHIVE_SYNC_FINISHED), raised.toString());
    SyncReport report = sync.lastReport().orElseThrow();
    assertTrue(report.values() >= 3 * 1200, "values of 120 s and the margin read: " + report);
    assertEquals(2, report.messages(), report.toString());
  }

  @Test
  void aRepeatedResyncNeverDuplicates() throws Exception {
    long[] range = history(TAGS, 500, Long.MAX_VALUE);
    partner = HistoryPartner.start(partnerArchive);
    List<String> withOneThePartnerLacks = new ArrayList<>(TAGS);
    withOneThePartnerLacks.add(HistoryPartner.UNARCHIVED + "Setpoint"); // skipped, not a failure
    GapSync sync = sync(FAST, withOneThePartnerLacks);
    sync.partnerUp();
    for (int round = 0; round < 2; round++) {
      SyncReport report = sync.resync(range[0], range[1], List.of()).get(30, TimeUnit.SECONDS);
      assertEquals(3 * 500, report.values(), "every value read again: " + report);
    }
    for (String tag : TAGS) {
      assertEquals(500, archive.values().count(tag), tag);
      assertEquals(rows(partnerArchive, tag, range), rows(archive, tag, range), tag);
    }
    assertTrue(sync.pending().isEmpty());
    assertFalse(raisedMessage(SystemMessage.ARCHIVE_SYNC_FAILURE), raised.toString());
  }

  @Test
  void theHealthCheckFindsAResyncHungOnAPartnerThatNeverAnswersButNotAnIdleOne() throws Exception {
    long[] range = history(TAGS, 30, Long.MAX_VALUE); // both hold everything: a resync has little to do
    partner = HistoryPartner.start(partnerArchive);
    GapSync sync = sync(FAST, TAGS);
    PulseWatch watch = new PulseWatch("gap resync", sync.pulse());
    toClose.add(watch);
    List<String> dead = watch.dead;
    ApplicationHealth health = watch.health;

    sync.partnerUp();
    sync.resync(range[0], range[1], TAGS).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    // idle after its work: alive however long it waits (a busy worker would fail at once with no still time)
    Await.until(WAIT, "the worker idle", () -> ApplicationHealth.alive(sync.pulse(), Duration.ZERO).problem().isEmpty());
    assertEquals(ApplicationHealth.State.HEALTHY, health.verdict().state(), dead.toString());

    partner.hangHistoryReads(); // the client's request timeout (60 s) is far off: the worker blocks
    sync.resync(range[0], range[1], TAGS);
    // the verdict turns DEAD just before the listener hears of it: wait for both
    Await.until(WAIT, "the hung resync found dead and reported",
        () -> health.verdict().state() == ApplicationHealth.State.DEAD && !dead.isEmpty());
    assertEquals(1, dead.size(), dead.toString());
    assertTrue(dead.get(0).startsWith("gap resync: busy without a sign of life for "), dead.toString());
  }

  @Test
  void anInterruptedResyncResumesWhereItStopped() throws Exception {
    List<String> tags = List.of("T1", "T2", "T3", "T4", "T5", "T6");
    long now = Ticks.now(Clock.systemUTC());
    long[] range = history(tags, 6000, now - 590 * SECOND); // this station holds only the first 10 s
    partner = HistoryPartner.start(partnerArchive);
    // 6 x ~6,000 values at 20,000 values/s: about 2 s, time enough to pull the cable after the first tag
    GapSync sync = sync(new GapSync.Timing(Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO, 20_000, Duration.ofSeconds(1)), tags);
    GapWindow window = sync.noteOwnDowntime().orElseThrow();
    sync.partnerUp();
    Await.until(WAIT, "the first tag done", () -> sync.pending().stream().anyMatch(w -> !w.tagsDone().isEmpty()));
    sync.partnerDown("test pulled the cable");
    Await.until(WAIT, "1012216 raised", () -> raisedMessage(SystemMessage.SYNC_INTERRUPTED));
    assertFalse(raisedMessage(SystemMessage.ARCHIVE_SYNC_FINISHED), raised.toString());

    // the progress is on disk: a restarted station would resume from it
    GapWindow saved = GapLedger.open(dir.resolve("station")).window(window.id()).orElseThrow();
    assertTrue(saved.endKnown());
    assertTrue(saved.tagsDone().size() >= 1 && saved.tagsDone().size() < tags.size(), "partly done: " + saved);
    for (String tag : saved.tagsDone()) {
      assertEquals(rows(partnerArchive, tag, range), rows(archive, tag, range), "committed before recorded: " + tag);
    }

    sync.close();
    GapSync resumed = sync(FAST, tags);
    resumed.partnerUp();
    Await.until(WAIT, "every window filled", () -> resumed.pending().isEmpty());
    for (String tag : tags) {
      assertEquals(rows(partnerArchive, tag, range), rows(archive, tag, range), tag);
    }
    assertTrue(raised.stream().anyMatch(r -> r.startsWith("1012208 " + window.id()) && r.contains("resumed: ")),
        "the second start says it resumes: " + raised);
    SyncReport report = raised.stream().anyMatch(r -> r.startsWith("1012209 " + window.id()))
        ? resumed.lastReport().orElseThrow() : null;
    assertTrue(report != null, raised.toString());
  }

  /**
   * A partner killed mid-read closes the connection before its link is seen DOWN: that is an
   * interruption (1012216) that keeps the progress, not a failure (1012203) that waits for the
   * retry; the link's next UP resumes it at once.
   */
  @Test
  void aPartnerGoneMidReadIsAnInterruptionThatTheNextLinkUpResumes() throws Exception {
    List<String> tags = List.of("T1", "T2", "T3", "T4", "T5", "T6");
    long now = Ticks.now(Clock.systemUTC());
    long[] range = history(tags, 6000, now - 590 * SECOND);
    partner = HistoryPartner.start(partnerArchive);
    // the retry lies beyond the test's waits: only the link's UP may resume the window
    GapSync sync = sync(new GapSync.Timing(Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO, 20_000,
        Duration.ofMinutes(10)), tags);
    GapWindow window = sync.noteOwnDowntime().orElseThrow();
    sync.partnerUp();
    Await.until(WAIT, "the first tag done", () -> sync.pending().stream().anyMatch(w -> !w.tagsDone().isEmpty()));
    HistoryPartner gone = partner;
    gone.stopServer();
    Await.until(WAIT, "1012216 raised", () -> raisedMessage(SystemMessage.SYNC_INTERRUPTED));
    assertFalse(raisedMessage(SystemMessage.ARCHIVE_SYNC_FAILURE), "no failure: " + raised);
    GapWindow saved = GapLedger.open(dir.resolve("station")).window(window.id()).orElseThrow();
    assertTrue(saved.tagsDone().size() >= 1 && saved.tagsDone().size() < tags.size(), "partly done: " + saved);

    partner = HistoryPartner.start(partnerArchive); // restarted; its link goes DOWN and UP
    gone.client().disconnectAsync();
    sync.partnerDown("test: partner killed");
    sync.partnerUp();
    Await.until(WAIT, "the window filled", () -> sync.pending().stream().noneMatch(w -> w.id().equals(window.id())));
    for (String tag : tags) {
      assertEquals(rows(partnerArchive, tag, range), rows(archive, tag, range), tag);
    }
    assertTrue(raised.stream().anyMatch(r -> r.startsWith("1012208 " + window.id()) && r.contains("resumed: ")),
        "the second start says it resumes: " + raised);
  }

  @Test
  void throughputAtTheProductPaceWithLiveValuesArchivedMeanwhile() throws Exception {
    // the product's pace, live values offered every millisecond to a small queue: none refused
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      tags.add("Plant.Bulk" + i);
    }
    // a small writer queue (2,000 rows), so a resync that did not hold back would fill it
    archive.close();
    archive = ArchiveDatabase.open(dir.resolve("small-queue").resolve("twinua.db"), new ArchiveSettings(100, 500, 2_000));
    long[] range = history(tags, 5000, 0); // 200,000 values on the partner, none here
    partner = HistoryPartner.start(partnerArchive);
    GapSync sync = sync(GapSync.Timing.DEFAULT, tags);
    sync.partnerUp();
    // live values keep arriving while the resync runs: none may be refused
    long liveStart = Ticks.now(Clock.systemUTC()) + 3600 * SECOND;
    int live = 0;
    CompletableFuture<SyncReport> done = sync.resync(range[0], range[1], List.of());
    while (!done.isDone()) {
      assertTrue(archive.values().append("Plant.Live", new DataValue(new Variant(live), null,
          new DateTime(liveStart + live * 1000L), null)), "live value " + live + " archived");
      live++;
      Thread.sleep(1); // a live producer's pace, not a wait for an outcome
    }
    SyncReport report = done.get();
    archive.values().flush();
    assertEquals(0, archive.values().stats().notArchived());
    assertEquals(live, archive.values().count("Plant.Live"));
    for (String tag : tags) {
      assertEquals(5000, archive.values().count(tag), tag);
    }
    System.out.println("MEASURED gap resync of " + report.values() + " values (40 tags) over loopback Milo, default pace, 2,000-row queue: "
        + report.took().toMillis() + " ms, " + Math.round(report.valuesPerSecond()) + " values/s; " + live
        + " live values archived meanwhile, none refused");
  }

  @Test
  void theNextTagIsReadAheadWhileTheCurrentOneIsWritten() throws Exception {
    List<String> tags = List.of("T1", "T2", "T3", "T4", "T5", "T6");
    long[] range = history(tags, 200, 0); // none here
    partner = HistoryPartner.start(partnerArchive);
    partner.slowHistoryReads(Duration.ofMillis(300)); // long enough for the next request to arrive meanwhile
    GapSync sync = sync(FAST, tags);
    sync.partnerUp();
    SyncReport report = sync.resync(range[0], range[1], List.of()).get(30, TimeUnit.SECONDS);
    assertEquals(6 * 200, report.values(), report.toString());
    for (String tag : tags) {
      assertEquals(rows(partnerArchive, tag, range), rows(archive, tag, range), tag);
    }
    assertEquals(2, partner.mostConcurrentHistoryReads(), "one tag read ahead of the one being written, no more");
  }

  @Test
  void aHealthFaultIsFilledFromItsMomentByTheRestartedStationOnly() throws Exception {
    long now = Ticks.now(Clock.systemUTC());
    long[] range = history(TAGS, 3000, now - 100 * SECOND); // this station lacks the last 100 s
    partner = HistoryPartner.start(partnerArchive);
    GapSync faulty = sync(FAST, TAGS);
    Instant detected = Ticks.toInstant(now - 100 * SECOND);
    GapWindow fault = faulty.noteFault("alarm sync", detected).orElseThrow();
    assertTrue(fault.id().startsWith(GapSync.HEALTH_FAULT), fault.id());
    assertEquals(Ticks.of(detected) - 60 * SECOND, fault.fromTicks(), "from the moment of the fault, less the margin");
    faulty.partnerUp();
    // a later window is filled by this run: the run has passed the fault window by then
    faulty.resync(range[0], range[0] + SECOND, List.of(TAGS.get(0))).get(30, TimeUnit.SECONDS);
    assertEquals(List.of(fault), faulty.pending(), "the station in Fault leaves its fault window for after the restart");
    faulty.close();

    GapSync restarted = sync(FAST, TAGS); // the same ledger, as after a restart
    restarted.partnerUp();
    Await.until(WAIT, "the fault window is filled", () -> restarted.pending().isEmpty());
    long[] window = {fault.fromTicks(), range[1]};
    for (String tag : TAGS) {
      assertEquals(rows(partnerArchive, tag, window), rows(archive, tag, window), tag);
    }
    assertTrue(restarted.lastReport().orElseThrow().values() >= 3 * 1000, restarted.lastReport().toString());
  }

  @Test
  void aProcessConnectionFaultIsFilledForEveryTagOnceItClears() throws Exception {
    long now = Ticks.now(Clock.systemUTC());
    long[] range = history(TAGS, 3000, now - 200 * SECOND); // this station lacks the last 200 s
    partner = HistoryPartner.start(partnerArchive);
    AtomicBoolean live = new AtomicBoolean(true);
    GapSync sync = sync(FAST, TAGS, live::get);
    sync.start();
    sync.partnerUp();
    live.set(false);
    Await.until(WAIT, "a fault window opens", () -> sync.pending().stream().anyMatch(w -> w.id().startsWith("fault-")));
    GapWindow fault = sync.pending().stream().filter(w -> w.id().startsWith("fault-")).findFirst().orElseThrow();
    assertFalse(fault.endKnown(), "open while the fault lasts");
    assertTrue(fault.tags().isEmpty(), "every tag, i.e. every AS");
    live.set(true);
    Await.until(WAIT, "the fault window is filled", () -> sync.pending().isEmpty());
    long[] window = {fault.fromTicks(), range[1]};
    long[] before = {range[0], fault.fromTicks()};
    for (String tag : TAGS) {
      assertEquals(rows(partnerArchive, tag, window), rows(archive, tag, window), tag);
      assertTrue(rows(archive, tag, before).size() < rows(partnerArchive, tag, before).size(), "nothing before the window");
    }
  }

  @Test
  void aDeselectedKindIsNotCopied() throws Exception {
    long now = Ticks.now(Clock.systemUTC());
    long[] range = history(TAGS, 1000, now - 60 * SECOND);
    MessageRecord failure = systemMessage(now - 30 * SECOND, 1012200, "STATION-B");
    partnerArchive.messages().append(failure);
    partnerArchive.messages().flush();
    partner = HistoryPartner.start(partnerArchive);
    GapSync sync = sync(new SyncSettings(EnumSet.of(SyncKind.MESSAGES), 0), FAST, TAGS, () -> true);
    assertEquals(EnumSet.of(SyncKind.MESSAGES), sync.noteOwnDowntime().orElseThrow().kinds());
    long before = archive.values().count("Plant.A.Counter");
    sync.partnerUp();
    Await.until(WAIT, "the gap is filled", () -> sync.pending().isEmpty());
    assertTrue(archive.messages().find(failure.eventId()).isPresent(), "messages copied");
    assertEquals(before, archive.values().count("Plant.A.Counter"), "values not copied");
    assertTrue(before < rows(partnerArchive, "Plant.A.Counter", range).size());
  }

  @Test
  void userArchivesAndInternalTagsOpenNoGapWindows() throws Exception {
    history(TAGS, 10, Ticks.now(Clock.systemUTC())); // this station archived values: it has a down time
    archive.values().flush();
    var recordsOnly = new SyncSettings(EnumSet.of(SyncKind.USER_ARCHIVES, SyncKind.INTERNAL_TAGS), 0);
    GapSync sync = sync(recordsOnly, FAST, TAGS, () -> true);
    assertTrue(sync.noteOwnDowntime().isEmpty(), "they are exchanged apart from the windows (sync.records)");
    sync.partnerDown("test");
    assertTrue(sync.pending().isEmpty(), "no window, so no 1012208/1012209 for nothing");
  }

  @Test
  void onlyTheLastHoursOfALongOutageAreCopied() throws Exception {
    List<String> tag = List.of("Plant.A.Counter");
    long now = Ticks.now(Clock.systemUTC());
    long[] range = history(tag, 75_000, now - 7200 * SECOND); // 2 h 5 min on the partner, down for 2 h here
    partner = HistoryPartner.start(partnerArchive);
    GapSync sync = sync(new SyncSettings(EnumSet.of(SyncKind.VALUES), 1), FAST, tag, () -> true);
    GapWindow window = sync.noteOwnDowntime().orElseThrow();
    sync.partnerUp();
    Await.until(WAIT, "the window is done", () -> sync.pending().isEmpty());
    long lastHourFrom = sync.lastReport().orElseThrow().window().toTicks() - 3600 * SECOND;
    long[] lastHour = {lastHourFrom, range[1]};
    long[] earlier = {window.fromTicks(), lastHourFrom};
    assertEquals(rows(partnerArchive, tag.get(0), lastHour), rows(archive, tag.get(0), lastHour), "the last hour");
    assertTrue(rows(archive, tag.get(0), earlier).size() <= 600 + 1, "before it only what was there: the 60 s margin");
  }

  @Test
  void aNewStationHasNoGapAndLastHoursClipsAWindow() {
    assertTrue(sync(FAST, TAGS).noteOwnDowntime().isEmpty(), "empty archive: nothing to fill");
    var lastHour = new SyncSettings(EnumSet.of(SyncKind.VALUES), 1);
    long to = 1_000_000 * SECOND;
    assertEquals(to - 3600 * SECOND, lastHour.clippedFrom(to - 7200 * SECOND, to));
    assertEquals(to - 60 * SECOND, lastHour.clippedFrom(to - 60 * SECOND, to));
    assertEquals(to - 7200 * SECOND, SyncSettings.DEFAULT.clippedFrom(to - 7200 * SECOND, to));
  }
}
