package io.twinua.server.redundancy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinua.server.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The role machine's view for the station diagnostics: the pair rule's verdict and the stability timer. */
class RoleDiagnosticsTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T08:00:00Z"));

  private Heartbeat standby(int defectiveAs, long sequence) {
    return new Heartbeat("B", RedundancyRole.STANDBY, 1, 0, defectiveAs, 3, false, true, false, Heartbeat.Request.NONE,
        "abc", sequence, clock.millis());
  }

  @Test
  void aMasterWithMoreDefectiveAsSeesTheStabilityTimerRunAndThePartnerPreferred() {
    RoleMachine m = new RoleMachine("A", "abc", RedundancySettings.DEFAULT, EnumSet.of(LinkId.TERMINAL_BUS),
        EpochStore.inMemory(), clock);
    long length = RedundancySettings.DEFAULT.stabilityDelayMs();
    assertEquals(Optional.empty(), m.diagnostics(clock.instant()).localWins(), "no partner heard");
    assertEquals(RedundancySettings.DEFAULT.startupWindowMs(), m.diagnostics(clock.instant()).timers().get("startupWindow").remainingMs());

    m.onHeartbeat(LinkId.TERMINAL_BUS, standby(0, 1), clock.instant());
    assertEquals(RedundancyRole.MASTER, m.role());
    assertEquals(0, m.diagnostics(clock.instant()).timers().get("startupWindow").remainingMs());
    assertEquals(new RoleDiagnostics.Timer(0, length), m.diagnostics(clock.instant()).timers().get("stabilityDelay"));

    m.onLocalStatus(LocalStatus.healthy(1, 3));
    m.nextHeartbeat(clock.instant()); // the rule compares what we told the partner
    m.tick(clock.instant());
    clock.advance(Duration.ofMillis(length / 4));
    m.onHeartbeat(LinkId.TERMINAL_BUS, standby(0, 2), clock.instant());
    RoleDiagnostics d = m.diagnostics(clock.instant());
    assertEquals(new RoleDiagnostics.Timer(length - length / 4, length), d.timers().get("stabilityDelay"));
    assertEquals(Optional.of(false), d.localWins(), "the partner has fewer defective AS");
    assertEquals(Heartbeat.Request.NONE, d.request());
  }
}
