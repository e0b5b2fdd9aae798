package io.twinua.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveDigests;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.Ticks;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
    GapSync sync = new GapSync("STATION-A", SyncSettings.DEFAULT, GapLedger.open(dir.resolve("station")), archive, TAGS,
        () -> true, new GapSync.Partner("STATION-B", HistoryPartner.PLANT_NS, () -> Optional.of(partner.client())),
        this::raise, Clock.systemUTC(), FAST);
    toClose.add(sync);
    sync.partnerUp();
    DigestCompare compare = new DigestCompare("STATION-A", archive.digests(), TAGS,
        (from, to) -> CompletableFuture.supplyAsync(() -> partnerArchive.digests().stored(from, to)),
        sync, () -> master, this::raise, insideTheCurrentBucket(), timing);
    toClose.add(compare);
    compare.start();
    return compare;
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
    long deleted = current - 2 * ArchiveDigests.BUCKET_TICKS + 100 * SECOND;
    long changed = current - ArchiveDigests.BUCKET_TICKS + 100 * SECOND;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + archive.file());
        Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("DELETE FROM value WHERE source_ticks = " + deleted
          + " AND tag_id = (SELECT id FROM tag WHERE name = 'Plant.A.Counter')"));
      assertEquals(1, s.executeUpdate("UPDATE value SET v = v + 0.25 WHERE source_ticks = " + changed
          + " AND tag_id = (SELECT id FROM tag WHERE name = 'Plant.A.Level')"));
    }
    assertNotEquals(rows(partnerArchive, "Plant.A.Counter"), rows(archive, "Plant.A.Counter"));
    assertNotEquals(rows(partnerArchive, "Plant.A.Level"), rows(archive, "Plant.A.Level"));
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
  void equalArchivesRaiseNothing() throws Exception {
    DigestCompare compare = compare(false);
    compared(compare);
    assertEquals(0, inconsistencies(), raised.toString());
    assertEquals(Optional.of(Ticks.toInstant(current)), compare.syncedUpTo());
    assertTrue(raised.isEmpty(), "no resync either: " + raised);
  }
}
