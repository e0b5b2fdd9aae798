package io.twinua.tools.pair;

import static io.twinua.tools.pair.PairArchives.AS1_COUNTER;
import static io.twinua.tools.pair.PairArchives.SECOND;
import static io.twinua.tools.pair.PairArchives.now;
import static io.twinua.tools.pair.PairClients.FAULT;
import static io.twinua.tools.pair.PairClients.MASTER;
import static io.twinua.tools.pair.PairClients.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.testing.Await;
import io.twinua.server.testing.SmallVolume;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.pairlab.PairLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Self-diagnosis of a station in a running pair (issue 9 §2): a data volume that runs low, then
 * below its critical level (a real 8 MB tmpfs under station A's data dir), and server isolation of
 * a Fault station configured or not.
 */
class PairSelfDiagnosisTest {

  /** Generous: six helpers share two cores while this runs, and a station start alone took 40 s. */
  private static final Duration WAIT = Duration.ofSeconds(180);

  @TempDir Path dir;

  @Test
  void lowThenCriticalDataVolumeFaultsTheStationAndItsArchiveStaysReadable() throws Exception {
    try (SmallVolume volume = SmallVolume.mount(dir.resolve(PairLayout.Side.A.dataDir()), 8);
        PairHmi.Prepared prepared = PairHmi.prepare(dir)) {
      LoopbackPair pair = prepared.pair();
      selfDiagnosis(pair.a(), "diskWarningMb: 5", "diskCriticalMb: 3");
      List<Path> fillers = new ArrayList<>();
      pair.startBoth();
      try {
        OpcUaClient a = PairClients.whenUp(() -> prepared.hmi().anonymous(pair.a()), WAIT);
        OpcUaClient b = PairClients.whenUp(() -> prepared.hmi().anonymous(pair.b()), WAIT);
        Await.until(WAIT, "A archives values", () -> PairArchives.archivedBefore(a, now()));
        try {
          fillers.add(volume.fillLeaving(4L << 20));
          awaitLog(pair.a(), "[1012350]");
          assertTrue(pair.a().redundancyLogText().contains("below the warning level 5 MB"), pair.a().redundancyLogText());
          assertFalse(pair.a().redundancyLogText().contains("[1012351]"), "low space alone is no Fault");

          long beforeStop = now();
          fillers.add(volume.fillLeaving(2L << 20));
          awaitLog(pair.a(), "[1012351] System blockage detected, switch to Fault: data volume");
          Await.until(WAIT, "A in Fault, B Master", () -> state(a) == FAULT && state(b) == MASTER);
          awaitLog(pair.a(), "[1012354] Fault, but server isolation not activated");
          // what arrives after the stop is counted and reported, not silently dropped
          awaitLog(pair.a(), "[1012350] Possible inconsistency of the archive databases: archiving: value archiving stopped, ");
          // not isolated: A still serves, and its archive answers HistoryRead up to the stop
          assertFalse(PairArchives.history(a, AS1_COUNTER, beforeStop - 20 * SECOND, beforeStop).isEmpty(),
              "A's archive is readable after value archiving stopped");
          assertTrue(volume.freeBytes() > 0, "stopped before the volume ran full");
        } finally {
          a.disconnectAsync();
          b.disconnectAsync();
        }
      } catch (Throwable e) {
        throw new AssertionError(e.getMessage() + pair.diagnostics(60), e);
      }
      pair.a().process().stop();
      for (Path f : fillers) {
        Files.delete(f);
      }
      // the archive A left behind is sound (open runs quick_check) and holds the messages of the episode
      try (ArchiveDatabase archive = ArchiveDatabase.open(pair.a().dataDir().resolve("archive").resolve("twinua.db"),
          ArchiveSettings.defaults())) {
        assertTrue(archive.values().tags().size() > 0, "values archived before the stop are there");
        List<Integer> numbers = archive.messages().read(1, 0, 0, null).stream().map(r -> r.messageNumber()).toList();
        assertTrue(numbers.contains(1012351) && numbers.contains(1012354), "messages still archived in the reserve: " + numbers);
      }
    }
  }

  @Test
  void faultStationIsolatesItselfOnceThePartnerCanServe() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepare(dir)) {
      LoopbackPair pair = prepared.pair();
      // a critical level above any free space: A stops archiving values and is in Fault from the start
      selfDiagnosis(pair.a(), "diskWarningMb: 10000000", "diskCriticalMb: 10000000", "isolateOnFault: true");
      try {
        pair.a().process().start();
        awaitLog(pair.a(), "[1012351]");
        awaitLog(pair.a(), "[1012355] Fault, isolation blocked (reason): partner STATION-B not reachable");
        OpcUaClient a = prepared.hmi().anonymous(pair.a());
        assertEquals(FAULT, state(a), "A serves its clients while isolating is blocked");

        pair.b().process().start();
        awaitLog(pair.a(), "[1012356] Fault, server isolated");
        OpcUaClient b = PairClients.whenUp(() -> prepared.hmi().anonymous(pair.b()), WAIT);
        Await.until(WAIT, "B Master", () -> state(b) == MASTER);
        assertThrows(Exception.class, () -> prepared.hmi().anonymous(pair.a()), "an isolated station refuses clients");
        awaitLog(pair.b(), "[1012200] Partner station failure: partner STATION-A"); // no heartbeat from A on any link
        assertFalse(pair.a().redundancyLogText().contains("[1012354]"), "isolation was configured");
        a.disconnectAsync();
        b.disconnectAsync();
      } catch (Throwable e) {
        throw new AssertionError(e.getMessage() + pair.diagnostics(60), e);
      }
    }
  }

  private static void awaitLog(LoopbackPair.Station s, String text) throws InterruptedException {
    Await.until(WAIT, s.name() + " logs " + text, () -> s.redundancyLogText().contains(text));
  }

  /** Appends a {@code selfDiagnosis:} section to {@code s}'s station file before it starts. */
  private static void selfDiagnosis(LoopbackPair.Station s, String... keys) throws Exception {
    PairLayout.Side side = s.name().equals(PairLayout.Side.A.station()) ? PairLayout.Side.A : PairLayout.Side.B;
    Path file = side.stationFile(s.dataDir().getParent());
    StringBuilder section = new StringBuilder("selfDiagnosis:\n");
    for (String k : keys) {
      section.append("  ").append(k).append('\n');
    }
    Files.writeString(file, section, StandardOpenOption.APPEND);
  }
}
