package io.twinua.tools.pair;

import static io.twinua.tools.pair.PairClients.MASTER;
import static io.twinua.tools.pair.PairClients.STANDBY;
import static io.twinua.tools.pair.PairClients.state;
import static io.twinua.tools.pair.PairArchives.SECOND;
import static io.twinua.tools.pair.PairArchives.archivedBefore;
import static io.twinua.tools.pair.PairArchives.event;
import static io.twinua.tools.pair.PairArchives.expected;
import static io.twinua.tools.pair.PairArchives.hasEvent;
import static io.twinua.tools.pair.PairArchives.history;
import static io.twinua.tools.pair.PairArchives.missing;
import static io.twinua.tools.pair.PairArchives.newestTruth;
import static io.twinua.tools.pair.PairArchives.now;
import static io.twinua.tools.pair.PairArchives.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.Await;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.plcsim.TruthValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour doc §5 "after an outage", with real processes, real SQLite and the PLC simulator's
 * ground truth: the Standby is killed (kill -9) under PLC load for about 18 s and restarted. Once
 * its gap resync reports 1012209, its raw history of PLC tags over the whole outage equals the
 * Master's history (no value lost, none twice), which holds every value the PLC produced in the
 * window and nothing else. The
 * Master's partner-failure message of the outage is in the restarted station's event history.
 */
class PairResyncTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration OUTAGE = Duration.ofSeconds(18);
  /** The checked window opens this long before the kill. */
  private static final long LEAD = 5 * SECOND;
  /** AS tags of both automation stations: counters, analog values, strings. */
  private static final List<String> TAGS = List.of(
      "Intake.Pump1.RunSeconds", "Intake.Flow", "Treatment.BatchId", "Distribution.Flow");

  @TempDir Path dir;

  @Test
  void killedStandbyGetsTheOutageFromTheMaster() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepare(dir)) {
      LoopbackPair pair = prepared.pair();
      try {
        scenario(pair, prepared.hmi());
      } catch (AssertionError | Exception e) {
        throw new AssertionError(e.getMessage() + pair.diagnostics(80), e);
      }
    }
  }

  private void scenario(LoopbackPair pair, PairHmi hmi) throws Exception {
    pair.startBoth();
    OpcUaClient first = PairClients.whenUp(() -> hmi.anonymous(pair.a()), WAIT);
    OpcUaClient second = PairClients.whenUp(() -> hmi.anonymous(pair.b()), WAIT);
    // usually A is Master; on a loaded machine B may start first and take the role: either way
    Await.until(WAIT, "one Master and one Standby", () -> (state(first) == MASTER && state(second) == STANDBY)
        || (state(first) == STANDBY && state(second) == MASTER));
    boolean aIsMaster = state(first) == MASTER;
    // from here on "A" is the Master and "B" the Standby that is killed
    LoopbackPair.Station master = aIsMaster ? pair.a() : pair.b();
    LoopbackPair.Station standby = pair.partnerOf(master);
    OpcUaClient a = aIsMaster ? first : second;
    OpcUaClient[] b = {aIsMaster ? second : first};
    Await.until(WAIT, "B archives PLC values", () -> history(b[0], "Intake.Pump1.RunSeconds", now() - 60 * SECOND, now()).size() > 20);
    // Every value of the window must be archived live by both, so both must have subscribed to both
    // ASes before it opens. Without this wait a loaded machine opened the window on values produced
    // before either station had subscribed (the first 3 updates of every tag, on neither station).
    Await.until(WAIT, "both stations archive both ASes since before the window", () -> {
      long before = now() - LEAD - SECOND;
      return archivedBefore(a, before) && archivedBefore(b[0], before);
    });
    b[0].disconnectAsync();

    long killed = now();
    standby.process().kill();
    Await.until(WAIT, "the Master reports the partner failure", () -> master.redundancyLogText().contains("[1012200]"));
    // the outage lasts until the PLC has produced OUTAGE worth of values without B
    Await.until(WAIT.plus(OUTAGE), "PLC values of " + OUTAGE.toSeconds() + " s without B",
        () -> newestTruth(pair) > killed + OUTAGE.toSeconds() * SECOND);
    long restarted = now();
    standby.process().start();
    b[0] = PairClients.whenUp(() -> hmi.anonymous(standby), WAIT);
    Await.until(WAIT, "B Standby again, A stays Master", () -> state(b[0]) == STANDBY && state(a) == MASTER);
    // B's own down time, noted at its start-up from the newest value in its archive
    Await.until(WAIT, "B's gap resync finished", () -> standby.redundancyLogText().contains("[1012209] Archive synchronisation finished: down-"));
    long synced = now();
    String log = standby.redundancyLogText();
    assertTrue(log.contains("[1012208]"), "start reported:\n" + log);
    assertFalse(log.contains("[1012203]"), "no failure:\n" + log);
    for (LoopbackPair.Station s : pair.stations()) {
      assertFalse(s.redundancyLogText().contains("synchronisation started: fault-"), "no process-connection fault on "
          + s.name() + ":\n" + s.redundancyLogText());
    }

    // the window: from before the kill to after B archives live again, ended in the past
    long from = killed - LEAD;
    long to = restarted + 10 * SECOND;
    Await.until(WAIT, "truth and both archives past the window", () -> newestTruth(pair) > to + SECOND
        && !history(b[0], "Intake.Pump1.RunSeconds", to, to + 5 * SECOND).isEmpty()
        && !history(a, "Intake.Pump1.RunSeconds", to, to + 5 * SECOND).isEmpty());
    Map<String, List<TruthValue>> truth = PairArchives.truth(pair);
    int outageValues = 0;
    for (String tag : TAGS) {
      List<String> expected = expected(truth.get(tag), from, to);
      outageValues += (int) truth.get(tag).stream()
          .filter(t -> t.sourceTicks() >= killed && t.sourceTicks() < restarted).count();
      assertFalse(expected.isEmpty(), tag + " produced values in the window");
      List<String> onB = text(history(b[0], tag, from, to));
      List<String> onA = text(history(a, tag, from, to));
      // the resync's promise: B holds exactly what its partner holds (nothing lost, nothing twice)
      assertEquals(onA, onB, tag + " on the restarted Standby B vs the Master A; missing on B " + missing(onA, onB)
          + " (killed " + killed + ", restarted " + restarted + ")");
      assertEquals(List.of(), missing(onB, expected), tag + ": values the PLC never produced");
      // every value is pushed to the stations (no sampling), so the Master archived all of them live
      assertEquals(List.of(), missing(expected, onA), tag + ": values the Master did not archive live");
    }

    // the Master's partner-failure message of the outage, by its event id
    Variant[] failure = event(a, from, to, "[1012200]");
    assertTrue(hasEvent(b[0], from, to, failure[0].value()), "B's message archive holds A's " + failure[1].value());

    Matcher m = Pattern.compile("\\[1012209] Archive synchronisation finished: down-[^\\n]*: (\\d+) values, (\\d+) messages in ([0-9.]+) s \\((\\d+) values/s\\)")
        .matcher(log);
    assertTrue(m.find(), log);
    System.out.println("MEASURED resync after kill -9 of the Standby for " + (restarted - killed) / SECOND + " s: "
        + m.group(1) + " values and " + m.group(2) + " messages in " + m.group(3) + " s (" + m.group(4)
        + " values/s); finished " + (synced - restarted) / SECOND + " s after the restart; " + outageValues
        + " values of the 4 checked tags produced while B was down");
    a.disconnectAsync();
    b[0].disconnectAsync();
  }
}
