package io.twinua.server.health;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real faults in a running station's monitored parts, for tests and the chaos harness (station file
 * {@code diagnostics: {faultInjection: true}}, off by default): {@link #kill} lets the part's
 * worker die with an exception at the start of each piece of work until it is started again (a
 * periodic task stops for good, as after a real bug); {@link #hang} blocks it there (or, for a part registered with its own
 * hang, holds the part's lock) until {@link #close}. Nothing is simulated: the health check sees
 * exactly what a real dead or stuck thread shows.
 */
public final class FaultInjection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaultInjection.class);

  /** Thrown on a killed worker's thread; an Error so that no {@code catch (Exception)} keeps it alive. */
  public static final class InjectedFailure extends Error {
    InjectedFailure(String part) {
      super("fault injection: " + part + " killed");
    }
  }

  /** Holds a part's own lock on the calling thread until {@code released} counts down. */
  @FunctionalInterface
  public interface Hold {
    void hold(CountDownLatch released) throws InterruptedException;
  }

  private record Part(Pulse pulse, Hold hold) {}

  private final Map<String, Part> parts = new ConcurrentHashMap<>();
  private final CountDownLatch released = new CountDownLatch(1);

  /** Makes {@code part} injectable through its pulse (a worker's thread). */
  public void register(String part, Pulse pulse) {
    parts.put(part, new Part(pulse, null));
  }

  /** Makes {@code part} injectable; a hang holds the part's lock on a thread of its own. */
  public void register(String part, Pulse pulse, Hold hold) {
    parts.put(part, new Part(pulse, hold));
  }

  public Set<String> parts() {
    return new TreeSet<>(parts.keySet());
  }

  /** Each piece of work of {@code part} throws until its worker is started again; false for an unknown part. */
  public boolean kill(String part) {
    return find(part).map(p -> {
      LOG.warn("fault injection: {} dies at its next piece of work", part);
      // every piece of work dies, the periodic round as well as any other (e.g. a queue drain on
      // the same pulse), until the worker is started again (Pulse#every: a restart in place)
      p.pulse().inject(new Armed(p.pulse()) {
        @Override
        public void beforeBusy() {
          throw new InjectedFailure(part);
        }
      });
      return true;
    }).orElse(false);
  }

  /** {@code part} hangs (see class comment) until the station stops; false for an unknown part. */
  public boolean hang(String part) {
    return find(part).map(p -> {
      LOG.warn("fault injection: {} hangs", part);
      if (p.hold() != null) {
        Thread t = new Thread(() -> {
          try {
            p.hold().hold(released);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "fault-injection-" + part.replace(' ', '-'));
        t.setDaemon(true);
        t.start();
        return true;
      }
      p.pulse().inject(new Armed(p.pulse()) {
        @Override
        public void whileBusy() {
          disarm();
          awaitRelease();
        }
      });
      return true;
    }).orElse(false);
  }

  private Optional<Part> find(String part) {
    return Optional.ofNullable(parts.get(part));
  }

  private void awaitRelease() {
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Releases every hung part (the station stops). */
  @Override
  public void close() {
    released.countDown();
  }

  /** A fault on a pulse; {@link #disarm} takes it off again. */
  private abstract static class Armed implements Pulse.InjectedFault {
    private final Pulse pulse;

    Armed(Pulse pulse) {
      this.pulse = pulse;
    }

    void disarm() {
      pulse.inject(null);
    }

    @Override
    public void beforeBusy() {}

    @Override
    public void whileBusy() {}
  }
}
