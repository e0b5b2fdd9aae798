package io.twinua.server.health.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.health.restart.RestartPolicy.Cause;
import io.twinua.server.health.restart.RestartPolicy.Decision;
import io.twinua.server.health.restart.RestartPolicy.Situation;
import io.twinua.server.messages.SystemMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartPolicyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Situation PAIR_OK = new Situation(true, true, true);
  private static final RestartSettings AUTO = RestartSettings.create(b -> b.auto(true)
      .minInterval(Duration.ofSeconds(60)).maxRestarts(2).window(Duration.ofSeconds(600)).delay(Duration.ofSeconds(3)));

  private final RestartPolicy policy = new RestartPolicy(AUTO);

  @Test
  void eachRefusalHasItsOwnMessage() {
    assertEquals(SystemMessage.FAULT_AUTO_RESTART_NOT_ACTIVATED,
        new RestartPolicy(RestartSettings.DEFAULT).decide(Cause.FAULT, "x", T0, List.of(), PAIR_OK).message());
    assertEquals(SystemMessage.RESTART_DISABLED,
        policy.decide(Cause.FAULT, "x", T0, List.of(), new Situation(false, true, true)).message());
    assertEquals(SystemMessage.FAULT_PARTNER_NOT_AVAILABLE,
        policy.decide(Cause.REQUEST, "x", T0, List.of(), new Situation(true, true, false)).message());
    Decision tooSoon = policy.decide(Cause.FAULT, "x", T0, List.of(T0.minusSeconds(59)), PAIR_OK);
    assertEquals(SystemMessage.RESTART_CANCELLED_TOO_SOON, tooSoon.message());
    assertTrue(tooSoon.detail().contains("59 s ago, less than 60 s"), tooSoon.detail());
    Decision tooMany = policy.decide(Cause.FAULT, "x", T0, List.of(T0.minusSeconds(500), T0.minusSeconds(100)), PAIR_OK);
    assertEquals(SystemMessage.RESTART_CANCELLED_TOO_MANY, tooMany.message());
    assertFalse(tooSoon.restart() || tooMany.restart());
  }

  @Test
  void restartsWhenEveryBoundAllows() {
    Decision go = policy.decide(Cause.FAULT, "archiving hung", T0, List.of(T0.minusSeconds(700), T0.minusSeconds(60)), PAIR_OK);
    assertTrue(go.restart());
    assertEquals("[1012362] Server will restart in N s: 3 s (fault: archiving hung)", go.text());
    // a standalone station has no partner to wait for; an engineer's request needs no auto
    assertTrue(new RestartPolicy(RestartSettings.DEFAULT)
        .decide(Cause.REQUEST, "x", T0, List.of(), new Situation(true, false, false)).restart());
  }

  @Test
  void aCrashedStationRestartsWithoutPartnerButWithinTheBounds() {
    assertTrue(policy.decide(Cause.CRASH, "exit 1", T0, List.of(), Situation.CRASHED).restart());
    assertEquals(SystemMessage.RESTART_CANCELLED_TOO_SOON,
        policy.decide(Cause.CRASH, "exit 1", T0, List.of(T0.minusSeconds(1)), Situation.CRASHED).message());
  }

  @Test
  void settingsRejectAWindowShorterThanTheInterval() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> RestartSettings.create(b -> b
        .minInterval(Duration.ofSeconds(600)).window(Duration.ofSeconds(60))));
  }

  /** The history outlives the station: a second station life on the same data dir sees the first restart. */
  @Test
  void theStationRestartsOnceAndTheNextLifeRefusesWithinTheInterval(@TempDir Path dataDir) throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      List<String> raised = new ArrayList<>();
      var clock = java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC);
      var fast = new RestartPolicy(RestartSettings.create(b -> b.auto(true).minInterval(Duration.ofSeconds(60))
          .delay(Duration.ofSeconds(1))));
      StationRestart first = new StationRestart(fast, RestartHistory.in(dataDir), () -> PAIR_OK,
          (m, d) -> raised.add(m.format(d)), scheduler, clock);
      assertTrue(first.onFault("sync hung").restart());
      assertTrue(first.requested().get(5, TimeUnit.SECONDS).startsWith("[1012362]"));
      assertTrue(first.onRequest("again").restart(), "a life restarts once; later asks get the same answer");

      var later = java.time.Clock.fixed(T0.plusSeconds(30), java.time.ZoneOffset.UTC);
      StationRestart second = new StationRestart(fast, RestartHistory.in(dataDir), () -> PAIR_OK,
          (m, d) -> raised.add(m.format(d)), scheduler, later);
      assertFalse(second.onFault("sync hung").restart());
      assertFalse(second.requested().isDone());
      assertEquals(2, raised.size(), raised.toString());
      assertTrue(raised.get(1).startsWith("[1012360] Restart cancelled, previous restart less than N s ago: "
          + "previous restart 30 s ago"), raised.get(1));
    } finally {
      scheduler.shutdownNow();
    }
  }
}
