package io.twinua.server.sync.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.alarms.AlarmPermissions;
import io.twinua.server.alarms.AlarmService;
import io.twinua.server.alarms.AlarmTestServer;
import io.twinua.server.alarms.LimitAlarmDefinition;
import io.twinua.server.health.ApplicationHealth;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The application health check watching the online alarm sync's worker, on a real alarm service. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PartnerAlarmSyncHealthTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void anIdleWorkerIsAliveAndOneHungInsideItsCheckIsDead() throws Exception {
    List<String> dead = new CopyOnWriteArrayList<>();
    AtomicInteger checks = new AtomicInteger();
    AtomicBoolean hang = new AtomicBoolean();
    CountDownLatch released = new CountDownLatch(1);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (AlarmTestServer station = AlarmTestServer.start()) {
      var definition = new LimitAlarmDefinition("Level", station.sourceId(), "Tank.Level", 95.0, 80.0, 10.0, null, 2.0,
          700, "Tank level out of range");
      AlarmService alarms = new AlarmService(station.server(), station.namespace(), "stationA", List.of(definition),
          AlarmPermissions.denyAll(), record -> { }, Clock.systemUTC());
      alarms.startup();
      // the partner link as the worker sees it: down (nothing to do), or a call that never returns
      PartnerAlarmSync sync = new PartnerAlarmSync(() -> {
        checks.incrementAndGet();
        if (hang.get()) {
          try {
            released.await(1, TimeUnit.MINUTES);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return LinkState.DOWN;
      }, Optional::empty, alarms, "stationB", AlarmTestServer.NAMESPACE_URI, "stationA", (m, d) -> { },
          PartnerAlarmSync.QUEUE_BOUND);
      try (ApplicationHealth health = new ApplicationHealth((app, problem) -> dead.add(app + ": " + problem),
          Clock.systemUTC())) {
        health.monitor("alarm sync", Duration.ZERO, ApplicationHealth.alive(sync.pulse(), Duration.ofMillis(500)));
        sync.start();
        health.start(scheduler);
        // idle for longer than the still time, across at least one health check
        Await.until(WAIT, "idle checks for 2 s", () -> checks.get() >= 8);
        assertEquals(ApplicationHealth.State.HEALTHY, health.verdict().state(), dead.toString());

        hang.set(true);
        Await.until(WAIT, "the hung worker found dead", () -> health.verdict().state() == ApplicationHealth.State.DEAD);
        assertEquals(1, dead.size(), dead.toString());
        assertTrue(dead.get(0).startsWith("alarm sync: busy without a sign of life for "), dead.toString());
      } finally {
        released.countDown();
        sync.close();
        alarms.shutdown();
      }
    } finally {
      scheduler.shutdownNow();
    }
  }
}
