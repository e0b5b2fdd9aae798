package io.twinua.server.redundancy;

import static io.twinua.server.redundancy.RedundancyRole.FAULT;
import static io.twinua.server.redundancy.RedundancyRole.MASTER;
import static io.twinua.server.redundancy.RedundancyRole.STANDBY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.redundancy.RedundancyEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Two role machines over simulated links: the failure scenarios of redundancy-behaviour §4. */
class RoleMachinePairTest {

  private static final Duration TWO_SECONDS = Duration.ofSeconds(2);
  private static final Duration STEP = PairSimulation.STEP;
  /** Long enough for a station started alone to have become Master. */
  private static final Duration PAST_STARTUP = PairSimulation.STARTUP_WINDOW.plusSeconds(1);
  private static final Duration STABILITY_DELAY = PairSimulation.STABILITY_DELAY;

  /** A Master and a Standby, settled: A started first and is Master. */
  private static PairSimulation settledPair() {
    PairSimulation sim = PairSimulation.standard();
    sim.a.start();
    sim.run(PAST_STARTUP);
    sim.b.start();
    sim.run(Duration.ofSeconds(1));
    assertEquals(MASTER, sim.a.role());
    assertEquals(STANDBY, sim.b.role());
    return sim;
  }

  private static void neverTwoMasters(PairSimulation sim) {
    sim.onEachStep(s -> assertTrue(s.masters() <= 1, "two Masters at " + s.now()));
  }

  @Test
  void aloneBecomesMasterAfterTheStartupWindow() {
    PairSimulation sim = PairSimulation.standard();
    sim.a.start();
    sim.run(PairSimulation.STARTUP_WINDOW.minus(STEP));
    assertEquals(RedundancyRole.UNDEFINED, sim.a.role(), "waits for the partner during the start-up window");
    Duration taken = sim.runUntil(() -> sim.a.role() == MASTER, Duration.ofMillis(500), "A Master");
    assertTrue(taken.compareTo(STEP.multipliedBy(2)) <= 0, "took " + taken);
    assertEquals(1, sim.a.machine.epoch());
    assertEquals(sim.now().toEpochMilli(), sim.a.machine.masterSinceMillis());
    assertEquals(1, sim.a.events(Kind.CONNECTION_TO_PARTNER_FAILED).size());
    RedundancyEvent change = sim.a.roleChanges().get(0);
    assertEquals(RedundancyRole.UNDEFINED, change.oldRole());
    assertEquals(MASTER, change.newRole());
  }

  @Test
  void stationStartingBesideAMasterBecomesStandbyAndAdoptsItsEpoch() {
    PairSimulation sim = settledPair();
    assertEquals(sim.a.machine.epoch(), sim.b.machine.epoch());
    assertEquals(List.of(), sim.b.events(Kind.CONNECTION_TO_PARTNER_FAILED));
    assertEquals(1, sim.a.events(Kind.CONNECTION_TO_PARTNER_RESTORED).size(), "A started alone, then heard B");
    assertEquals("A", sim.a.machine.masterName().orElseThrow());
    assertEquals("A", sim.b.machine.masterName().orElseThrow());
  }

  @ParameterizedTest(name = "A default {0}, B default {1}, A sends first {2} -> Master {3}")
  @CsvSource({
      "true,  false, true,  A", "true,  false, false, A",
      "false, true,  true,  B", "false, true,  false, B",
      "true,  true,  true,  A", "true,  true,  false, A",
      "false, false, true,  A", "false, false, false, A"})
  void simultaneousStartTheDefaultMasterWinsElseTheSmallerName(boolean aDefault, boolean bDefault,
      boolean aFirst, String expectedMaster) {
    PairSimulation sim = new PairSimulation("A", s -> s.defaultMaster(aDefault), "B", s -> s.defaultMaster(bDefault));
    sim.aSendsFirst = aFirst;
    neverTwoMasters(sim);
    sim.a.start();
    sim.b.start();
    sim.run(Duration.ofMillis(600));
    PairSimulation.Station master = expectedMaster.equals("A") ? sim.a : sim.b;
    assertEquals(MASTER, master.role());
    assertEquals(STANDBY, master.other().role());
    assertEquals(master.machine.epoch(), master.other().machine.epoch());
    sim.run(Duration.ofSeconds(5));
    assertEquals(MASTER, master.role(), "the decision holds");
  }

  @Test
  void masterDiesStandbyTakesOverWithinLinkTimeoutAndOneTick() {
    PairSimulation sim = settledPair();
    long epochBefore = sim.b.machine.epoch();
    sim.a.kill();
    Duration taken = sim.runUntil(() -> sim.b.role() == MASTER, Duration.ofSeconds(2), "B Master");
    // the link timeout after the last heartbeat, seen at the next tick
    assertTrue(taken.compareTo(PairSimulation.LINK_TIMEOUT.plus(STEP.multipliedBy(2))) <= 0, "took " + taken);
    assertEquals(epochBefore + 1, sim.b.machine.epoch());
    List<RedundancyEvent> failures = sim.b.events(Kind.PARTNER_FAILURE);
    assertEquals(1, failures.size());
    assertEquals(sim.now(), failures.get(0).time());
    assertEquals(sim.now(), sim.b.machine.partner().failedAt().orElseThrow());
    assertFalse(sim.b.machine.partner().reachable());
  }

  @Test
  void returningPartnerBecomesStandbyAndTheSurvivorRecordsBothTimes() {
    PairSimulation sim = settledPair();
    sim.a.kill();
    sim.runUntil(() -> sim.b.role() == MASTER, TWO_SECONDS, "B Master");
    Instant failedAt = sim.b.machine.partner().failedAt().orElseThrow();
    sim.run(Duration.ofSeconds(10));
    sim.a.start();
    neverTwoMasters(sim);
    sim.runUntil(() -> sim.a.role() == STANDBY, TWO_SECONDS, "A Standby");
    sim.run(Duration.ofSeconds(5));
    assertEquals(MASTER, sim.b.role(), "the survivor stays Master");
    assertEquals(STANDBY, sim.a.role());
    assertEquals(sim.b.machine.epoch(), sim.a.machine.epoch(), "A adopts the survivor's epoch");
    List<RedundancyEvent> back = sim.b.events(Kind.PARTNER_BACK);
    assertEquals(1, back.size());
    assertEquals(sim.b.machine.partner().backAt().orElseThrow(), back.get(0).time());
    assertTrue(back.get(0).time().isAfter(failedAt.plusSeconds(10)));
    assertEquals(1, sim.b.events(Kind.PARTNER_FAILURE).size());
    assertEquals(failedAt, sim.b.events(Kind.PARTNER_FAILURE).get(0).time());
  }

  /** A's heartbeats reach B {@code lateMs} late, all of them, in order (B's machine is starved), then one Master again. */
  private static void lateHeartbeatsFromA(PairSimulation sim, long lateMs) {
    sim.hold(sim.a);
    sim.run(Duration.ofMillis(lateMs));
    sim.release(sim.a);
    sim.runUntil(() -> sim.masters() == 1, TWO_SECONDS, "one Master");
    sim.run(Duration.ofMillis(300));
  }

  private static long takeovers(PairSimulation.Station s) {
    return s.roleChanges().stream().filter(e -> e.newRole() == MASTER).count();
  }

  private static long linkTimeoutMs(PairSimulation sim, PairSimulation.Station s) {
    return s.machine.diagnostics(sim.now()).timers().get("linkTimeout").lengthMs();
  }

  @Test
  void heartbeatsArrivingLateGiveOneFalseTakeoverNotAStorm() {
    PairSimulation sim = settledPair();
    long before = takeovers(sim.b);

    for (int i = 0; i < 10; i++) {
      lateHeartbeatsFromA(sim, 800);
    }

    assertEquals(1, takeovers(sim.b) - before, "only the first late burst looks like a lost partner");
    assertEquals(MASTER, sim.a.role());
    assertEquals(STANDBY, sim.b.role());
    assertEquals(2 * PairSimulation.LINK_TIMEOUT.toMillis(), linkTimeoutMs(sim, sim.b));
    assertEquals(PairSimulation.LINK_TIMEOUT.toMillis(), linkTimeoutMs(sim, sim.a), "A heard B on time throughout");
  }

  @Test
  void aMasterThatDiesAfterLateHeartbeatsIsStillReplacedWithinTheRaisedTimeout() {
    PairSimulation sim = settledPair();
    lateHeartbeatsFromA(sim, 800);
    long raised = linkTimeoutMs(sim, sim.b);
    assertEquals(2 * PairSimulation.LINK_TIMEOUT.toMillis(), raised);

    sim.a.kill();
    Duration took = sim.runUntil(() -> sim.b.role() == MASTER, TWO_SECONDS, "B Master");

    assertTrue(took.toMillis() > PairSimulation.LINK_TIMEOUT.toMillis(), "took " + took);
    assertTrue(took.toMillis() <= raised + STEP.toMillis(), "took " + took);
  }

  @Test
  void theRaisedTimeoutCalmsDownAfterAQuietMinute() {
    PairSimulation sim = settledPair();
    lateHeartbeatsFromA(sim, 800);
    lateHeartbeatsFromA(sim, 1300); // past 1200 ms: a second false loss, 2400 ms now
    assertEquals(4 * PairSimulation.LINK_TIMEOUT.toMillis(), linkTimeoutMs(sim, sim.b));

    sim.run(LinkPatience.CALM_DOWN.plusSeconds(1));
    assertEquals(2 * PairSimulation.LINK_TIMEOUT.toMillis(), linkTimeoutMs(sim, sim.b));
    sim.run(LinkPatience.CALM_DOWN.plusSeconds(1));
    assertEquals(PairSimulation.LINK_TIMEOUT.toMillis(), linkTimeoutMs(sim, sim.b));

    long before = takeovers(sim.b);
    lateHeartbeatsFromA(sim, 800);
    assertEquals(1, takeovers(sim.b) - before, "calm again: 800 ms of silence is a loss again");
  }

  @Test
  void heartbeatsLostOnTheWayAreARealLossAndLeaveTheTimeoutAlone() {
    PairSimulation sim = settledPair();
    long before = takeovers(sim.b);
    for (int i = 0; i < 3; i++) {
      sim.cutAll();
      sim.run(Duration.ofMillis(800));
      sim.healAll();
      sim.runUntil(() -> sim.masters() == 1, TWO_SECONDS, "one Master");
      sim.run(Duration.ofMillis(300));
    }
    assertEquals(3, takeovers(sim.b) - before, "each cut is a partner loss for the Standby");
    assertEquals(PairSimulation.LINK_TIMEOUT.toMillis(), linkTimeoutMs(sim, sim.b));
  }

  @Test
  void aRestartedPartnerIsARealLossAndLeavesTheTimeoutAlone() {
    PairSimulation sim = settledPair();
    sim.a.kill();
    sim.runUntil(() -> sim.b.role() == MASTER, TWO_SECONDS, "B Master");
    sim.a.start();
    sim.runUntil(() -> sim.a.role() == STANDBY, Duration.ofSeconds(12), "A Standby");
    assertEquals(PairSimulation.LINK_TIMEOUT.toMillis(), linkTimeoutMs(sim, sim.b));
  }

  @Test
  void terminalBusCutWithSerialAliveChangesNoRole() {
    PairSimulation sim = settledPair();
    neverTwoMasters(sim);
    sim.cutBothWays(LinkId.TERMINAL_BUS);
    sim.cutBothWays(LinkId.STATUS_LAN);
    sim.run(Duration.ofSeconds(5));
    assertEquals(MASTER, sim.a.role());
    assertEquals(STANDBY, sim.b.role());
    assertEquals(1, sim.b.events(Kind.MAIN_CONNECTION_INTERRUPTED).size());
    assertEquals(1, sim.b.events(Kind.RESERVE_CONNECTION_FAILED).size());
    assertEquals(List.of(), sim.b.events(Kind.PARTNER_FAILURE));
    assertEquals(java.util.Set.of(LinkId.SERIAL), sim.b.machine.partner().linksUp());
    sim.healBothWays(LinkId.TERMINAL_BUS);
    sim.run(Duration.ofSeconds(1));
    assertEquals(1, sim.a.events(Kind.MAIN_CONNECTION_READY).size());
    assertEquals(1, sim.b.events(Kind.MAIN_CONNECTION_READY).size());
    assertEquals(MASTER, sim.a.role());
  }

  @Test
  void allLinksCutGivesTwoMastersThenHealGivesOneWithin2s() {
    PairSimulation sim = settledPair();
    sim.cutAll();
    sim.run(Duration.ofSeconds(3));
    assertEquals(MASTER, sim.a.role());
    assertEquals(MASTER, sim.b.role());
    assertTrue(sim.b.machine.epoch() > sim.a.machine.epoch());
    sim.healAll();
    long before = Math.max(sim.a.machine.epoch(), sim.b.machine.epoch());
    sim.runUntil(() -> sim.masters() == 1, TWO_SECONDS, "one Master");
    // rule step 2: A has been Master longer
    assertEquals(MASTER, sim.a.role());
    assertEquals(STANDBY, sim.b.role());
    assertEquals(before + 1, sim.a.machine.epoch(), "the winner raises its epoch above both");
    sim.run(Duration.ofMillis(400));
    assertEquals(sim.a.machine.epoch(), sim.b.machine.epoch(), "the loser adopts it");
    RedundancyEvent switched = sim.b.events(Kind.SWITCH_TO_STATUS).get(1);
    assertEquals(MASTER, switched.oldRole());
    assertTrue(switched.detail().contains("A has been Master longer"), switched.detail());
    assertEquals(1, sim.a.events(Kind.PARTNER_BACK).size());
  }

  @Test
  void healRuleStep1FewerDefectiveAsWinsOverMasterLonger() {
    PairSimulation sim = settledPair();
    sim.cutAll();
    sim.run(Duration.ofSeconds(3));
    sim.a.defective(1);
    sim.run(Duration.ofMillis(400));
    sim.healAll();
    sim.runUntil(() -> sim.masters() == 1, TWO_SECONDS, "one Master");
    assertEquals(MASTER, sim.b.role(), "B has fewer defective AS although A is Master longer");
    assertEquals(STANDBY, sim.a.role());
    assertTrue(lastRoleChange(sim.a).detail().contains("fewer defective"), lastRoleChange(sim.a).detail());
  }

  @Test
  void healRuleStep2MasterLongerWinsOverDefaultAndName() {
    PairSimulation sim = new PairSimulation("zeta", s -> s, "alpha", s -> s.defaultMaster(true));
    sim.a.start();
    sim.run(PAST_STARTUP);
    sim.b.start();
    sim.run(Duration.ofSeconds(1));
    assertEquals(MASTER, sim.a.role());
    sim.cutAll();
    sim.run(Duration.ofSeconds(3));
    sim.healAll();
    sim.runUntil(() -> sim.masters() == 1, TWO_SECONDS, "one Master");
    assertEquals(MASTER, sim.a.role());
    assertTrue(lastRoleChange(sim.b).detail().contains("zeta has been Master longer"), lastRoleChange(sim.b).detail());
  }

  /** Both start with all links cut: both become Master in the same tick, so step 2 cannot decide. */
  private static PairSimulation twoMastersSinceTheSameInstant(String nameA, boolean defaultA, String nameB,
      boolean defaultB) {
    PairSimulation sim = new PairSimulation(nameA, s -> s.defaultMaster(defaultA), nameB,
        s -> s.defaultMaster(defaultB));
    sim.cutAll();
    sim.a.start();
    sim.b.start();
    sim.run(PAST_STARTUP);
    assertEquals(MASTER, sim.a.role());
    assertEquals(MASTER, sim.b.role());
    assertEquals(sim.a.machine.masterSinceMillis(), sim.b.machine.masterSinceMillis());
    sim.healAll();
    sim.runUntil(() -> sim.masters() == 1, TWO_SECONDS, "one Master");
    return sim;
  }

  @Test
  void healRuleStep3DefaultMasterWinsOverName() {
    PairSimulation sim = twoMastersSinceTheSameInstant("alpha", false, "zeta", true);
    assertEquals(MASTER, sim.b.role());
    assertTrue(lastRoleChange(sim.a).detail().contains("zeta is the default master"), lastRoleChange(sim.a).detail());
  }

  @Test
  void healRuleStep4SmallerNameWins() {
    PairSimulation sim = twoMastersSinceTheSameInstant("zeta", false, "alpha", false);
    assertEquals(MASTER, sim.b.role());
    assertTrue(lastRoleChange(sim.a).detail().contains("alpha has the smaller station name"),
        lastRoleChange(sim.a).detail());
  }

  @Test
  void processFaultOnTheMasterOnlySwitchesAfterTheStabilityDelayAndRecovers() {
    PairSimulation sim = settledPair();
    neverTwoMasters(sim);
    Instant faultStart = sim.now();
    sim.a.defective(1);
    sim.run(STABILITY_DELAY.minus(STEP));
    assertEquals(MASTER, sim.a.role(), "not before the stability delay");
    sim.runUntil(() -> sim.a.role() == FAULT, Duration.ofMillis(500), "A Fault");
    sim.runUntil(() -> sim.b.role() == MASTER, Duration.ofMillis(300), "B Master");
    RedundancyEvent fault = sim.a.events(Kind.FAILURE_TRIGGERED_SWITCHOVER).get(0);
    assertTrue(Duration.between(faultStart, fault.time()).compareTo(STABILITY_DELAY) >= 0);
    assertEquals(FAULT, fault.newRole());
    assertTrue(sim.b.machine.epoch() > sim.a.machine.epoch());
    assertEquals(1, ServiceLevels.of(sim.a.role(), sim.a.machine.localStatus(), false));

    Instant recoveryStart = sim.now();
    sim.a.defective(0);
    sim.runUntil(() -> sim.a.role() == STANDBY, STABILITY_DELAY.plusSeconds(1), "A Standby after recovery");
    assertTrue(Duration.between(recoveryStart, sim.now()).compareTo(STABILITY_DELAY) >= 0);
    assertTrue(lastRoleChange(sim.a).detail().startsWith("recovered from Fault"));
    sim.run(Duration.ofSeconds(5));
    assertEquals(MASTER, sim.b.role(), "roles do not flip back");
    assertEquals(STANDBY, sim.a.role());
  }

  @Test
  void stationInProcessFaultServesAtOnceWhenThePartnerGoesToFaultToo() {
    PairSimulation sim = settledPair();
    sim.a.defective(2);
    sim.runUntil(() -> sim.b.role() == MASTER && sim.a.role() == FAULT, STABILITY_DELAY.plusSeconds(1), "A Fault");
    sim.b.status(0, false);
    assertEquals(FAULT, sim.b.role());
    sim.runUntil(() -> sim.a.role() == MASTER, Duration.ofMillis(300), "A Master again");
    assertTrue(sim.a.machine.epoch() > sim.b.machine.epoch());
    assertEquals(2 + 65, ServiceLevels.of(sim.a.role(), sim.a.machine.localStatus(), false), "degraded: 2 of 3 AS");
  }

  @Test
  void asLostByBothIsNoRedundancyFault() {
    PairSimulation sim = settledPair();
    sim.a.defective(1);
    sim.b.defective(1);
    sim.run(Duration.ofSeconds(10));
    assertEquals(MASTER, sim.a.role());
    assertEquals(STANDBY, sim.b.role());
    assertEquals(List.of(), sim.a.events(Kind.FAILURE_TRIGGERED_SWITCHOVER));
  }

  @Test
  void flappingAsShorterThanTheStabilityDelayDoesNotSwitch() {
    PairSimulation sim = settledPair();
    for (int i = 0; i < 10; i++) {
      sim.a.defective(1);
      sim.run(STABILITY_DELAY.minusMillis(500));
      sim.a.defective(0);
      sim.run(Duration.ofMillis(500));
    }
    assertEquals(MASTER, sim.a.role());
    assertEquals(STANDBY, sim.b.role());
  }

  @Test
  void healthCheckFailureOnTheMasterSwitchesAtOnce() {
    PairSimulation sim = settledPair();
    sim.a.status(0, false);
    assertEquals(FAULT, sim.a.role());
    sim.runUntil(() -> sim.b.role() == MASTER, Duration.ofMillis(300), "B Master");
    assertEquals(List.of(), sim.a.events(Kind.FAULT_PARTNER_NOT_AVAILABLE));
    sim.a.status(0, true);
    sim.runUntil(() -> sim.a.role() == STANDBY, STABILITY_DELAY.plusSeconds(1), "A Standby");
    assertEquals(MASTER, sim.b.role());
  }

  @Test
  void takeoverOnTheStandby() {
    PairSimulation sim = settledPair();
    long epochBefore = sim.a.machine.epoch();
    SwitchResult result = sim.b.machine.requestMaster(true);
    assertTrue(result.accepted(), result.reason());
    assertEquals(MASTER, sim.b.role(), "the Standby takes over at once");
    assertEquals(epochBefore + 1, sim.b.machine.epoch());
    sim.runUntil(() -> sim.a.role() == STANDBY, Duration.ofMillis(300), "A Standby");
    sim.run(Duration.ofSeconds(6));
    assertEquals(MASTER, sim.b.role());
    assertEquals(STANDBY, sim.a.role());
    assertEquals(sim.b.machine.epoch(), sim.a.machine.epoch());
    assertEquals(1, sim.b.events(Kind.SWITCHED_MANUALLY).size());
    assertTrue(sim.b.events(Kind.SWITCHED_MANUALLY).get(0).roleChanged());
    assertTrue(lastRoleChange(sim.a).detail().contains("operator takeover on B"));
    assertEquals(List.of(), sim.b.events(Kind.SWITCH_REQUEST_REFUSED), "the request completed, did not expire");
  }

  @Test
  void yieldOnTheMaster() {
    PairSimulation sim = settledPair();
    neverTwoMastersForLong(sim);
    SwitchResult result = sim.a.machine.requestMaster(false);
    assertTrue(result.accepted(), result.reason());
    assertEquals(MASTER, sim.a.role(), "the Master waits for the Standby");
    sim.runUntil(() -> sim.b.role() == MASTER && sim.a.role() == STANDBY, Duration.ofMillis(600), "swapped");
    sim.run(Duration.ofSeconds(6));
    assertEquals(MASTER, sim.b.role());
    assertEquals(STANDBY, sim.a.role());
    assertEquals(1, sim.a.events(Kind.SWITCHED_MANUALLY).size());
    assertEquals(List.of(), sim.a.events(Kind.SWITCH_REQUEST_REFUSED));
  }

  private static void neverTwoMastersForLong(PairSimulation sim) {
    int[] run = {0};
    sim.onEachStep(s -> {
      run[0] = s.masters() > 1 ? run[0] + 1 : 0;
      assertTrue(run[0] <= 3, "two Masters for more than 300 ms at " + s.now());
    });
  }

  @Test
  void writingTheCurrentValueIsAcceptedWithoutChange() {
    PairSimulation sim = settledPair();
    assertTrue(sim.a.machine.requestMaster(true).accepted());
    assertTrue(sim.b.machine.requestMaster(false).accepted());
    sim.run(Duration.ofSeconds(1));
    assertEquals(MASTER, sim.a.role());
    assertEquals(STANDBY, sim.b.role());
  }

  @Test
  void switchRequestRefusedWhenThePartnerIsUnreachable() {
    PairSimulation sim = settledPair();
    sim.b.kill();
    sim.run(Duration.ofSeconds(2));
    SwitchResult result = sim.a.machine.requestMaster(false);
    assertFalse(result.accepted());
    assertTrue(result.reason().contains("not reachable"), result.reason());
    sim.run(Duration.ofSeconds(1));
    assertEquals(MASTER, sim.a.role());
    assertEquals(1, sim.a.events(Kind.SWITCH_REQUEST_REFUSED).size());
  }

  @Test
  void takeoverRefusedDuringStartupAndInFault() {
    PairSimulation sim = PairSimulation.standard();
    sim.a.start();
    assertFalse(sim.a.machine.requestMaster(true).accepted(), "start-up not decided");
    sim.run(PAST_STARTUP);
    sim.b.start();
    sim.run(Duration.ofSeconds(1));
    sim.b.status(0, false);
    SwitchResult result = sim.b.machine.requestMaster(true);
    assertFalse(result.accepted());
    assertTrue(result.reason().contains("Fault"), result.reason());
    assertEquals(FAULT, sim.b.role());
  }

  @Test
  void yieldRefusedWhenThePartnerIsInFault() {
    PairSimulation sim = settledPair();
    sim.b.status(0, false);
    sim.run(Duration.ofMillis(400));
    SwitchResult result = sim.a.machine.requestMaster(false);
    assertFalse(result.accepted());
    assertTrue(result.reason().contains("FAULT"), result.reason());
    assertEquals(MASTER, sim.a.role());
  }

  @Test
  void projectDigestMismatchIsReportedOnceAndRolesAreStillDecided() {
    PairSimulation sim = PairSimulation.standard();
    sim.b.digest = "ffffffffffffffff0000000000000000";
    sim.a.start();
    sim.b.start();
    sim.run(Duration.ofSeconds(10));
    assertEquals(MASTER, sim.a.role());
    assertEquals(STANDBY, sim.b.role());
    assertEquals(1, sim.a.events(Kind.PROJECTS_NOT_EQUIVALENT).size());
    assertEquals(1, sim.b.events(Kind.PROJECTS_NOT_EQUIVALENT).size());
    assertFalse(sim.a.machine.partner().projectsEquivalent());
    assertEquals(1012202, sim.a.events(Kind.PROJECTS_NOT_EQUIVALENT).get(0).messageNumber());
  }

  @Test
  void shortenedDigestOnTheWireStillMatches() {
    PairSimulation sim = PairSimulation.standard();
    sim.b.digest = sim.a.digest.substring(0, 16);
    sim.a.start();
    sim.b.start();
    sim.run(Duration.ofSeconds(2));
    assertEquals(List.of(), sim.a.events(Kind.PROJECTS_NOT_EQUIVALENT));
    assertTrue(sim.a.machine.partner().projectsEquivalent());
  }

  @Test
  void redundancyOffIsStandaloneWhateverThePartnerSays() {
    PairSimulation sim = new PairSimulation("A", s -> s.redundancyEnabled(false), "B", s -> s);
    sim.a.start();
    sim.b.start();
    assertEquals(RedundancyRole.STANDALONE, sim.a.role());
    sim.run(Duration.ofSeconds(5));
    assertEquals(RedundancyRole.STANDALONE, sim.a.role());
    assertEquals(MASTER, sim.b.role(), "a Standalone partner is not in the pair");
    assertFalse(sim.a.machine.requestMaster(false).accepted());
    assertEquals(255, ServiceLevels.of(sim.a.role(), sim.a.machine.localStatus(), false));
    assertEquals(RedundancyRole.STANDALONE, sim.a.machine.nextHeartbeat(sim.now()).role());
  }

  @Test
  void heartbeatsCarrySequenceAndRole() {
    PairSimulation sim = settledPair();
    Heartbeat first = sim.a.machine.nextHeartbeat(sim.now());
    Heartbeat second = sim.a.machine.nextHeartbeat(sim.now());
    assertEquals(first.sequence() + 1, second.sequence());
    assertEquals(MASTER, first.role());
    assertEquals(sim.a.machine.masterSinceMillis(), first.masterSinceMillis());
    assertEquals(0, sim.b.machine.nextHeartbeat(sim.now()).masterSinceMillis());
    // round trip through the wire frame
    assertEquals(first, HeartbeatCodec.decode(HeartbeatCodec.encode(first)).orElseThrow());
  }

  private static RedundancyEvent lastRoleChange(PairSimulation.Station s) {
    List<RedundancyEvent> changes = s.roleChanges();
    return changes.get(changes.size() - 1);
  }
}
