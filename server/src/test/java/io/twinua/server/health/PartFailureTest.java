package io.twinua.server.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.health.ApplicationHealth.Problem;
import io.twinua.server.health.ApplicationHealth.State;
import io.twinua.server.testing.Await;
import io.twinua.server.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/** The ways a monitored part fails for real (a dead periodic task, a stuck thread, a deadlock) and the restart rule. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@Isolated // its deliberate deadlock is seen JVM-wide: no station of another test may run meanwhile
class PartFailureTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Reports of one health check, in order. */
  private static final class Reports implements ApplicationHealth.Listener {
    final List<String> dead = new CopyOnWriteArrayList<>();
    final List<Problem> problems = new CopyOnWriteArrayList<>();
    final List<String> restarted = new CopyOnWriteArrayList<>();

    @Override
    public void dead(String application, Problem problem) {
      dead.add(application);
      problems.add(problem);
    }

    @Override
    public void restarted(String application, Problem problem) {
      restarted.add(application);
    }
  }

  @Test
  void aPeriodicWorkerWhoseTaskDiedIsDeadButNotABlockage() throws Exception {
    ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
    try (FaultInjection faults = new FaultInjection()) {
      Pulse pulse = new Pulse();
      pulse.every(Duration.ofMillis(20));
      AtomicInteger rounds = new AtomicInteger();
      worker.scheduleWithFixedDelay(() -> {
        pulse.busy();
        rounds.incrementAndGet();
        pulse.idle();
      }, 0, 20, TimeUnit.MILLISECONDS);
      Reports reports = new Reports();
      ApplicationHealth health = new ApplicationHealth(reports, (a, p) -> { }, Clock.systemUTC());
      health.monitor("worker", Duration.ZERO, ApplicationHealth.alive(pulse, Duration.ofSeconds(5), Duration.ofMillis(300)));
      faults.register("worker", pulse);
      Await.until(WAIT, "rounds", () -> rounds.get() > 3);
      health.check();
      assertEquals(State.HEALTHY, health.verdict().state(), "a worker that runs its rounds is alive");

      assertTrue(faults.kill("worker"));
      int before = rounds.get();
      Await.until(WAIT, "the dead worker found", () -> {
        health.check();
        return health.verdict().state() == State.DEAD;
      });
      assertTrue(rounds.get() <= before + 1, "the periodic task stopped for good");
      assertEquals(List.of("worker"), reports.dead);
      assertFalse(reports.problems.get(0).blockage(), "a task that died is no blockage: " + reports.problems);
      assertTrue(reports.problems.get(0).text().startsWith("stopped: no round for "), reports.problems.toString());
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void aHungWorkerIsABlockageNamingWhatItsThreadWaitsFor() throws Exception {
    ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "test-worker"));
    try (FaultInjection faults = new FaultInjection()) {
      Pulse pulse = new Pulse();
      worker.scheduleWithFixedDelay(() -> {
        pulse.busy();
        pulse.idle();
      }, 0, 20, TimeUnit.MILLISECONDS);
      Reports reports = new Reports();
      ApplicationHealth health = new ApplicationHealth(reports, (a, p) -> { }, Clock.systemUTC());
      health.monitor("worker", Duration.ZERO, pulse, Duration.ofMillis(200));
      faults.register("worker", pulse);
      assertTrue(faults.hang("worker"));
      Await.until(WAIT, "the hung worker found", () -> {
        health.check();
        return health.verdict().state() == State.DEAD;
      });
      Problem problem = reports.problems.get(0);
      assertTrue(problem.blockage(), problem.text());
      assertTrue(problem.text().contains("thread test-worker WAITING"), problem.text());
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void aPartRegisteredWithItsOwnHoldHangsOnItsLock() throws Exception {
    Object lock = new Object();
    Pulse pulse = new Pulse();
    Thread caller = new Thread(() -> {
      pulse.busy();
      synchronized (lock) {
        pulse.idle();
      }
    }, "test-caller");
    try (FaultInjection faults = new FaultInjection()) {
      CountDownLatch held = new CountDownLatch(1);
      faults.register("service", pulse, released -> {
        synchronized (lock) {
          held.countDown();
          released.await();
        }
      });
      assertTrue(faults.hang("service"));
      assertTrue(held.await(10, TimeUnit.SECONDS));
      caller.setDaemon(true);
      caller.start();
      Optional<Problem> problem = Optional.empty();
      long until = System.nanoTime() + WAIT.toNanos();
      while (problem.isEmpty() && System.nanoTime() < until) {
        problem = ApplicationHealth.alive(pulse, Duration.ofMillis(100)).problem();
      }
      assertTrue(problem.orElseThrow().blockage());
      assertTrue(problem.get().text().contains("test-caller BLOCKED on java.lang.Object@"), problem.get().text());
      assertTrue(problem.get().text().contains("held by fault-injection-service"), problem.get().text());
    }
    caller.join(10_000);
    assertFalse(caller.isAlive(), "closing the injection releases the lock");
  }

  @Test
  void aDeadlockIsABlockageOfThePartWhoseWorkerIsInIt() throws Exception {
    ReentrantLock first = new ReentrantLock();
    ReentrantLock second = new ReentrantLock();
    CountDownLatch bothHold = new CountDownLatch(2);
    Pulse pulse = new Pulse();
    Thread a = deadlocking("test-a", first, second, bothHold, pulse);
    Thread b = deadlocking("test-b", second, first, bothHold, new Pulse());
    Reports reports = new Reports();
    ApplicationHealth health = new ApplicationHealth(reports, (x, p) -> { }, Clock.systemUTC());
    health.monitor("sync", Duration.ofHours(1), pulse, Duration.ofHours(1)); // only the deadlock check can find it
    a.start();
    b.start();
    try {
      Await.until(WAIT, "deadlock found", () -> {
        health.check();
        return health.verdict().state() == State.DEAD;
      });
    } finally {
      a.interrupt(); // the JVM is shared with other tests: no deadlock may outlive this one
      b.interrupt();
      a.join(10_000);
      b.join(10_000);
    }
    assertEquals(List.of("sync"), reports.dead);
    Problem problem = reports.problems.get(0);
    assertTrue(problem.blockage(), problem.text());
    assertTrue(problem.text().startsWith("deadlock: "), problem.text());
    assertTrue(problem.text().contains("test-a WAITING") && problem.text().contains("held by test-b"), problem.text());
  }

  private static Thread deadlocking(String name, ReentrantLock mine, ReentrantLock theirs, CountDownLatch bothHold, Pulse pulse) {
    Thread t = new Thread(() -> {
      pulse.busy();
      mine.lock();
      bothHold.countDown();
      try {
        bothHold.await();
        theirs.lockInterruptibly(); // the other thread holds it and waits for ours: until interrupted
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        mine.unlock();
      }
    }, name);
    t.setDaemon(true);
    return t;
  }

  @Test
  void aPartRestartedInPlaceThatFailsAgainSoonIsDead() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    AtomicReference<Optional<Problem>> state = new AtomicReference<>(Optional.of(Problem.failure("stopped")));
    AtomicInteger restarts = new AtomicInteger();
    Reports reports = new Reports();
    ApplicationHealth health = new ApplicationHealth(reports, (a, p) -> { }, clock);
    health.monitor("process connection AS1", Duration.ZERO, state::get, problem -> {
      restarts.incrementAndGet();
      state.set(Optional.empty());
      return true;
    });
    health.check();
    assertEquals(1, restarts.get());
    assertEquals(List.of("process connection AS1"), reports.restarted);
    assertEquals(State.HEALTHY, health.verdict().state(), "restarted in place, not dead");

    clock.advance(ApplicationHealth.RESTART_WINDOW.plusSeconds(1));
    state.set(Optional.of(Problem.failure("stopped")));
    health.check();
    assertEquals(2, restarts.get(), "a failure long after the last restart is restarted again");
    assertEquals(State.HEALTHY, health.verdict().state());

    clock.advance(Duration.ofSeconds(10));
    state.set(Optional.of(Problem.failure("stopped")));
    health.check();
    assertEquals(2, restarts.get(), "not restarted again within the window");
    assertEquals(State.DEAD, health.verdict().state());
    assertEquals(Map.of("process connection AS1", "stopped"), health.verdict().problems());
  }

  @Test
  void aStuckPartIsNotRestartedInPlace() {
    AtomicInteger restarts = new AtomicInteger();
    Reports reports = new Reports();
    ApplicationHealth health = new ApplicationHealth(reports, (a, p) -> { }, Clock.systemUTC());
    health.monitor("process connection AS1", Duration.ZERO, () -> Optional.of(Problem.blockage("stuck")), problem -> {
      restarts.incrementAndGet();
      return true;
    });
    health.check();
    assertEquals(0, restarts.get(), "a thread stuck on a lock still holds it: a second worker would stick too");
    assertEquals(State.DEAD, health.verdict().state());
  }

  @Test
  void aWriteQueueFullOnlyBrieflyIsNoFaultButOneThatStaysFullIs() {
    ManualClock moving = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    boolean[] full = {true};
    Reports reports = new Reports();
    ApplicationHealth health = new ApplicationHealth(reports, (a, p) -> { }, moving);
    health.monitor("archiving", Duration.ofSeconds(10), ApplicationHealth.full("value archive", () -> full[0]));
    health.check();
    moving.advance(Duration.ofSeconds(9));
    health.check();
    full[0] = false; // the burst is written
    health.check();
    moving.advance(Duration.ofSeconds(5));
    full[0] = true;
    health.check();
    moving.advance(Duration.ofSeconds(9));
    health.check();
    assertEquals(State.HEALTHY, health.verdict().state(), "two bursts shorter than the grace");
    moving.advance(Duration.ofSeconds(1));
    health.check();
    assertEquals(State.DEAD, health.verdict().state(), "full for the whole grace");
    assertFalse(reports.problems.get(0).blockage());
    assertTrue(reports.problems.get(0).text().contains("value archive queue stays full"), reports.problems.toString());
  }
}
