package io.twinua.server.uaclient;

import io.twinua.server.health.Pulse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one Milo client connected and subscribed to one server (an automation station, the
 * partner station): creates the client, connects, notices a lost session, replaces a client that
 * has had no usable session for {@code replaceAfter} (Milo's own reconnect backs off up to 16 s, a
 * fresh client gets a restarted server back sooner), and subscribes again when Milo could not
 * transfer the subscriptions to a new session.
 *
 * <p>Threads: the periodic check runs on the given scheduler and never blocks it; connecting is
 * asynchronous and bounded by {@code connectTimeout}; only the subscribe step blocks (Milo 1.1.2
 * has no asynchronous subscription calls) and it runs on {@link ClientExecutors#connectSteps()}.
 * A hung server therefore holds no thread, and a Milo callback thread never waits.
 */
public final class ClientSupervisor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClientSupervisor.class);
  private static final long CLOSE_WAIT_MS = 2_000;

  /** What is supervised: how to build the client, what to subscribe, whom to tell. */
  public interface Plan {

    /** A new, unconnected client (endpoint discovery and checks included); must not block. */
    CompletableFuture<OpcUaClient> newClient();

    /** Creates the subscriptions on a fresh session; may block (runs on the connect-step pool). */
    void subscribe(OpcUaClient client) throws Exception;

    /** The client has an active session and its subscriptions (first time or again). */
    void onReady(OpcUaClient client);

    /** The current client lost its session; Milo reconnects, or the client is replaced. */
    void onLost(String reason);

    /** A connect attempt or a re-subscription failed; the next check tries again. */
    void onFailed(Throwable cause);
  }

  private final String name;
  private final Plan plan;
  private final ScheduledExecutorService scheduler;
  private final ClientExecutors executors;
  private final long connectTimeoutMs;
  private final long replaceAfterNanos;
  private final long periodMs;

  private final Object lock = new Object();
  // guarded by lock
  private OpcUaClient client;
  private boolean connecting;
  private boolean sessionActive;
  private boolean subscribed;
  private long unusableSinceNanos;

  private volatile boolean closed;
  private volatile ScheduledFuture<?> checks;
  private final Pulse pulse = new Pulse();

  /**
   * @param name for log lines, e.g. "AS AS1"
   * @param scheduler runs the periodic check (non-blocking; the station's timer pool is fine)
   * @param connectTimeout bound of discovery plus connect (session open)
   * @param replaceAfter a client without a usable session for this long is replaced
   * @param period how often to check
   */
  public ClientSupervisor(String name, Plan plan, ScheduledExecutorService scheduler, ClientExecutors executors,
      Duration connectTimeout, Duration replaceAfter, Duration period) {
    this.name = Objects.requireNonNull(name, "name");
    this.plan = Objects.requireNonNull(plan, "plan");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.executors = Objects.requireNonNull(executors, "executors");
    this.connectTimeoutMs = connectTimeout.toMillis();
    this.replaceAfterNanos = replaceAfter.toNanos();
    this.periodMs = period.toMillis();
  }

  public void start() {
    if (closed) {
      throw new IllegalStateException(name + ": supervisor is closed");
    }
    if (checks == null) {
      pulse.every(Duration.ofMillis(periodMs));
      checks = scheduler.scheduleWithFixedDelay(this::check, 0, periodMs, TimeUnit.MILLISECONDS);
    }
  }

  /** The sign of life of the periodic check, for the application health check. */
  public Pulse pulse() {
    return pulse;
  }

  /**
   * Starts the periodic check again after it died (an exception ended the scheduled task; the
   * client, its session and subscriptions are untouched and the new check carries on with them).
   * False while the check is still scheduled: a check that is stuck holds its thread, and maybe
   * this supervisor's lock, so a second one would only stick behind it.
   */
  public boolean restartChecks() {
    ScheduledFuture<?> f = checks;
    if (closed || f == null || !f.isDone()) {
      return false;
    }
    pulse.every(Duration.ofMillis(periodMs));
    checks = scheduler.scheduleWithFixedDelay(this::check, 0, periodMs, TimeUnit.MILLISECONDS);
    return true;
  }

  /** The current client while its session is active. */
  public Optional<OpcUaClient> activeClient() {
    synchronized (lock) {
      return sessionActive ? Optional.ofNullable(client) : Optional.empty();
    }
  }

  /** Whether {@code c} is the supervised client now (a retired client's late values are ignored). */
  public boolean isCurrent(OpcUaClient c) {
    synchronized (lock) {
      return !closed && client == c;
    }
  }

  /**
   * Subscribes {@code c} again (Milo could not transfer its subscriptions to a new session); call
   * from a subscription listener, it returns at once. A failure replaces the client.
   */
  public void resubscribe(OpcUaClient c) {
    synchronized (lock) {
      if (closed || client != c) {
        return;
      }
      subscribed = false;
      unusableSinceNanos = System.nanoTime();
    }
    CompletableFuture.runAsync(() -> {
      try {
        plan.subscribe(c);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, executors.connectSteps()).whenComplete((ok, failure) -> {
      if (failure != null) {
        retire(c);
        c.disconnectAsync();
        if (!closed) {
          plan.onFailed(cause(failure));
        }
      } else {
        LOG.info("{}: subscription recreated on the new session", name);
        subscribed(c);
      }
    });
  }

  private void check() {
    if (closed) {
      return;
    }
    pulse.busy();
    try {
      checkOnce();
    } finally {
      pulse.idle();
    }
  }

  private void checkOnce() {
    OpcUaClient retired = null;
    synchronized (lock) {
      if (connecting) {
        return;
      }
      if (client != null) {
        if ((sessionActive && subscribed) || System.nanoTime() - unusableSinceNanos <= replaceAfterNanos) {
          return;
        }
        retired = client;
        client = null;
        sessionActive = false;
      }
      connecting = true;
    }
    if (retired != null) {
      LOG.info("{}: no usable session for {} ms, replacing the client", name, replaceAfterNanos / 1_000_000);
      retired.disconnectAsync();
    }
    connect();
  }

  private void connect() {
    AtomicReference<OpcUaClient> attempt = new AtomicReference<>();
    CompletableFuture<OpcUaClient> created;
    try {
      created = plan.newClient();
    } catch (RuntimeException e) {
      created = CompletableFuture.failedFuture(e);
    }
    created
        .thenCompose(c -> {
          attempt.set(c);
          c.addSessionActivityListener(new SessionEvents(c));
          synchronized (lock) {
            if (closed) {
              throw new CancellationException("closed");
            }
            client = c;
            sessionActive = false;
            subscribed = false;
            unusableSinceNanos = System.nanoTime();
          }
          return c.connectAsync();
        })
        .orTimeout(connectTimeoutMs, TimeUnit.MILLISECONDS)
        .thenApplyAsync(c -> {
          try {
            plan.subscribe(c);
            return c;
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        }, executors.connectSteps())
        .whenCompleteAsync((c, failure) -> connected(attempt.get(), failure), executors.executor());
  }

  private void connected(OpcUaClient c, Throwable failure) {
    synchronized (lock) {
      connecting = false;
    }
    if (failure != null) {
      if (c != null) {
        retire(c);
        c.disconnectAsync(); // Milo would keep trying to connect it
      }
      if (!closed) {
        plan.onFailed(cause(failure));
      }
      return;
    }
    // the session may have been lost while subscribing: ready only if it still stands
    boolean sessionStands = c.getSessionAsync().isDone() && !c.getSessionAsync().isCompletedExceptionally();
    synchronized (lock) {
      if (client == c && sessionStands) {
        sessionActive = true;
      }
    }
    subscribed(c);
  }

  private void subscribed(OpcUaClient c) {
    boolean ready;
    synchronized (lock) {
      if (closed || client != c) {
        return;
      }
      subscribed = true;
      ready = sessionActive;
    }
    if (ready) {
      plan.onReady(c);
    }
  }

  /** Forgets {@code c} if it is still the current client (the next check connects a new one). */
  private void retire(OpcUaClient c) {
    synchronized (lock) {
      if (client == c) {
        client = null;
        sessionActive = false;
        subscribed = false;
      }
    }
  }

  /** Session events of one client, on Milo's threads: state only, nothing that waits. */
  private final class SessionEvents implements SessionActivityListener {
    private final OpcUaClient c;

    SessionEvents(OpcUaClient c) {
      this.c = c;
    }

    @Override
    public void onSessionActive(UaSession session) {
      boolean ready;
      synchronized (lock) {
        if (closed || client != c) {
          return; // a retired client's late events say nothing about the server now
        }
        sessionActive = true;
        ready = subscribed;
      }
      if (ready) {
        plan.onReady(c);
      }
    }

    @Override
    public void onSessionInactive(UaSession session) {
      synchronized (lock) {
        if (closed || client != c) {
          return;
        }
        sessionActive = false;
        unusableSinceNanos = System.nanoTime();
      }
      plan.onLost("session lost");
    }
  }

  /** The failure itself, without the future's wrappers; a timeout of the attempt as such. */
  public static Throwable cause(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The innermost message, for operators (e.g. "Connection refused"). */
  public static String rootMessage(Throwable t) {
    if (cause(t) instanceof TimeoutException) {
      return "no answer within the connect timeout";
    }
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return Optional.ofNullable(r.getMessage()).orElse(r.getClass().getSimpleName());
  }

  /** Stops supervising and disconnects, waiting at most about 2 s (a dead server blocks ~8 s). */
  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> f = checks;
    if (f != null) {
      f.cancel(false);
    }
    OpcUaClient c;
    synchronized (lock) {
      c = client;
      client = null;
      sessionActive = false;
      subscribed = false;
    }
    if (c != null) {
      try {
        c.disconnectAsync().get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.debug("{}: disconnect did not complete: {}", name, e.toString());
      }
    }
  }
}
