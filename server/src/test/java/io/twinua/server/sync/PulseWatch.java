package io.twinua.server.sync;

import io.twinua.server.health.ApplicationHealth;
import io.twinua.server.health.Pulse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A real application health check watching one worker's pulse, as the station does, with a short still time. */
final class PulseWatch implements AutoCloseable {

  final ApplicationHealth health;
  /** "application: problem" of each application found dead. */
  final List<String> dead = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  PulseWatch(String application, Pulse pulse) {
    health = new ApplicationHealth((app, problem) -> dead.add(app + ": " + problem), Clock.systemUTC());
    health.monitor(application, Duration.ZERO, ApplicationHealth.alive(pulse, Duration.ofMillis(500)));
    health.start(scheduler);
  }

  @Override
  public void close() {
    health.close();
    scheduler.shutdownNow();
  }
}
