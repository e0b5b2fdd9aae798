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
 * leads to Fault, since a restart would not help a disk that is merely behind. A queue that stays
 * full for a whole grace ({@link #full}) is monitored, not watched: then data is lost for good.
 *
 * <p>A problem is a blockage (a thread stuck on a lock, in a deadlock found with the JVM's {@code
 * ThreadMXBean}, or busy without a sign of life) or a failure (a worker that died, a queue that
 * stays full); the station reports the first as 1012351. A part registered with a {@link Restart}
 * is restarted in place on a failure, at most once per {@link #RESTART_WINDOW}.
 */
public final class ApplicationHealth implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApplicationHealth.class);

  /** One monitored application: empty while alive, else what is wrong. */
  public interface Probe {
    Optional<Problem> problem();
  }

  /**
   * What is wrong with an application.
   *
   * @param blockage true when a thread is stuck (blocked on a lock, deadlocked, busy without a sign
   *     of life): reported as 1012351; false when it died or stopped (its periodic task ended, its
   *     queue stays full)
   */
  public record Problem(String text, boolean blockage) {
    public static Problem blockage(String text) {
      return new Problem(text, true);
    }

    public static Problem failure(String text) {
      return new Problem(text, false);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** Restarts a failed application in place; false if it cannot (the failure then counts). */
  @FunctionalInterface
  public interface Restart {
    boolean restart(Problem problem);
  }

  /** Told about applications that died or were restarted. */
  public interface Listener {
    /** Once, for the first application that died; the verdict turns DEAD only after it returned. */
    void dead(String application, Problem problem);

    /** An application failed and was restarted in place. */
    default void restarted(String application, Problem problem) {}
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

  private record Monitored(String name, Probe probe, Duration grace, Restart restart) {}

  /** A part restarted in place that fails again within this time is dead: restarting does not help it. */
  public static final Duration RESTART_WINDOW = Duration.ofMinutes(2);

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
  private final Map<String, Instant> restartedAt = new ConcurrentHashMap<>();
  private final Map<String, Instant> watchedAlive = new ConcurrentHashMap<>();
  private final Listener onDead;
  private final BiConsumer<String, String> onImpaired;
  private final Deadlocks deadlocks = new Deadlocks();
  private final Clock clock;
  private volatile String dead;
  private volatile Problem deadProblem;
  private volatile ScheduledFuture<?> check;

  /**
   * @param onDead told once, with the application and the problem, when the first one dies; the
   *     verdict turns {@link State#DEAD} only after it returned
   */
  public ApplicationHealth(BiConsumer<String, Problem> onDead, Clock clock) {
    this((Listener) onDead::accept, (application, problem) -> { }, clock);
  }

  /**
   * @param onImpaired told, with the application and the problem, each time a watched condition
   *     starts to hold
   */
  public ApplicationHealth(Listener onDead, BiConsumer<String, String> onImpaired, Clock clock) {
    this.onDead = onDead;
    this.onImpaired = onImpaired;
    this.clock = clock;
  }

  public void monitor(String application, Duration grace, Probe probe) {
    monitored.add(new Monitored(application, probe, grace, null));
  }

  /**
   * Monitors an application that can be restarted in place: when it fails (not a blockage: a
   * stuck thread still holds what it holds), {@code restart} runs once; failing again within
   * {@link #RESTART_WINDOW} of that restart, or a restart that does not work, makes it dead.
   */
  public void monitor(String application, Duration grace, Probe probe, Restart restart) {
    monitored.add(new Monitored(application, probe, grace, restart));
  }

  /** Monitors a worker by its pulse ({@link #alive}); a deadlock of its thread is reported with its name. */
  public void monitor(String application, Duration grace, Pulse pulse, Duration stillFor) {
    deadlocks.name(pulse, application);
    monitor(application, grace, alive(pulse, stillFor));
  }

  /** As {@link #monitor(String, Duration, Pulse, Duration)}, for a worker that can be restarted in place. */
  public void monitor(String application, Duration grace, Pulse pulse, Duration stillFor, Restart restart) {
    deadlocks.name(pulse, application);
    monitor(application, grace, alive(pulse, stillFor), restart);
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
      return new Verdict(State.DEAD, Map.of(d, deadProblem.text()));
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
          Optional.ofNullable(m.name().equals(d) && deadProblem != null ? deadProblem.text() : impairment)));
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
    deadlocks.find().ifPresent(d -> died(d.application(), now, d.problem()));
    for (Monitored m : monitored) {
      Optional<Problem> problem = ask(m.probe());
      if (problem.isEmpty()) {
        failingSince.remove(m.name());
        lastAlive.put(m.name(), now);
        continue;
      }
      Instant since = failingSince.computeIfAbsent(m.name(), k -> now);
      if (dead == null && Duration.between(since, now).compareTo(m.grace()) >= 0) {
        if (!restarted(m, problem.get(), now)) {
          died(m.name(), since, problem.get());
        }
      }
    }
  }

  /** Restarts {@code m} if it may be; true when it was restarted. */
  private boolean restarted(Monitored m, Problem problem, Instant now) {
    if (m.restart() == null || problem.blockage()) {
      return false;
    }
    Instant last = restartedAt.get(m.name());
    if (last != null && Duration.between(last, now).compareTo(RESTART_WINDOW) < 0) {
      LOG.error("health check: application '{}' failed again {} s after its restart: {}", m.name(),
          Duration.between(last, now).toSeconds(), problem);
      return false;
    }
    boolean restarted;
    try {
      restarted = m.restart().restart(problem);
    } catch (RuntimeException e) {
      LOG.error("health check: restarting application '{}' failed", m.name(), e);
      restarted = false;
    }
    if (restarted) {
      LOG.warn("health check: application '{}' failed and was restarted in place: {}", m.name(), problem);
      restartedAt.put(m.name(), now);
      failingSince.remove(m.name());
      onDead.restarted(m.name(), problem);
    }
    return restarted;
  }

  private void died(String application, Instant since, Problem problem) {
    if (dead != null) {
      return;
    }
    LOG.error("health check: application '{}' is {} since {}: {}", application,
        problem.blockage() ? "blocked" : "dead", since, problem);
    // report first, then publish: whoever sees the verdict also sees its report
    try {
      onDead.dead(application, problem);
    } finally {
      deadProblem = problem;
      dead = application;
    }
  }

  private void checkWatched() {
    for (Watched w : watched) {
      Optional<Problem> problem = ask(w.probe());
      if (problem.isEmpty()) {
        watchedAlive.put(w.name(), clock.instant());
      }
      if (problem.isPresent()) {
        if (!impaired.containsKey(w.name())) {
          LOG.warn("health check: application '{}' is impaired: {}", w.name(), problem.get());
          onImpaired.accept(w.name(), problem.get().text()); // as for dead: the report before the verdict
        }
        impaired.put(w.name(), problem.get().text());
      } else if (impaired.remove(w.name()) != null) {
        LOG.info("health check: application '{}' is no longer impaired", w.name());
      }
    }
  }

  private static Optional<Problem> ask(Probe probe) {
    try {
      return probe.problem();
    } catch (RuntimeException e) {
      return Optional.of(Problem.failure("probe failed: " + e));
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
      public synchronized Optional<Problem> problem() {
        long total = refused.getAsLong();
        long since = total - seen;
        seen = total;
        if (!full.getAsBoolean() && since == 0) {
          return Optional.empty();
        }
        return Optional.of(Problem.failure(what + " queue full: " + since + " not archived since the last check ("
            + total + " in all)"));
      }
    };
  }

  /**
   * A probe for a write queue that must not stay full (monitor it with a grace: a short burst
   * fills a queue and is only {@link #refusing} news): a problem while it is full.
   */
  public static Probe full(String what, BooleanSupplier full) {
    return () -> full.getAsBoolean()
        ? Optional.of(Problem.failure(what + " queue stays full: values are lost"))
        : Optional.empty();
  }

  /** A probe for a worker that must make progress while it has work: dead when it has stood still too long. */
  public static Probe progress(Supplier<Long> backlog, Supplier<Long> done, Duration stillFor, Clock clock) {
    return new Probe() {
      private long lastDone = -1;
      private Instant lastProgress = clock.instant();

      @Override
      public synchronized Optional<Problem> problem() {
        long d = done.get();
        Instant now = clock.instant();
        if (d != lastDone || backlog.get() == 0) {
          lastDone = d;
          lastProgress = now;
          return Optional.empty();
        }
        Duration still = Duration.between(lastProgress, now);
        return still.compareTo(stillFor) >= 0
            ? Optional.of(Problem.blockage(backlog.get() + " waiting, nothing done for " + still.toMillis() + " ms"))
            : Optional.empty();
      }
    };
  }

  /**
   * A probe for a background worker: blocked when it has been busy without a sign of life for
   * {@code stillFor} (the report says what its thread waits for); dead when it runs in rounds
   * ({@link Pulse#every}) and has started none for three periods, at least {@link #QUIET_MIN}.
   */
  public static Probe alive(Pulse pulse, Duration stillFor) {
    return alive(pulse, stillFor, QUIET_MIN);
  }

  /** As {@link #alive(Pulse, Duration)}, with another shortest silence (tests). */
  static Probe alive(Pulse pulse, Duration stillFor, Duration quietMin) {
    return () -> {
      Optional<Duration> still = pulse.stillFor().filter(s -> s.compareTo(stillFor) >= 0);
      if (still.isPresent()) {
        return Optional.of(Problem.blockage("busy without a sign of life for " + still.get().toMillis() + " ms"
            + pulse.worker().map(Deadlocks::describe).orElse("")));
      }
      Duration quietLimit = pulse.period().map(p -> p.multipliedBy(3)).filter(q -> q.compareTo(quietMin) > 0)
          .orElse(quietMin);
      return pulse.quietFor().filter(q -> q.compareTo(quietLimit) >= 0)
          .map(q -> Problem.failure("stopped: no round for " + q.toMillis() + " ms (one every "
              + pulse.period().orElseThrow().toMillis() + " ms expected)"));
    };
  }

  /** Shortest silence of a periodic worker that counts as stopped (timer jitter on a loaded machine). */
  public static final Duration QUIET_MIN = Duration.ofSeconds(5);

  @Override
  public void close() {
    if (check != null) {
      check.cancel(false);
    }
  }
}
