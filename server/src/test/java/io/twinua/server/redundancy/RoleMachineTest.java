package io.twinua.server.redundancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One role machine fed by hand: input checks and the less common partner messages. */
class RoleMachineTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T08:00:00Z"));

  private RoleMachine machine(Set<LinkId> links) {
    return new RoleMachine("A", "abc", RedundancySettings.DEFAULT, links, EpochStore.inMemory(), clock);
  }

  private Heartbeat partner(RedundancyRole role, long epoch, long sequence) {
    return new Heartbeat("B", role, epoch, role == RedundancyRole.MASTER ? 1 : 0, 0, 3, false, true,
        false, Heartbeat.Request.NONE, "abc", sequence, clock.millis());
  }

  @Test
  void heartbeatOnALinkThatIsNotConfiguredIsAWiringError() {
    RoleMachine m = machine(EnumSet.of(LinkId.TERMINAL_BUS));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.onHeartbeat(LinkId.SERIAL, partner(RedundancyRole.MASTER, 1, 1), clock.instant()));
    assertTrue(e.getMessage().contains("SERIAL"), e.getMessage());
  }

  @Test
  void redundancyOnWithoutLinksIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> machine(Set.of()));
  }

  @Test
  void ownNameIsIgnored() {
    RoleMachine m = machine(EnumSet.allOf(LinkId.class));
    Heartbeat echo = new Heartbeat("A", RedundancyRole.MASTER, 5, 1, 0, 3, true, true, false, Heartbeat.Request.NONE,
        "abc", 1, clock.millis());
    m.onHeartbeat(LinkId.SERIAL, echo, clock.instant());
    assertEquals(RedundancyRole.UNDEFINED, m.role());
    assertFalse(m.partner().reachable());
  }

  @Test
  void duplicatesFromOtherLinksAndOlderHeartbeatsDoNotReplaceTheNewest() {
    RoleMachine m = machine(EnumSet.allOf(LinkId.class));
    Heartbeat newer = partner(RedundancyRole.MASTER, 4, 10);
    m.onHeartbeat(LinkId.TERMINAL_BUS, newer, clock.instant());
    m.onHeartbeat(LinkId.SERIAL, partner(RedundancyRole.MASTER, 3, 9), clock.instant());
    assertEquals(newer, m.partner().latest().orElseThrow());
    assertEquals(EnumSet.of(LinkId.TERMINAL_BUS, LinkId.SERIAL), m.partner().linksUp());
    assertEquals(RedundancyRole.STANDBY, m.role());
    assertEquals(4, m.epoch());
  }

  @Test
  void partnerLostAndBackOnlyCountsWhenEveryLinkIsDown() {
    RoleMachine m = machine(EnumSet.of(LinkId.TERMINAL_BUS, LinkId.STATUS_LAN));
    m.onHeartbeat(LinkId.TERMINAL_BUS, partner(RedundancyRole.MASTER, 1, 1), clock.instant());
    m.onHeartbeat(LinkId.STATUS_LAN, partner(RedundancyRole.MASTER, 1, 1), clock.instant());
    m.drainEvents();
    Duration timeout = Duration.ofMillis(RedundancySettings.DEFAULT.linkTimeoutMs());
    clock.advance(timeout);
    m.onHeartbeat(LinkId.STATUS_LAN, partner(RedundancyRole.MASTER, 1, 2), clock.instant());
    clock.advance(timeout.dividedBy(2));
    m.tick(clock.instant()); // terminal bus silent for 1.5 timeouts, LAN for half of one
    assertEquals(RedundancyRole.STANDBY, m.role());
    assertEquals(EnumSet.of(LinkId.STATUS_LAN), m.partner().linksUp());
    var events = m.drainEvents();
    assertEquals(1, events.size());
    assertEquals(1012222, events.get(0).messageNumber());
    clock.advance(timeout.dividedBy(2));
    m.tick(clock.instant());
    assertEquals(RedundancyRole.MASTER, m.role(), "the Standby replaces a lost Master at once");
    assertEquals(2, m.epoch());
    var lost = m.drainEvents();
    assertEquals(java.util.List.of(RedundancyEvent.Kind.RESERVE_CONNECTION_FAILED, RedundancyEvent.Kind.PARTNER_FAILURE,
        RedundancyEvent.Kind.SWITCH_TO_STATUS), lost.stream().map(RedundancyEvent::kind).toList());
    // the partner restarts: its sequence starts again at 1, but it was sent later
    clock.advance(Duration.ofSeconds(5));
    Heartbeat restarted = partner(RedundancyRole.UNDEFINED, 0, 1);
    m.onHeartbeat(LinkId.TERMINAL_BUS, restarted, clock.instant());
    assertEquals(restarted, m.partner().latest().orElseThrow());
    assertEquals(clock.instant(), m.partner().backAt().orElseThrow());
    assertEquals(RedundancyRole.MASTER, m.role());
    assertEquals(java.util.List.of(RedundancyEvent.Kind.MAIN_CONNECTION_READY, RedundancyEvent.Kind.PARTNER_BACK),
        m.drainEvents().stream().map(RedundancyEvent::kind).toList());
  }

  @Test
  void silenceWhileThisStationCouldNotRunDoesNotLoseThePartner() {
    RoleMachine m = machine(EnumSet.of(LinkId.TERMINAL_BUS));
    m.onHeartbeat(LinkId.TERMINAL_BUS, partner(RedundancyRole.MASTER, 1, 1), clock.instant());
    long timeout = RedundancySettings.DEFAULT.linkTimeoutMs();
    clock.advance(Duration.ofMillis(timeout + 100));

    m.tick(clock.instant(), 500); // 700 ms without a heartbeat, 500 of them deaf ourselves
    assertEquals(RedundancyRole.STANDBY, m.role());
    assertTrue(m.partner().reachable());

    clock.advance(Duration.ofMillis(400));
    m.tick(clock.instant(), 0); // now 600 ms of silence we could have heard
    assertEquals(RedundancyRole.MASTER, m.role(), "a partner silent while we listen is still lost");
  }

  /**
   * A paused partner that comes back first with a repeat of its last heartbeat (the terminal bus
   * re-reading the heartbeat node) is judged by its next, newer heartbeat: late, not lost. Judged
   * by the repeat, the loss stayed unjudged and a real pair's Standby took over a frozen Master
   * twice (PairScenariosTest#stationsFrozenAgainAndAgainMakeAtMostOneSwitch).
   */
  @Test
  void aRepeatOfTheLastHeartbeatLeavesTheLateNotLostJudgementToTheNextNewerOne() {
    RoleMachine m = machine(EnumSet.of(LinkId.TERMINAL_BUS, LinkId.STATUS_LAN));
    long period = RedundancySettings.DEFAULT.heartbeatPeriodMs();
    long timeout = RedundancySettings.DEFAULT.linkTimeoutMs();
    Heartbeat last = null;
    for (long seq = 1; seq <= 5; seq++) {
      last = partner(RedundancyRole.MASTER, 1, seq);
      m.onHeartbeat(LinkId.TERMINAL_BUS, last, clock.instant());
      m.onHeartbeat(LinkId.STATUS_LAN, last, clock.instant());
      clock.advance(Duration.ofMillis(period));
      m.tick(clock.instant(), 0);
    }
    assertEquals(RedundancyRole.STANDBY, m.role());
    clock.advance(Duration.ofMillis(timeout + 100)); // the partner's machine paused
    m.tick(clock.instant(), 0);
    assertEquals(RedundancyRole.MASTER, m.role(), "the paused partner is lost");

    m.onHeartbeat(LinkId.TERMINAL_BUS, last, clock.instant()); // its last heartbeat once more
    assertEquals(timeout, linkTimeoutMs(m), "a repeat tells nothing of the sequence");
    m.onHeartbeat(LinkId.STATUS_LAN, partner(RedundancyRole.MASTER, 1, 6), clock.instant()); // the next one

    assertEquals(2 * timeout, linkTimeoutMs(m), "late, not lost: the link timeout doubles");
  }

  private long linkTimeoutMs(RoleMachine m) {
    return m.diagnostics(clock.instant()).timers().get("linkTimeout").lengthMs();
  }

  @Test
  void withoutDeafTimeTheSameSilenceLosesThePartner() {
    RoleMachine m = machine(EnumSet.of(LinkId.TERMINAL_BUS));
    m.onHeartbeat(LinkId.TERMINAL_BUS, partner(RedundancyRole.MASTER, 1, 1), clock.instant());
    clock.advance(Duration.ofMillis(RedundancySettings.DEFAULT.linkTimeoutMs() + 100));
    m.tick(clock.instant(), 0);
    assertEquals(RedundancyRole.MASTER, m.role());
  }

  @Test
  void healthFailureWithoutPartnerIsReported() {
    RoleMachine m = machine(EnumSet.of(LinkId.TERMINAL_BUS));
    clock.advance(Duration.ofMillis(RedundancySettings.DEFAULT.startupWindowMs()));
    m.tick(clock.instant());
    assertEquals(RedundancyRole.MASTER, m.role());
    m.onLocalStatus(new LocalStatus(0, 3, false, false));
    assertEquals(RedundancyRole.FAULT, m.role());
    var kinds = m.drainEvents().stream().map(RedundancyEvent::kind).toList();
    assertTrue(kinds.contains(RedundancyEvent.Kind.FAILURE_TRIGGERED_SWITCHOVER));
    assertTrue(kinds.contains(RedundancyEvent.Kind.FAULT_PARTNER_NOT_AVAILABLE));
    m.onLocalStatus(new LocalStatus(0, 3, true, false));
    assertEquals(RedundancyRole.MASTER, m.role(), "healthy again and alone: serve rather than nobody");
  }

  @Test
  void settingsAreValidated() {
    assertEquals(RedundancySettings.DEFAULT, RedundancySettings.create(b -> {}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RedundancySettings.create(b -> b.linkTimeoutMs(50)));
    assertTrue(e.getMessage().contains("redundancy.linkTimeoutMs"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RedundancySettings.create(b -> b.linkTimeoutMs(1000).startupWindowMs(500)));
    assertTrue(e.getMessage().contains("redundancy.startupWindowMs"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RedundancySettings.create(b -> b.stabilityDelayMs(-1)));
    assertTrue(e.getMessage().contains("redundancy.stabilityDelayMs"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LocalStatus(4, 3, true, false));
  }

  @Test
  void impairedStationKeepsItsRoleAndTellsThePartnerItIsImpairedNotUnhealthy() {
    RoleMachine m = machine(EnumSet.of(LinkId.TERMINAL_BUS));
    m.onHeartbeat(LinkId.TERMINAL_BUS, partner(RedundancyRole.STANDBY, 1, 1), clock.instant());
    assertEquals(RedundancyRole.MASTER, m.role());
    m.drainEvents();

    m.onLocalStatus(new LocalStatus(0, 3, true, true));
    clock.advance(Duration.ofMillis(RedundancySettings.DEFAULT.stabilityDelayMs()));
    m.onHeartbeat(LinkId.TERMINAL_BUS, partner(RedundancyRole.STANDBY, 1, 2), clock.instant());
    m.tick(clock.instant());

    assertEquals(RedundancyRole.MASTER, m.role());
    assertTrue(m.drainEvents().isEmpty());
    Heartbeat told = m.nextHeartbeat(clock.instant());
    assertTrue(told.healthy());
    assertTrue(told.impaired(), "the partner shows our degraded level in its RedundantServerArray");
    assertEquals(ServiceLevels.of(RedundancyRole.MASTER, m.localStatus(), false),
        ServiceLevels.of(told.role(), told.localStatus(), false));
  }
}
