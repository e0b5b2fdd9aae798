package io.twinua.tools.pair;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.Await;
import io.twinua.tools.pairlab.LoopbackPair;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 §2, messages: a system message raised on one station of a real pair reaches the other's
 * message archive while the terminal bus stays up (no outage, so no gap resync brings it), as
 * raised on the first, and does not come back.
 */
class PairMessageSyncTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration STARTUP = Duration.ofSeconds(120); // two stations starting on a busy machine
  private static final int SWITCHOVER = 1012240;

  @TempDir Path dir;

  @Test
  void aSwitchoverReportedByTheMasterReachesTheStandbysArchiveOnline() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepare(dir)) {
      LoopbackPair pair = prepared.pair();
      try {
        pair.startBoth();
        Await.until(STARTUP, "message sync subscribed both ways",
            () -> pair.a().stationLogText().contains("message sync with STATION-B: subscribed")
                && pair.b().stationLogText().contains("message sync with STATION-A: subscribed"));

        pair.a().toAs("AS1").cut(); // A (Master) goes to Fault and reports 1012240; the link stays up
        Await.until(WAIT, "A reports the switchover", () -> pair.a().redundancyLogText().contains("[" + SWITCHOVER + "]"));
        long reported = System.nanoTime();
        Await.until(WAIT, "B archives A's 1012240", () -> count(pair.b(), "station = 'STATION-A'") >= 1);
        long millis = (System.nanoTime() - reported) / 1_000_000;
        System.out.println("MEASURED A's 1012240 in B's message archive " + millis
            + " ms after it was in A's redundancy log (B's archive commits in batches)");
        assertTrue(pair.a().stationLogText().contains("terminal bus to STATION-B: UP")
            && !pair.a().stationLogText().contains("terminal bus to STATION-B: DOWN"), "no outage: it came online");

        // the barrier for echoes: A's own 1012240 rows are archived by now; wait for B's to settle too
        Await.until(WAIT, "A archived its own 1012240", () -> count(pair.a(), "station = 'STATION-A'") >= 1);
        long onA = count(pair.a(), "station = 'STATION-A'");
        Await.until(WAIT, "B holds each of A's", () -> count(pair.b(), "station = 'STATION-A'") == onA);
        assertTrue(!pair.b().redundancyLogText().contains("[" + SWITCHOVER + "]"), "B raised no 1012240 itself");
        Await.until(WAIT, "none archived as B's on A", () -> count(pair.a(), "station = 'STATION-B'") == 0);
        Await.until(WAIT, "B does not re-raise A's message as its own", () -> count(pair.b(), "station = 'STATION-B'") == 0);
        pair.a().toAs("AS1").restore();
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + pair.diagnostics(60), e);
      }
    }
  }

  /** Rows of the test message in a station's message archive that match {@code where}; -1 while busy. */
  private static long count(LoopbackPair.Station s, String where) {
    return PairArchives.messageRows(s, "message_number", SWITCHOVER, where);
  }
}
