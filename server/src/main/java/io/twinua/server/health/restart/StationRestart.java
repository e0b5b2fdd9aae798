package io.twinua.server.health.restart;

import io.twinua.server.health.restart.RestartPolicy.Cause;
import io.twinua.server.health.restart.RestartPolicy.Decision;
import io.twinua.server.health.restart.RestartPolicy.Situation;
import io.twinua.server.messages.SystemMessage;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's side of a whole-station restart: decides (see {@link RestartPolicy}), raises the
 * decision as a system message, and on a go records it in the history and, after the announced
 * delay, completes {@link #requested()}; whoever runs the station then stops it and exits so that
 * its supervisor starts it again. One go per station life: later asks are answered with it.
 */
public final class StationRestart {

  private static final Logger LOG = LoggerFactory.getLogger(StationRestart.class);

  private final RestartPolicy policy;
  private final RestartHistory history;
  private final Supplier<Situation> situation;
  private final BiConsumer<SystemMessage, String> raise;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final CompletableFuture<String> requested = new CompletableFuture<>();
  private Decision going;

  /**
   * @param raise raises a system message (must not block)
   * @param scheduler runs the delay; never waits on it
   */
  public StationRestart(RestartPolicy policy, RestartHistory history, Supplier<Situation> situation,
      BiConsumer<SystemMessage, String> raise, ScheduledExecutorService scheduler, Clock clock) {
    this.policy = policy;
    this.history = history;
    this.situation = situation;
    this.raise = raise;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /** The health check put the station into Fault. */
  public Decision onFault(String reason) {
    return decide(Cause.FAULT, reason);
  }

  /** An engineer asks for a restart. */
  public Decision onRequest(String reason) {
    return decide(Cause.REQUEST, reason);
  }

  /** Completes with the reason once a restart is due (after the announced delay). */
  public CompletableFuture<String> requested() {
    return requested;
  }

  private synchronized Decision decide(Cause cause, String reason) {
    if (going != null) {
      return going;
    }
    Decision d = policy.decide(cause, reason, clock.instant(), history.times(), situation.get());
    if (d.restart()) {
      history.record(clock.instant()); // before the announcement: a crash meanwhile still counts
      going = d;
      scheduler.schedule(() -> requested.complete(d.text()), policy.settings().delay().toMillis(), TimeUnit.MILLISECONDS);
    }
    LOG.info("whole-station restart ({}): {}", cause, d.text());
    raise.accept(d.message(), d.detail());
    return d;
  }
}
