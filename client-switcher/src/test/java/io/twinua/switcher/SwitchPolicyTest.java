package io.twinua.switcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ServerState;
import org.junit.jupiter.api.Test;

class SwitchPolicyTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");
  static final Duration HOLD_OFF = Duration.ofSeconds(5);
  private final SwitchPolicy policy = new SwitchPolicy(HOLD_OFF);

  static ServerHealth up(String uri, int level, Instant healthySince) {
    return new ServerHealth(uri, true, level, ServerState.Running, Optional.ofNullable(healthySince), "");
  }

  static ServerHealth down(String uri) {
    return new ServerHealth(uri, false, -1, ServerState.Unknown, Optional.empty(), "session lost");
  }

  private Optional<String> target(String current, Preference p, ServerHealth... servers) {
    return policy.decide(current, List.of(servers), p, NOW).map(SwitchPolicy.Move::to);
  }

  @Test
  void masterIsTheHighestHealthyLevelAndStandbyTheNext() {
    var a = up("A", 230, NOW.minusSeconds(60));
    var b = up("B", 255, NOW.minusSeconds(60));
    assertEquals(Optional.of("B"), target(null, Preference.master(), a, b));
    assertEquals(Optional.of("A"), target(null, Preference.standby(), a, b));
    assertEquals(Optional.of("B"), target(null, Preference.none(), a, b), "none: the best to start with");
  }

  @Test
  void aLostCurrentServerIsLeftAtOnceForTheBestOther() {
    var move = policy.decide("A", List.of(down("A"), up("B", 210, NOW)), Preference.server("A"), NOW).orElseThrow();
    assertEquals("B", move.to());
    assertEquals("session lost", move.reason());
  }

  @Test
  void notRunningOrMaintenanceIsNotHealthy() {
    var stopping = new ServerHealth("A", true, 255, ServerState.Shutdown, Optional.empty(), "");
    var move = policy.decide("A", List.of(stopping, up("B", 200, NOW)), Preference.none(), NOW).orElseThrow();
    assertEquals("B", move.to());
    assertTrue(move.reason().contains("Shutdown"), move.reason());

    var maintenance = up("A", 0, null);
    move = policy.decide("A", List.of(maintenance, up("B", 200, NOW)), Preference.none(), NOW).orElseThrow();
    assertTrue(move.reason().contains("Maintenance"), move.reason());
  }

  @Test
  void aDegradedServerIsKeptWhenNoOtherIsBetter() {
    assertEquals(Optional.empty(), target("A", Preference.none(), up("A", 150, null), up("B", 100, null)));
    assertEquals(Optional.of("B"), target("A", Preference.none(), up("A", 150, null), up("B", 180, null)));
  }

  @Test
  void returnToThePreferredServerWaitsForTheHoldOff() {
    var b = up("B", 255, NOW.minusSeconds(60));
    assertEquals(Optional.empty(), target("B", Preference.server("A"), up("A", 255, NOW.minusSeconds(4)), b));
    assertEquals(Optional.of("A"), target("B", Preference.server("A"), up("A", 255, NOW.minusSeconds(5)), b));
    assertEquals(Optional.empty(), target("B", Preference.none(), up("A", 255, NOW.minusSeconds(60)), b),
        "none stays on a Healthy server");
  }

  @Test
  void noReturnBeforeTheAnnouncedReturnTimeEvenAfterTheHoldOff() {
    var b = up("B", 255, NOW.minusSeconds(60));
    var back = new ServerHealth("A", true, 255, ServerState.Running, Optional.of(NOW.minusSeconds(30)), "",
        Optional.of(NOW.plusSeconds(1)), false);
    assertEquals(Optional.empty(), target("B", Preference.server("A"), back, b));
    var due = new ServerHealth("A", true, 255, ServerState.Running, Optional.of(NOW.minusSeconds(30)), "",
        Optional.of(NOW), false);
    assertEquals(Optional.of("A"), target("B", Preference.server("A"), due, b));
  }

  @Test
  void aProcessFaultLeavesAHealthyLevelForAHealthyOther() {
    var faulted = new ServerHealth("A", true, 255, ServerState.Running, Optional.empty(), "", Optional.empty(), true);
    var move = policy.decide("A", List.of(faulted, up("B", 200, NOW)), Preference.server("A"), NOW).orElseThrow();
    assertEquals("B", move.to());
    assertEquals("process-connection fault", move.reason());
    assertEquals(Optional.empty(), target("A", Preference.none(), faulted, up("B", 150, null)),
        "a degraded other is no better than a faulted Healthy level");
  }

  @Test
  void nothingUsableMeansNoMove() {
    assertEquals(Optional.empty(), target("A", Preference.master(), down("A"), down("B")));
  }
}
