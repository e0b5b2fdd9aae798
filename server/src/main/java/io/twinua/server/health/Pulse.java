package io.twinua.server.health;

import java.time.Duration;
import java.util.Optional;

/**
 * The sign of life of a background worker, for the application health check: the worker marks
 * when it is busy and beats from its own loop while busy (each page, each wait round). A worker
 * that is idle has nothing to do and is alive; one that is busy but has not beaten for a while is
 * hung (e.g. blocked forever on a partner that never answers, or on a lock). A worker that runs in
 * rounds ({@link #every}) must also start a round now and then: one that stopped (its periodic
 * task died with an exception) is dead. Cheap: a few volatile writes.
 *
 * <p>A pulse is also where a test hangs or kills its worker for real ({@link FaultInjection}):
 * {@link #busy()} runs on the worker's own thread at the start of each piece of work.
 */
public final class Pulse {

  private volatile boolean busy;
  private volatile long lastBeatNanos = System.nanoTime();
  private volatile Thread worker;
  private volatile Duration period;
  private volatile InjectedFault fault;

  /** The worker starts a piece of work (on its own thread). */
  public void busy() {
    InjectedFault f = fault;
    if (f != null) {
      f.beforeBusy(); // a killed worker dies before it shows any sign of life
    }
    worker = Thread.currentThread();
    lastBeatNanos = System.nanoTime();
    busy = true;
    if (f != null) {
      f.whileBusy(); // a hung worker hangs busy, holding whatever it holds
    }
  }

  /** The worker is still making progress. */
  public void beat() {
    lastBeatNanos = System.nanoTime();
  }

  /** The worker finished its piece of work and waits for the next. */
  public void idle() {
    busy = false;
    lastBeatNanos = System.nanoTime();
  }

  /**
   * The worker (re)starts running a round at least every {@code period} from now on (a periodic
   * check). A worker started again is a new one: an injected kill no longer strikes it.
   */
  public void every(Duration period) {
    lastBeatNanos = System.nanoTime();
    this.period = period;
    fault = null;
  }

  /** How long the busy worker has shown no sign of life; empty while idle. */
  public Optional<Duration> stillFor() {
    if (!busy) {
      return Optional.empty();
    }
    return Optional.of(sinceLastBeat());
  }

  /** How long a periodic worker has not started a round while idle; empty while busy or not periodic. */
  public Optional<Duration> quietFor() {
    if (busy || period == null) {
      return Optional.empty();
    }
    return Optional.of(sinceLastBeat());
  }

  /** The period of a worker that runs in rounds; empty otherwise. */
  public Optional<Duration> period() {
    return Optional.ofNullable(period);
  }

  /** The thread that last went busy (for the report of a hung worker). */
  Optional<Thread> worker() {
    return Optional.ofNullable(worker);
  }

  void inject(InjectedFault f) {
    fault = f;
  }

  private Duration sinceLastBeat() {
    return Duration.ofNanos(Math.max(0, System.nanoTime() - lastBeatNanos));
  }

  /** What {@link FaultInjection} does to a worker at {@link #busy()}. */
  interface InjectedFault {
    void beforeBusy();

    void whileBusy();
  }
}
