package io.twinua.tools.pair;

import static io.twinua.tools.testing.ConditionEvents.ACKED;
import static io.twinua.tools.testing.ConditionEvents.ACTIVE;
import static io.twinua.tools.testing.ConditionEvents.CONDITION_ID;
import static io.twinua.tools.testing.ConditionEvents.ENABLED;
import static io.twinua.tools.testing.ConditionEvents.acknowledge;
import static io.twinua.tools.testing.ConditionEvents.disable;
import static io.twinua.tools.testing.ConditionEvents.enable;
import static io.twinua.tools.testing.ConditionEvents.isFalse;
import static io.twinua.tools.testing.ConditionEvents.isTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.testing.ConditionEvents;
import io.twinua.tools.testing.TestProject;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 §2, alarms: an operator change on one station of a real pair shows on the other within a
 * second, through real Milo clients of each station, without coming back as a second change; a
 * change made while the terminal bus was cut reaches the partner when it is back.
 */
class PairAlarmSyncTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ALARM = "Tank2Level";

  @TempDir Path dir;

  @Test
  void operatorChangesOnOneStationShowOnTheOtherOnceAndCatchUpAfterAnOutage() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepareEdited(dir, TestProject::tank2AlwaysHigh)) {
      LoopbackPair pair = prepared.pair();
      PairHmi hmi = prepared.hmi();
      try {
        pair.startBoth();
        OpcUaClient operatorA = PairClients.whenUp(() -> hmi.login(pair.a(), Role.OPERATOR), WAIT);
        OpcUaClient operatorB = PairClients.whenUp(() -> hmi.login(pair.b(), Role.OPERATOR), WAIT);
        OpcUaClient engineerB = hmi.login(pair.b(), Role.ENGINEER);
        Await.until(WAIT, "alarm sync subscribed both ways",
            () -> pair.a().stationLogText().contains("alarm sync with STATION-B: subscribed")
                && pair.b().stationLogText().contains("alarm sync with STATION-A: subscribed"));
        ConditionEvents onA = ConditionEvents.subscribe(operatorA, ALARM);
        ConditionEvents onB = ConditionEvents.subscribe(operatorB, ALARM);
        Variant[] raisedA = onA.refreshUntil(e -> isTrue(e[ACTIVE]) && isFalse(e[ACKED]));
        Variant[] raisedB = onB.refreshUntil(e -> isTrue(e[ACTIVE]) && isFalse(e[ACKED]));
        NodeId condition = (NodeId) raisedA[CONDITION_ID].getValue();
        assertEquals(condition, raisedB[CONDITION_ID].getValue(), "the same condition on both stations");

        long acked = System.nanoTime();
        assertEquals(StatusCode.GOOD, acknowledge(operatorA, condition, raisedA, "seen on A"));
        onB.next(e -> isTrue(e[ACKED]));
        long ackMillis = (System.nanoTime() - acked) / 1_000_000;
        System.out.println("MEASURED acknowledge on A seen acknowledged by a client of B after " + ackMillis + " ms");

        long disabled = System.nanoTime();
        assertEquals(StatusCode.GOOD, disable(engineerB, condition));
        onA.next(e -> isFalse(e[ENABLED]));
        long disableMillis = (System.nanoTime() - disabled) / 1_000_000;
        System.out.println("MEASURED disable on B seen disabled by a client of A after " + disableMillis + " ms");

        // both transitions archived on both stations, then look for echoes: none may follow
        for (LoopbackPair.Station s : pair.stations()) {
          Await.until(WAIT, s.name() + " archived the disable", () -> count(s, "enabled = 0") >= 1);
        }
        Thread.sleep(1_000); // an echo would take one publishing round trip (~0.3 s); give it three
        for (LoopbackPair.Station s : pair.stations()) {
          assertEquals(1, count(s, "active = 1 AND acked = 1"), s.name() + ": archived acknowledgements");
          assertEquals(1, count(s, "enabled = 0"), s.name() + ": archived disables");
        }
        assertEquals(1, count(pair.b(), "active = 1 AND acked = 1 AND station = 'STATION-A'"),
            "B's acknowledgement is archived as made on A");
        assertEquals(1, count(pair.a(), "enabled = 0 AND station = 'STATION-B'"),
            "A's disable is archived as made on B");
        assertTrue(ackMillis <= 1_000, "acknowledged on B within a second: " + ackMillis + " ms");
        assertTrue(disableMillis <= 1_000, "disabled on A within a second: " + disableMillis + " ms");

        OpcUaClient engineerA = hmi.login(pair.a(), Role.ENGINEER);
        assertEquals(StatusCode.GOOD, enable(engineerA, condition));
        onB.next(e -> isTrue(e[ENABLED]) && isTrue(e[ACTIVE]) && isFalse(e[ACKED]));

        // disabled on B while the terminal bus is cut: not retained, so no ConditionRefresh would
        // replay it; A reads it from B's condition when the link is back
        pair.a().toPartner().blackhole();
        pair.b().toPartner().blackhole();
        Await.until(WAIT, "terminal bus down both ways",
            () -> pair.a().stationLogText().contains("terminal bus to STATION-B: DOWN")
                && pair.b().stationLogText().contains("terminal bus to STATION-A: DOWN"));
        assertEquals(StatusCode.GOOD, disable(engineerB, condition));
        onB.next(e -> isFalse(e[ENABLED]));
        pair.a().toPartner().restore();
        pair.b().toPartner().restore();
        onA.next(e -> isFalse(e[ENABLED]));
        String fromB = "enabled = 0 AND station = 'STATION-B'";
        Await.until(WAIT, "A archived the catch-up", () -> count(pair.a(), fromB) >= 2);
        assertEquals(2, count(pair.a(), fromB), "A's catch-up is archived once, as made on B");
        engineerA.disconnectAsync();
        operatorA.disconnectAsync();
        operatorB.disconnectAsync();
        engineerB.disconnectAsync();
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + pair.diagnostics(60), e);
      }
    }
  }

  /** Rows of the test alarm in a station's message archive that match {@code where}; -1 while busy. */
  private static long count(LoopbackPair.Station s, String where) {
    return PairArchives.messageRows(s, "condition_name", ALARM, where);
  }
}
