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
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application health check (behaviour doc §6): cyclic sign-of-life monitoring of the
 * station's important internal applications. An application whose probe reports a problem for
 * longer than its grace time is dead or hung; the station is then unhealthy until it is restarted
 * (clients may only return to a restarted server), which the role machine turns into Fault.
 *
 * <p>A watched condition (e.g. an archive queue so full that values are not archived) is weaker:
 * the application works but loses data. It is reported at the first check that sees it, makes the
 * verdict {@link State#IMPAIRED} and clears by itself once the probe is quiet again; it never
 * leads to Fault, since a restart would not help a disk that is merely behind.
 */
public final class ApplicationHealth implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApplicationHealth.class);

  /** One monitored application: empty while alive, else what is wrong. */
  public interface Probe {
    Optional<String> problem();
  }

  /** The check's verdict; DEAD outranks IMPAIRED. */
  public enum State {
    HEALTHY,
    IMPAIRED,
    DEAD
  }

  /** @param problems what is wrong, per application, empty when healthy */
  public record Verdict(State state, Map<String, String> problems) {
    public Verdict {
      problems = Map.copyOf(problems);
    }
  }

  private record Monitored(String name, Probe probe, Duration grace) {}

  /**
   * One monitored or watched part as the last check saw it, for the station diagnostics.
   *
   * @param state ALIVE, IMPAIRED (a watched condition holds), FAILING (a problem, not yet for its
   *     grace time) or DEAD
   * @param lastSignOfLife the last check that found no problem; empty if none did yet
   */
  public record Part(String name, String state, Optional<Instant> lastSignOfLife, Optional<String> problem) {}

  private record Watched(String name, Probe probe) {}

  private final List<Monitored> monitored = new CopyOnWriteArrayList<>();
  private final Map<String, Instant> failingSince = new ConcurrentHashMap<>();
  private final List<Watched> watched = new CopyOnWriteArrayList<>();
  private final Map<String, String> impaired = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastAlive = new ConcurrentHashMap<>();
  private final Map<String, Instant> watchedAlive = new ConcurrentHashMap<>();
  private final BiConsumer<String, String> onDead;
  private final BiConsumer<String, String> onImpaired;
  private final Clock clock;
  private volatile String dead;
  private volatile String deadProblem;
  private volatile ScheduledFuture<?> check;

  /**
   * @param onDead told once, with the application and the problem, when the first one dies; the
   *     verdict turns {@link State#DEAD} only after it returned
   */
  public ApplicationHealth(BiConsumer<String, String> onDead, Clock clock) {
    this(onDead, (application, problem) -> { }, clock);
  }

  /**
   * @param onImpaired told, with the application and the problem, each time a watched condition
   *     starts to hold
   */
  public ApplicationHealth(
      BiConsumer<String, String> onDead, BiConsumer<String, String> onImpaired, Clock clock) {
    this.onDead = onDead;
    this.onImpaired = onImpaired;
    this.clock = clock;
  }

  public void monitor(String application, Duration grace, Probe probe) {
    monitored.add(new Monitored(application, probe, grace));
  }

  /** Watches a condition that impairs an application without killing it (see class comment). */
  public void watch(String application, Probe probe) {
    watched.add(new Watched(application, probe));
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

  public Verdict verdict() {
    String d = dead;
    if (d != null) {
      return new Verdict(State.DEAD, Map.of(d, deadProblem));
    }
    Map<String, String> now = Map.copyOf(impaired);
    return new Verdict(now.isEmpty() ? State.HEALTHY : State.IMPAIRED, now);
  }

  /** Every part the check looks at, monitored first, in the order they were added. */
  public List<Part> parts() {
    List<Part> parts = new java.util.ArrayList<>();
    String d = dead;
    java.util.Set<String> named = new java.util.HashSet<>();
    for (Monitored m : monitored) {
      String impairment = impaired.get(m.name());
      String state = m.name().equals(d) ? "DEAD" : failingSince.containsKey(m.name()) ? "FAILING"
          : impairment != null ? "IMPAIRED" : "ALIVE";
      parts.add(new Part(m.name(), state, Optional.ofNullable(lastAlive.get(m.name())),
          Optional.ofNullable(m.name().equals(d) ? deadProblem : impairment)));
      named.add(m.name());
    }
    for (Watched w : watched) {
      if (named.add(w.name())) { // a watched condition of a monitored part shows in that part
        String problem = impaired.get(w.name());
        parts.add(new Part(w.name(), problem == null ? "ALIVE" : "IMPAIRED", Optional.ofNullable(watchedAlive.get(w.name())),
            Optional.ofNullable(problem)));
      }
    }
    return parts;
  }

  void check() {
    checkWatched();
    Instant now = clock.instant();
    for (Monitored m : monitored) {
      Optional<String> problem = ask(m.probe());
      if (problem.isEmpty()) {
        failingSince.remove(m.name());
        lastAlive.put(m.name(), now);
        continue;
      }
      Instant since = failingSince.computeIfAbsent(m.name(), k -> now);
      if (dead == null && Duration.between(since, now).compareTo(m.grace()) >= 0) {
        LOG.error("health check: application '{}' is dead or hung since {}: {}", m.name(), since, problem.get());
        // report first, then publish: whoever sees the verdict also sees its report
        try {
          onDead.accept(m.name(), problem.get());
        } finally {
          deadProblem = problem.get();
          dead = m.name();
        }
      }
    }
  }

  private void checkWatched() {
    for (Watched w : watched) {
      Optional<String> problem = ask(w.probe());
      if (problem.isEmpty()) {
        watchedAlive.put(w.name(), clock.instant());
      }
      if (problem.isPresent()) {
        if (!impaired.containsKey(w.name())) {
          LOG.warn("health check: application '{}' is impaired: {}", w.name(), problem.get());
          onImpaired.accept(w.name(), problem.get()); // as for dead: the report before the verdict
        }
        impaired.put(w.name(), problem.get());
      } else if (impaired.remove(w.name()) != null) {
        LOG.info("health check: application '{}' is no longer impaired", w.name());
      }
    }
  }

  private static Optional<String> ask(Probe probe) {
    try {
      return probe.problem();
    } catch (RuntimeException e) {
      return Optional.of("probe failed: " + e);
    }
  }

  /**
   * A probe for a queue that refuses work when full: a problem while it is full, and at the next
   * check after any refusal, so that an episode shorter than the check cycle is seen too.
   *
   * @param refused work refused so far (a counter that only grows)
   * @param full true while the queue refuses work
   */
  public static Probe refusing(String what, LongSupplier refused, BooleanSupplier full) {
    return new Probe() {
      private long seen = refused.getAsLong();

      @Override
      public synchronized Optional<String> problem() {
        long total = refused.getAsLong();
        long since = total - seen;
        seen = total;
        if (!full.getAsBoolean() && since == 0) {
          return Optional.empty();
        }
        return Optional.of(what + " queue full: " + since + " not archived since the last check ("
            + total + " in all)");
      }
    };
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

  /** A probe for a background worker: dead when it has been busy without a sign of life for {@code stillFor}. */
  public static Probe alive(Pulse pulse, Duration stillFor) {
    return () -> pulse.stillFor().filter(still -> still.compareTo(stillFor) >= 0)
        .map(still -> "busy without a sign of life for " + still.toMillis() + " ms");
  }

  @Override
  public void close() {
    if (check != null) {
      check.cancel(false);
    }
  }
}
