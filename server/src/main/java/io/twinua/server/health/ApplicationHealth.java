package io.twinua.server.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application health check (behaviour doc §6): cyclic sign-of-life monitoring of the
 * station's important internal applications. An application whose probe reports a problem for
 * longer than its grace time is dead or hung; the station is then unhealthy until it is restarted
 * (clients may only return to a restarted server), which the role machine turns into Fault.
 */
public final class ApplicationHealth implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApplicationHealth.class);

  /** One monitored application: empty while alive, else what is wrong. */
  public interface Probe {
    Optional<String> problem();
  }

  private record Monitored(String name, Probe probe, Duration grace) {}

  private final List<Monitored> monitored = new CopyOnWriteArrayList<>();
  private final Map<String, Instant> failingSince = new ConcurrentHashMap<>();
  private final BiConsumer<String, String> onDead;
  private final Clock clock;
  private volatile String dead;
  private volatile ScheduledFuture<?> check;

  /** @param onDead told once, with the application and the problem, when the first one dies */
  public ApplicationHealth(BiConsumer<String, String> onDead, Clock clock) {
    this.onDead = onDead;
    this.clock = clock;
  }

  public void monitor(String application, Duration grace, Probe probe) {
    monitored.add(new Monitored(application, probe, grace));
  }

  public void start(ScheduledExecutorService scheduler) {
    check = scheduler.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
  }

  /** True until an application died; stays false until the station is restarted. */
  public boolean healthy() {
    return dead == null;
  }

  public Optional<String> deadApplication() {
    return Optional.ofNullable(dead);
  }

  void check() {
    Instant now = clock.instant();
    for (Monitored m : monitored) {
      Optional<String> problem;
      try {
        problem = m.probe().problem();
      } catch (RuntimeException e) {
        problem = Optional.of("probe failed: " + e);
      }
      if (problem.isEmpty()) {
        failingSince.remove(m.name());
        continue;
      }
      Instant since = failingSince.computeIfAbsent(m.name(), k -> now);
      if (dead == null && Duration.between(since, now).compareTo(m.grace()) >= 0) {
        dead = m.name();
        LOG.error("health check: application '{}' is dead or hung since {}: {}", m.name(), since, problem.get());
        onDead.accept(m.name(), problem.get());
      }
    }
  }

  /** A probe for a worker that must make progress while it has work: dead when it has stood still too long. */
  public static Probe progress(Supplier<Long> backlog, Supplier<Long> done, Duration stillFor, Clock clock) {
    return new Probe() {
      private long lastDone = -1;
      private Instant lastProgress = clock.instant();

      @Override
      public synchronized Optional<String> problem() {
        long d = done.get();
        Instant now = clock.instant();
        if (d != lastDone || backlog.get() == 0) {
          lastDone = d;
          lastProgress = now;
          return Optional.empty();
        }
        Duration still = Duration.between(lastProgress, now);
        return still.compareTo(stillFor) >= 0
            ? Optional.of(backlog.get() + " waiting, nothing done for " + still.toMillis() + " ms")
            : Optional.empty();
      }
    };
  }

  @Override
  public void close() {
    if (check != null) {
      check.cancel(false);
    }
  }
}
