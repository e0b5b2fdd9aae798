package io.twinua.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveDigests;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.Ticks;
import io.twinua.server.health.ApplicationHealth;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digest compare between two real SQLite archives; the repairs read history over a real Milo
 * client from a real Milo server answering with the station's own readers ({@link HistoryPartner}).
 */
class DigestCompareTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final long SECOND = 10_000_000L;
  private static final List<String> TAGS = GapSyncTest.TAGS;
  private static final GapSync.Timing FAST = GapSyncTest.FAST;
  /** Never by the period in a test: compares run when asked. */
  private static final DigestCompare.Timing ON_REQUEST =
      new DigestCompare.Timing(Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO);

  @TempDir Path dir;

  private ArchiveDatabase partnerArchive;
  private ArchiveDatabase archive;
  private HistoryPartner partner;
  private final List<String> raised = new CopyOnWriteArrayList<>();
  private final AtomicInteger compares = new AtomicInteger();
  private GapLedger ledger;
  private GapSync sync;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  /** Start of the bucket being written now: the compare covers the buckets before it. */
  private final long current = ArchiveDigests.bucketStart(Ticks.now(Clock.systemUTC()));

  @BeforeEach
  void archives() throws Exception {
    partnerArchive = ArchiveDatabase.open(dir.resolve("partner").resolve("twinua.db"), ArchiveSettings.defaults());
    archive = ArchiveDatabase.open(dir.resolve("station").resolve("archive").resolve("twinua.db"), ArchiveSettings.defaults());
    // the two buckets before the current one, one value per tag every 2 s, in both archives
    for (String tag : TAGS) {
      for (long t = current - 2 * ArchiveDigests.BUCKET_TICKS; t < current; t += 2 * SECOND) {
        long i = t / SECOND;
        Variant v = tag.endsWith("Text") ? new Variant("batch " + i) : tag.endsWith("Level") ? new Variant(i * 0.5) : new Variant(i);
        DataValue dv = new DataValue(v, null, new DateTime(t), new DateTime(t + 1000));
        partnerArchive.values().appendWaiting(tag, dv);
        archive.values().appendWaiting(tag, dv);
      }
    }
    partnerArchive.values().flush();
    archive.values().flush();
    partner = HistoryPartner.start(partnerArchive);
  }

  @AfterEach
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    partner.close();
    archive.close();
    partnerArchive.close();
  }

  /**
   * A compare of this station (not the Master unless {@code master}) with the partner. The
   * partner's digests are read from its archive directly: the {@code @RM_ArchiveDigest} method
   * only answers a PARTNER session (certificates), which {@link HistoryPartner} does not set up.
   */
  private DigestCompare compare(boolean master) {
    return compare(master, ON_REQUEST);
  }

  private DigestCompare compare(boolean master, DigestCompare.Timing timing) {
    return compare(master, TAGS,
        (from, to) -> CompletableFuture.supplyAsync(() -> partnerArchive.digests().stored(from, to)), timing);
  }

  /** @param tags the tags archived now */
  private DigestCompare compare(boolean master, List<String> tags, DigestCompare.PartnerCells partnerCells,
      DigestCompare.Timing timing) {
    ledger = GapLedger.open(dir.resolve("station"));
    sync = new GapSync("STATION-A", SyncSettings.DEFAULT, ledger, archive, tags,
        () -> true, new GapSync.Partner("STATION-B", HistoryPartner.PLANT_NS, () -> Optional.of(partner.client())),
        this::raise, Clock.systemUTC(), FAST);
    toClose.add(sync);
    sync.partnerUp();
    DigestCompare compare = new DigestCompare("STATION-A", archive.digests(), tags, partnerCells,
        sync, () -> master, this::raise, insideTheCurrentBucket(), timing);
    toClose.add(compare);
    compare.onChange(compares::incrementAndGet);
    compare.start();
    return compare;
  }

  /** Asks for a compare and waits until it finished. */
  private void comparedAgain(DigestCompare compare) throws InterruptedException {
    int before = compares.get();
    compare.compareSoon();
    Await.until(WAIT, "compare " + (before + 1) + " finished", () -> compares.get() > before);
  }

  /** Fixed, so a bucket starting during the test changes nothing compared. */
  private Clock insideTheCurrentBucket() {
    return Clock.fixed(Ticks.toInstant(current).plusSeconds(300), ZoneOffset.UTC);
  }

  private void raise(SystemMessage m, String detail) {
    raised.add(m.number() + " " + detail);
  }

  private long inconsistencies() {
    return raised.stream().filter(r -> r.startsWith(SystemMessage.ARCHIVE_INCONSISTENCY_POSSIBLE.number() + " ")).count();
  }

  private void compared(DigestCompare compare) throws InterruptedException {
    compare.compareSoon();
    Await.until(WAIT, "a compare finished", () -> compare.syncedUpTo().isPresent());
  }

  private List<String> rows(ArchiveDatabase db, String tag) {
    List<String> out = new ArrayList<>();
    for (DataValue v : db.rawValues().readRaw(tag, current - 2 * ArchiveDigests.BUCKET_TICKS, current, 0, false, null).values()) {
      out.add(v.getSourceTime().getUtcTime() + "=" + v.getValue().getValue() + "/" + v.getStatusCode());
    }
    return out;
  }

  /** Deletes one Counter row in the older bucket and changes one Level row in the newer, behind the archive's back. */
  private void tamper() throws Exception {
    deleteBehindTheBack("Plant.A.Counter", current - 2 * ArchiveDigests.BUCKET_TICKS + 100 * SECOND);
    long changed = current - ArchiveDigests.BUCKET_TICKS + 100 * SECOND;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + archive.file());
        Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("UPDATE value SET v = v + 0.25 WHERE source_ticks = " + changed
          + " AND tag_id = (SELECT id FROM tag WHERE name = 'Plant.A.Level')"));
    }
    assertNotEquals(rows(partnerArchive, "Plant.A.Counter"), rows(archive, "Plant.A.Counter"));
    assertNotEquals(rows(partnerArchive, "Plant.A.Level"), rows(archive, "Plant.A.Level"));
  }

  private void deleteBehindTheBack(String tag, long sourceTicks) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + archive.file());
        Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("DELETE FROM value WHERE source_ticks = " + sourceTicks
          + " AND tag_id = (SELECT id FROM tag WHERE name = '" + tag + "')"));
    }
  }

  @Test
  void aCompareRunsAfterEveryOutageResyncAndRepairs() throws Exception {
    DigestCompare compare = compare(false); // never by its period in this test
    for (int round = 1; round <= 2; round++) {
      deleteBehindTheBack("Plant.A.Counter", current - 2 * ArchiveDigests.BUCKET_TICKS + round * 100 * SECOND);
      assertNotEquals(rows(partnerArchive, "Plant.A.Counter"), rows(archive, "Plant.A.Counter"));
      int comparesBefore = compares.get();
      // an outage elsewhere (in the current bucket): its resync does not touch the deleted row
      ledger.put(GapWindow.open("partner-" + round, current, current + SECOND, "test outage " + round,
          Set.of(SyncKind.VALUES), List.of()));
      sync.partnerUp();
      int expected = round;
      Await.until(WAIT, "round " + round + ": a compare after the resync repaired the row",
          () -> compares.get() > comparesBefore && inconsistencies() == expected
              && rows(partnerArchive, "Plant.A.Counter").equals(rows(archive, "Plant.A.Counter")));
    }
    assertEquals(2, inconsistencies(), raised.toString());
  }

  @Test
  void aDifferenceOnlyInATagNoLongerArchivedIsRaisedOnceNotAtEveryCompare() throws Exception {
    // Plant.B.Text was removed from the project: no longer archived, its old rows stay
    deleteBehindTheBack("Plant.B.Text", current - 2 * ArchiveDigests.BUCKET_TICKS + 100 * SECOND);
    List<String> archived = List.of("Plant.A.Counter", "Plant.A.Level");
    DigestCompare compare = compare(false, archived,
        (from, to) -> CompletableFuture.supplyAsync(() -> partnerArchive.digests().stored(from, to)), ON_REQUEST);
    comparedAgain(compare);
    assertEquals(1, inconsistencies(), raised.toString());
    comparedAgain(compare);
    comparedAgain(compare);
    assertEquals(1, inconsistencies(), "the same unrepairable difference is not raised again: " + raised);
    assertEquals(Optional.of(Ticks.toInstant(current)), compare.syncedUpTo(), "every archived tag is equal");
    assertEquals(Optional.empty(), compare.differsFrom());
    for (String tag : archived) {
      assertEquals(rows(partnerArchive, tag), rows(archive, tag), tag);
    }

    // a new difference in the same cell is raised (and repaired) again
    deleteBehindTheBack("Plant.A.Counter", current - 2 * ArchiveDigests.BUCKET_TICKS + 100 * SECOND);
    comparedAgain(compare);
    assertEquals(2, inconsistencies(), raised.toString());
    assertEquals(rows(partnerArchive, "Plant.A.Counter"), rows(archive, "Plant.A.Counter"));
  }

  @Test
  void theHealthCheckFindsACompareHungInsideItsWorkButNotOneThatIsIdle() throws Exception {
    CountDownLatch hang = new CountDownLatch(1);
    AtomicBoolean hanging = new AtomicBoolean();
    DigestCompare compare = compare(false, TAGS, (from, to) -> {
      hanging.set(true);
      try {
        hang.await(1, TimeUnit.MINUTES); // a partner call that blocks the compare's own thread
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableFuture.completedFuture(List.of());
    }, ON_REQUEST);
    toClose.add(hang::countDown);
    PulseWatch watch = new PulseWatch("digest compare", compare.pulse());
    toClose.add(watch);
    List<String> dead = watch.dead;
    ApplicationHealth health = watch.health;
    assertEquals(Optional.empty(), ApplicationHealth.alive(compare.pulse(), Duration.ZERO).problem(),
        "idle between compares is alive");

    compare.compareSoon();
    Await.until(WAIT, "the hung compare found dead", () -> health.verdict().state() == ApplicationHealth.State.DEAD);
    assertTrue(hanging.get());
    assertEquals(1, dead.size(), dead.toString());
    assertTrue(dead.get(0).startsWith("digest compare: busy without a sign of life for "), dead.toString());
  }

  @Test
  void rowsDeletedAndChangedBehindTheStationsBackAreFoundAndRepairedFromThePartner() throws Exception {
    tamper();
    DigestCompare compare = compare(false);
    compared(compare);
    for (String tag : TAGS) {
      assertEquals(rows(partnerArchive, tag), rows(archive, tag), tag);
    }
    long from = current - 2 * ArchiveDigests.BUCKET_TICKS;
    assertEquals(partnerArchive.digests().stored(from, current), archive.digests().stored(from, current));
    assertEquals(List.of(), archive.digests().verify(from, current), "the stored digests tell the truth");
    assertEquals(1, inconsistencies(), raised.toString());
    assertTrue(raised.stream().anyMatch(r -> r.contains("2 cells (2 buckets") && r.contains("2 re-synced")), raised.toString());
    assertEquals(Optional.of(Ticks.toInstant(current)), compare.syncedUpTo());
  }

  @Test
  void theMasterLeavesAChangedValueToItsPartnerButRefillsADeletedOne() throws Exception {
    tamper();
    DigestCompare compare = compare(true);
    compared(compare);
    assertEquals(rows(partnerArchive, "Plant.A.Counter"), rows(archive, "Plant.A.Counter"), "a lost value comes back");
    assertNotEquals(rows(partnerArchive, "Plant.A.Level"), rows(archive, "Plant.A.Level"), "the Standby repairs this one");
    assertEquals(1, inconsistencies(), raised.toString());
    assertTrue(raised.stream().anyMatch(r -> r.contains("1 re-synced") && r.contains("1 left")), raised.toString());
    assertEquals(Optional.of(Ticks.toInstant(current - ArchiveDigests.BUCKET_TICKS)), compare.syncedUpTo(),
        "in sync up to the bucket the partner still has to repair");
  }

  /**
   * With {@code sync.window: {lastHours: 1}} a compare looks back one hour only: a value the
   * partner holds from two hours ago stays left out, as the outage resync leaves it out.
   */
  @Test
  void aCompareReachesNoFurtherBackThanTheProjectsSyncWindow() throws Exception {
    long twoHoursAgo = current - 12 * ArchiveDigests.BUCKET_TICKS + 100 * SECOND;
    partnerArchive.values().appendWaiting("Plant.A.Counter",
        new DataValue(new Variant(7), null, new DateTime(twoHoursAgo), new DateTime(twoHoursAgo)));
    partnerArchive.values().flush();
    var lastHour = new SyncSettings(SyncSettings.DEFAULT.kinds(), 1, 60);
    DigestCompare compare = compare(false, DigestCompare.Timing.of(lastHour));
    compared(compare);
    assertEquals(0, inconsistencies(), raised.toString());
    assertTrue(archive.rawValues().readRaw("Plant.A.Counter", twoHoursAgo, twoHoursAgo + 1, 0, false, null).values().isEmpty(),
        "the value of two hours ago is not copied");
    assertEquals(Duration.ofHours(24), DigestCompare.Timing.of(SyncSettings.DEFAULT).lookback(), "whole gap: the last day");
  }

  @Test
  void aCellLeftForThePartnerIsWhereTheStationDiffersFrom() throws Exception {
    tamper();
    DigestCompare compare = compare(true);
    compared(compare);
    assertEquals(Optional.of(Ticks.toInstant(current - ArchiveDigests.BUCKET_TICKS)), compare.differsFrom());
  }

  @Test
  void equalArchivesRaiseNothing() throws Exception {
    DigestCompare compare = compare(false);
    compared(compare);
    assertEquals(0, inconsistencies(), raised.toString());
    assertEquals(Optional.of(Ticks.toInstant(current)), compare.syncedUpTo());
    assertTrue(raised.isEmpty(), "no resync either: " + raised);
  }
}
