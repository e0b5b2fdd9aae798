package io.twinua.server.redundancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.redundancy.RedundancyEvent.Kind;
import io.twinua.server.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The manager as a client's {@code @RM_MASTER} write sees it: the answer never waits for the
 * redundancy thread, here held up in its own cycle (a local status that takes its time).
 */
class RedundancyManagerTest {

  /** Far below the 2 s the write handler used to wait; a prompt answer takes microseconds. */
  private static final Duration PROMPT = Duration.ofMillis(500);

  private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T08:00:00Z"));
  private final CountDownLatch cycleEntered = new CountDownLatch(1);
  private final CountDownLatch releaseCycle = new CountDownLatch(1);
  private final BlockingQueue<RedundancyEvent> events = new LinkedBlockingQueue<>();
  private RedundancyManager manager;

  @AfterEach
  void stop() throws InterruptedException {
    releaseCycle.countDown();
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  void acceptedSwitchIsAnsweredWhileTheRedundancyThreadIsBusyAndCarriedOutAfterwards() throws Exception {
    RoleMachine machine = machine();
    machine.onHeartbeat(LinkId.TERMINAL_BUS, partnerMaster(), clock.instant());
    assertEquals(RedundancyRole.STANDBY, machine.role());
    machine.drainEvents();
    startBlocked(machine);

    SwitchResult answer = assertTimeoutPreemptively(PROMPT, () -> manager.requestMaster(true));

    assertTrue(answer.accepted(), answer.reason());
    assertEquals(RedundancyRole.STANDBY, machine.role(), "the switch waits for the redundancy thread");
    releaseCycle.countDown();
    assertEquals(Kind.SWITCHED_MANUALLY, nextEvent().kind());
    assertEquals(RedundancyRole.MASTER, machine.role());
  }

  @Test
  void refusedSwitchIsAnsweredWhileTheRedundancyThreadIsBusyAndReported() throws Exception {
    RoleMachine machine = machine(); // nothing heard yet: start-up undecided
    startBlocked(machine);

    SwitchResult answer = assertTimeoutPreemptively(PROMPT, () -> manager.requestMaster(true));

    assertFalse(answer.accepted());
    assertTrue(answer.reason().contains("start-up"), answer.reason());
    releaseCycle.countDown();
    RedundancyEvent reported = nextEvent();
    assertEquals(Kind.SWITCH_REQUEST_REFUSED, reported.kind());
    assertTrue(reported.detail().contains(answer.reason()), reported.detail());
    assertEquals(RedundancyRole.UNDEFINED, machine.role());
  }

  @Test
  void maintenanceShowsServiceLevelZeroUntilItIsLeftAndKeepsTheRole() throws Exception {
    RoleMachine machine = machine();
    machine.onHeartbeat(LinkId.TERMINAL_BUS, partnerMaster(), clock.instant());
    BlockingQueue<Integer> levels = new LinkedBlockingQueue<>();
    manager = new RedundancyManager(machine, () -> LocalStatus.healthy(0, 3), List.of(), new RedundancyDisplay() {
      @Override
      public void show(RedundancyRole role, long epoch, String masterName, int serviceLevel, PartnerView partner) {
        levels.add(serviceLevel);
      }

      @Override
      public void publishHeartbeat(Heartbeat heartbeat) {}
    }, events::add, clock);
    manager.start();
    assertEquals(ServiceLevels.HEALTHY_STANDBY, levels.poll(5, TimeUnit.SECONDS));

    manager.setMaintenance(true);
    assertEquals(ServiceLevels.MAINTENANCE, levels.poll(5, TimeUnit.SECONDS));
    assertEquals(RedundancyRole.STANDBY, machine.role());

    manager.setMaintenance(false);
    assertEquals(ServiceLevels.HEALTHY_STANDBY, levels.poll(5, TimeUnit.SECONDS));
  }

  /**
   * The redundancy thread held up longer than the link timeout (a starved machine) while the
   * partner's heartbeats keep arriving: when it runs again it must take them before it judges the
   * link, not declare the partner lost on a stale view.
   */
  @Test
  void heartbeatsThatArrivedWhileTheLoopWasHeldUpCountBeforeItsNextDecision() throws Exception {
    RoleMachine machine = machine();
    long sequence = 1;
    machine.onHeartbeat(LinkId.TERMINAL_BUS, partnerMaster(sequence), clock.instant());
    assertEquals(RedundancyRole.STANDBY, machine.role());
    machine.drainEvents();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    manager = new RedundancyManager(machine, () -> LocalStatus.healthy(0, 3), List.of(), new RedundancyDisplay() {
      @Override
      public void show(RedundancyRole role, long epoch, String masterName, int serviceLevel, PartnerView partner) {}

      @Override
      public void publishHeartbeat(Heartbeat heartbeat) {
        held.countDown();
        try {
          release.await(); // the first cycle hangs after its decision, as a descheduled thread would
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, events::add, clock);
    manager.start();
    assertTrue(held.await(5, TimeUnit.SECONDS), "the redundancy cycle never ran");
    long heldAt = System.nanoTime();
    // the next cycles are due now (their time passes while held), before the heartbeats below
    while (System.nanoTime() - heldAt < TimeUnit.MILLISECONDS.toNanos(3 * RedundancySettings.HEARTBEAT_PERIOD_MS)) {
      Thread.onSpinWait();
    }
    long timeout = RedundancySettings.DEFAULT.linkTimeoutMs();
    for (long t = 0; t < 2 * timeout; t += RedundancySettings.HEARTBEAT_PERIOD_MS) {
      clock.advance(Duration.ofMillis(RedundancySettings.HEARTBEAT_PERIOD_MS));
      manager.onHeartbeat(LinkId.TERMINAL_BUS, partnerMaster(++sequence), clock.instant());
    }

    release.countDown();
    long last = sequence;
    assertTrue(pollUntil(() -> machine.partner().latest().map(Heartbeat::sequence).orElse(0L) == last),
        "the held heartbeats were taken");
    assertEquals(RedundancyRole.STANDBY, machine.role());
    assertTrue(events.stream().noneMatch(e -> e.kind() == Kind.PARTNER_FAILURE), events.toString());
  }

  private static boolean pollUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }

  private RoleMachine machine() {
    return new RoleMachine("A", "abc", RedundancySettings.DEFAULT, EnumSet.of(LinkId.TERMINAL_BUS),
        EpochStore.inMemory(), clock);
  }

  private Heartbeat partnerMaster() {
    return partnerMaster(1);
  }

  private Heartbeat partnerMaster(long sequence) {
    return new Heartbeat("B", RedundancyRole.MASTER, 3, 1, 0, 3, false, true, false, Heartbeat.Request.NONE, "abc",
        sequence, clock.millis());
  }

  /** Starts the manager and returns once its first cycle hangs in the local status. */
  private void startBlocked(RoleMachine machine) throws InterruptedException {
    manager = new RedundancyManager(machine, () -> {
      cycleEntered.countDown();
      try {
        releaseCycle.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return LocalStatus.healthy(0, 3);
    }, List.of(), new RedundancyDisplay() {
      @Override
      public void show(RedundancyRole role, long epoch, String masterName, int serviceLevel, PartnerView partner) {}

      @Override
      public void publishHeartbeat(Heartbeat heartbeat) {}
    }, events::add, clock);
    manager.start();
    assertTrue(cycleEntered.await(5, TimeUnit.SECONDS), "the redundancy cycle never ran");
  }

  private RedundancyEvent nextEvent() throws InterruptedException {
    RedundancyEvent e = events.poll(5, TimeUnit.SECONDS);
    assertNotNull(e, "no event from the redundancy thread within 5 s");
    return e;
  }
}
