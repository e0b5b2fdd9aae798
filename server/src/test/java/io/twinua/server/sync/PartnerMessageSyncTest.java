package io.twinua.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.MessageRecord;
import io.twinua.server.archive.Ticks;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.messages.SystemMessageRecord;
import io.twinua.server.messages.SystemMessages;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.station.MessageRecords;
import io.twinua.server.sync.online.PartnerMessageSync;
import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online sync of system messages between two real Milo servers on loopback, each with its own
 * SQLite message archive and event history: what one station raises reaches the other's archive as
 * it happens, under its own id and station, and never comes back.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PartnerMessageSyncTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Like the station's, with a settle wait so the partner has committed a window's end before it is read. */
  private static final GapSync.Timing TIMING =
      new GapSync.Timing(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO, 1_000_000, Duration.ofSeconds(1));

  @TempDir Path dir;

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<String> raisedByA = new CopyOnWriteArrayList<>();
  private final List<String> raisedByB = new CopyOnWriteArrayList<>();
  private ArchiveDatabase archiveA;
  private ArchiveDatabase archiveB;
  private HistoryPartner stationA;
  private HistoryPartner stationB;
  private SystemMessages messagesA;
  private SystemMessages messagesB;

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private void startPair() throws Exception {
    archiveA = ArchiveDatabase.open(dir.resolve("a").resolve("twinua.db"), ArchiveSettings.defaults());
    closing.add(archiveA);
    archiveB = ArchiveDatabase.open(dir.resolve("b").resolve("twinua.db"), ArchiveSettings.defaults());
    closing.add(archiveB);
    stationA = HistoryPartner.start(archiveA);
    closing.add(stationA);
    stationB = HistoryPartner.start(archiveB);
    closing.add(stationB);
    messagesA = new SystemMessages(stationA.server(), "STATION-A", m -> archiveA.messages().append(MessageRecords.of(m)),
        Clock.systemUTC());
    messagesB = new SystemMessages(stationB.server(), "STATION-B", m -> archiveB.messages().append(MessageRecords.of(m)),
        Clock.systemUTC());
  }

  /** A gap resync of station A, fed from B, with the link UP. */
  private GapSync gapSyncOfA() {
    GapSync sync = new GapSync("STATION-A", SyncSettings.DEFAULT, GapLedger.open(dir.resolve("a")), archiveA, List.of(),
        () -> true, new GapSync.Partner("STATION-B", HistoryPartner.PLANT_NS, () -> Optional.of(stationB.client())),
        (m, detail) -> raisedByA.add(m.number() + " " + detail), Clock.systemUTC(), TIMING);
    closing.add(sync);
    sync.partnerUp();
    return sync;
  }

  /** {@code station} takes over the system messages of {@code partner}. */
  private PartnerMessageSync sync(String station, String partnerName, HistoryPartner partner,
      Consumer<MessageRecord> archive, PartnerMessageSync.CatchUp catchUp, int queueBound, List<String> raised)
      throws InterruptedException {
    var sync = new PartnerMessageSync(() -> LinkState.UP, () -> Optional.of(partner.client()), partnerName, station,
        archive, catchUp, (m, detail) -> raised.add(m.number() + " " + detail), queueBound, Clock.systemUTC());
    closing.add(sync);
    sync.start();
    Await.until(WAIT, station + " subscribed to " + partnerName + "'s messages", sync::subscribed);
    return sync;
  }

  private static boolean holds(ArchiveDatabase archive, SystemMessageRecord m) {
    return archive.messages().find(m.eventId()).isPresent();
  }

  @Test
  void eachStationArchivesThePartnersMessagesAsTheyHappenOnceAndSendsNoneBack() throws Exception {
    startPair();
    List<String> catchUps = new CopyOnWriteArrayList<>();
    PartnerMessageSync.CatchUp none = (from, to, reason) -> catchUps.add(reason);
    sync("STATION-A", "STATION-B", stationB, archiveA.messages()::appendWaiting, none, PartnerMessageSync.QUEUE_BOUND,
        raisedByA);
    sync("STATION-B", "STATION-A", stationA, archiveB.messages()::appendWaiting, none, PartnerMessageSync.QUEUE_BOUND,
        raisedByB);
    long from = Ticks.now(Clock.systemUTC());

    SystemMessageRecord onB = messagesB.raise(SystemMessage.MAIN_CONNECTION_INTERRUPTED, "AS1");
    Await.until(WAIT, "A archives B's 1012222", () -> holds(archiveA, onB));
    MessageRecord taken = archiveA.messages().find(onB.eventId()).orElseThrow();
    assertEquals("STATION-B", taken.stationName(), "the station that raised it");
    assertEquals(Integer.valueOf(1012222), taken.messageNumber());
    assertEquals(onB.text(), taken.message());
    assertEquals(Ticks.of(onB.time()), taken.timeTicks());

    // barriers: each station's events reach the partner in order, so an echo of the message
    // before would have arrived before them
    SystemMessageRecord onA = messagesA.raise(SystemMessage.SWITCH_TO_STATUS, "Master");
    Await.until(WAIT, "B archives A's 1012241", () -> holds(archiveB, onA));
    SystemMessageRecord againOnB = messagesB.raise(SystemMessage.MAIN_CONNECTION_READY, "AS1");
    Await.until(WAIT, "A archives B's 1012223", () -> holds(archiveA, againOnB));
    archiveA.messages().flush();
    archiveB.messages().flush();
    for (ArchiveDatabase archive : List.of(archiveA, archiveB)) {
      assertEquals(3, archive.messages().count(), "each of the three messages once, none sent back");
      assertEquals("STATION-A", archive.messages().find(onA.eventId()).orElseThrow().stationName());
      assertEquals("STATION-B", archive.messages().find(againOnB.eventId()).orElseThrow().stationName());
    }

    // a gap resync of the same time copies the same messages again: they are stored once
    SyncReport report = gapSyncOfA().resyncMessages(from - 10_000_000L, Ticks.now(Clock.systemUTC()) + 1, "test")
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(report.messages() >= 3, "the partner's history holds the three: " + report);
    archiveA.messages().flush();
    assertEquals(3, archiveA.messages().count(), "still each message once");
    assertEquals(List.of(), catchUps, "nothing was dropped");
    assertEquals(List.of(), raisedByB, "no overload");
  }

  @Test
  void aBurstTooLargeForTheQueueIsReportedOnceAndFetchedFromThePartnersHistory() throws Exception {
    startPair();
    GapSync gapSync = gapSyncOfA();
    AtomicBoolean hold = new AtomicBoolean();
    List<String> windows = new CopyOnWriteArrayList<>();
    CountDownLatch released = new CountDownLatch(1);
    closing.add(released::countDown);
    sync("STATION-A", "STATION-B", stationB, record -> {
      if (hold.get()) {
        try {
          released.await(1, TimeUnit.MINUTES); // A's worker is stuck archiving while the burst arrives
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      archiveA.messages().appendWaiting(record);
    }, (from, to, reason) -> {
      windows.add(reason);
      gapSync.resyncMessages(from, to, reason);
    }, 2, raisedByA);

    List<SystemMessageRecord> onB = new ArrayList<>();
    onB.add(messagesB.raise(SystemMessage.PARTNER_CONNECTION_FAILED, "first"));
    Await.until(WAIT, "the sync is running", () -> holds(archiveA, onB.get(0)));

    hold.set(true);
    for (int i = 0; i < 30; i++) {
      onB.add(messagesB.raise(SystemMessage.RESERVE_CONNECTION_FAILED, "burst " + i));
    }
    Await.until(WAIT, "1012244 raised", () -> raisedByA.stream().anyMatch(m -> m.startsWith("1012244 ")));
    hold.set(false);
    released.countDown();

    Await.until(WAIT, "A holds every message of B's burst",
        () -> onB.stream().allMatch(m -> holds(archiveA, m)));
    // the burst may reach A in more than one publish, each spell of drops reported once and fetched
    long reports = raisedByA.stream().filter(m -> m.startsWith("1012244 ")).count();
    assertTrue(reports >= 1 && reports <= windows.size(), reports + " reports, fetched " + windows + ": " + raisedByA);
    Await.until(WAIT, "the dropped ones came through a gap window: " + raisedByA,
        () -> raisedByA.stream().anyMatch(m -> m.startsWith("1012209 ")));
    archiveA.messages().flush();
    assertEquals(onB.size(), archiveA.messages().count(), "each message of B once");
    for (SystemMessageRecord m : onB) {
      assertEquals("STATION-B", archiveA.messages().find(m.eventId()).orElseThrow().stationName());
    }
  }
}
