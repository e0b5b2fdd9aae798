package io.twinua.server.redundancy.partner;

import io.twinua.server.health.Pulse;
import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.HeartbeatCodec;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.security.StationPki;
import io.twinua.server.uaclient.ClientExecutors;
import io.twinua.server.uaclient.ClientSupervisor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.util.ExecutionQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal-bus link to the partner station: a Milo client of the partner that logs in as this
 * station ({@link PartnerEndpointCheck}), subscribes to the partner's {@code @RM_Heartbeat}
 * ({@link HeartbeatSubscription}) and reports fresh heartbeats and UP/DOWN. A {@link
 * ClientSupervisor} keeps the client connected.
 *
 * <p>DOWN: no heartbeat with a new sequence for {@code timeout} (a watchdog on the scheduler, so a
 * hung or unplugged partner is noticed within about {@code timeout}, long before Milo's keep-alive
 * would), or the session went inactive (a stopped partner closes the socket: noticed at once). UP:
 * the next fresh heartbeat. The first value after start-up is only a baseline (see {@link
 * HeartbeatFreshness}), so UP comes with the second heartbeat, one heartbeat period later.
 *
 * <p>Reconnection: Milo reconnects a session it had and transfers the subscription; a failed
 * transfer (the partner restarted) recreates the subscription; a client without a session for
 * {@code recreateClientAfter} (or one whose first connect failed) is replaced by a fresh one.
 *
 * <p>Threads: the watchdog and the supervisor's checks run on the given scheduler and never block
 * it (connecting is asynchronous, see {@link ClientSupervisor}). Listener calls run on the given
 * executor, one at a time, in order.
 */
public final class PartnerLink implements AutoCloseable {

  /** Identifier (string NodeId) of the heartbeat variable in the partner's plant namespace. */
  public static final String HEARTBEAT_NODE = "@RM_Heartbeat";

  private static final Logger LOG = LoggerFactory.getLogger(PartnerLink.class);
  private static final Duration SUPERVISION_PERIOD = Duration.ofMillis(500);

  private final PartnerLinkConfig config;
  private final PartnerLinkListener listener;
  private final ScheduledExecutorService scheduler;
  private final ExecutionQueue callbacks;
  private final Clock clock;
  private final long timeoutNanos;
  private final PartnerEndpointCheck endpoint;
  private final ClientSupervisor supervisor;

  private final Object lock = new Object();
  // guarded by lock
  private final HeartbeatFreshness freshness = new HeartbeatFreshness();
  private PartnerLinkStatus status;
  private String lastProblem;
  private boolean warnedBadValue;

  private volatile boolean closed;
  private volatile ScheduledFuture<?> watchdog;
  private final Pulse watchdogPulse = new Pulse();

  /**
   * @param pki this station's PKI: own certificate and key, trust list for the partner's certificate
   * @param scheduler runs the watchdog and supervision checks (not shut down by close)
   * @param callbackExecutor runs the listener's calls (serialised by the link)
   * @param clientExecutors the station's Milo client threads (not shut down by close)
   * @param clock for the {@code receivedAt}/{@code since} instants
   */
  public PartnerLink(
      PartnerLinkConfig config,
      StationPki pki,
      PartnerLinkListener listener,
      ScheduledExecutorService scheduler,
      Executor callbackExecutor,
      ClientExecutors clientExecutors,
      Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.callbacks = new ExecutionQueue(Objects.requireNonNull(callbackExecutor, "callbackExecutor"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeoutNanos = config.timeout().toNanos();
    this.endpoint = new PartnerEndpointCheck(config, Objects.requireNonNull(pki, "pki"), clientExecutors);
    // discovery and session: two request timeouts each
    this.supervisor = new ClientSupervisor("partner link", new Plan(), scheduler, clientExecutors,
        config.requestTimeout().multipliedBy(4), config.recreateClientAfter(), SUPERVISION_PERIOD);
    this.status = new PartnerLinkStatus(LinkState.DOWN, clock.instant(), "not connected yet");
  }

  /** Starts connecting (in the background) and the watchdog. */
  public void start() {
    if (closed) {
      throw new IllegalStateException("partner link is closed");
    }
    if (watchdog != null) {
      return;
    }
    long checkMillis = Math.max(20, config.timeout().toMillis() / 10);
    watchdogPulse.every(Duration.ofMillis(checkMillis));
    watchdog = scheduler.scheduleAtFixedRate(this::checkHeartbeatAge, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    supervisor.start();
    LOG.info(
        "partner link to {} ({}) started: heartbeat {} in {}, timeout {} ms",
        config.endpointUrl(),
        config.partnerApplicationUri(),
        HEARTBEAT_NODE,
        config.plantNamespaceUri(),
        config.timeout().toMillis());
  }

  public PartnerLinkConfig config() {
    return config;
  }

  public LinkState state() {
    return status().state();
  }

  /** State, since when and why (the reason also carries the last connect problem while DOWN). */
  public PartnerLinkStatus status() {
    synchronized (lock) {
      return status;
    }
  }

  /** The last heartbeat received from the partner, fresh or not. */
  public Optional<Heartbeat> lastHeartbeat() {
    synchronized (lock) {
      return Optional.ofNullable(freshness.lastSeen());
    }
  }

  /**
   * The client logged in at the partner (role PARTNER), while it has an active session; for
   * archive synchronisation (HistoryRead). Do not disconnect it: the link owns it.
   */
  public Optional<OpcUaClient> client() {
    return supervisor.activeClient();
  }

  /** The supervisor's steps: build a checked client, subscribe to the heartbeat, report problems. */
  private final class Plan implements ClientSupervisor.Plan {
    @Override
    public CompletableFuture<OpcUaClient> newClient() {
      return endpoint.newClient();
    }

    @Override
    public void subscribe(OpcUaClient c) throws Exception {
      HeartbeatSubscription.create(c, config.plantNamespaceUri(), value -> onValue(c, value),
          // the partner restarted: the subscription is gone there; rebuilt off Milo's thread
          () -> supervisor.resubscribe(c));
      synchronized (lock) {
        lastProblem = null;
      }
      LOG.info("partner link: logged in at {} as partner station, heartbeat subscribed", config.endpointUrl());
    }

    @Override
    public void onReady(OpcUaClient c) {
      LOG.debug("partner link: session to {} active", config.endpointUrl());
    }

    @Override
    public void onLost(String reason) {
      synchronized (lock) {
        setState(LinkState.DOWN, "session to " + config.endpointUrl() + " lost");
      }
    }

    @Override
    public void onFailed(Throwable cause) {
      problem(PartnerLinkException.describe(cause));
    }
  }

  // ---- events: heartbeat values (Milo delivery), watchdog ----

  private void onValue(OpcUaClient c, DataValue value) {
    if (closed || !supervisor.isCurrent(c)) {
      return; // a retired client's late values say nothing about the partner now
    }
    Object raw = value.getValue().getValue();
    Optional<Heartbeat> decoded =
        raw instanceof ByteString bytes && !bytes.isNull() ? HeartbeatCodec.decode(bytes.bytesOrEmpty()) : Optional.empty();
    long now = System.nanoTime();
    Instant receivedAt = clock.instant();
    synchronized (lock) {
      if (decoded.isEmpty()) {
        if (!warnedBadValue) {
          warnedBadValue = true;
          LOG.warn(
              "partner link: {} of {} is not a heartbeat frame (status {}); ignored",
              HEARTBEAT_NODE,
              config.endpointUrl(),
              PartnerLinkException.statusName(value.getStatusCode()));
        }
        return;
      }
      warnedBadValue = false;
      Heartbeat heartbeat = decoded.get();
      if (!freshness.offer(heartbeat, now)) {
        return;
      }
      callbacks.submit(() -> notify(() -> listener.onHeartbeat(heartbeat, receivedAt)));
      setState(LinkState.UP, "heartbeat from partner station '" + heartbeat.station() + "'");
    }
  }

  /**
   * The signs of life of the link's own machinery, for the application health check: the
   * supervisor that connects and reconnects, and the heartbeat watchdog. They run whether or not
   * the partner is there; a partner that is away is a link state, not a failure of this station.
   */
  public List<Pulse> pulses() {
    return List.of(supervisor.pulse(), watchdogPulse);
  }

  private void checkHeartbeatAge() {
    if (closed) {
      return;
    }
    watchdogPulse.busy();
    try {
      checkHeartbeatAgeNow();
    } finally {
      watchdogPulse.idle();
    }
  }

  private void checkHeartbeatAgeNow() {
    long now = System.nanoTime();
    synchronized (lock) {
      if (status.state() == LinkState.UP && freshness.silentNanos(now) > timeoutNanos) {
        setState(
            LinkState.DOWN,
            "no new heartbeat for " + TimeUnit.NANOSECONDS.toMillis(freshness.silentNanos(now)) + " ms");
      }
    }
  }

  /** Changes the state (and tells the listener) if it differs; caller holds the lock. */
  private void setState(LinkState state, String reason) {
    if (status.state() == state || closed) {
      return;
    }
    status = new PartnerLinkStatus(state, clock.instant(), reason);
    if (state == LinkState.UP) {
      LOG.info("partner link to {} UP: {}", config.endpointUrl(), reason);
    } else {
      LOG.warn("partner link to {} DOWN: {}", config.endpointUrl(), reason);
    }
    callbacks.submit(() -> notify(() -> listener.onLinkState(state, reason)));
  }

  /** A connect problem: logged once per distinct problem, kept as the DOWN reason. */
  private void problem(String message) {
    boolean changed;
    synchronized (lock) {
      changed = !message.equals(lastProblem);
      lastProblem = message;
      // e.g. the heartbeat subscription could not be recreated: no heartbeats will come
      setState(LinkState.DOWN, message);
      if (status.state() == LinkState.DOWN && !closed) {
        status = new PartnerLinkStatus(LinkState.DOWN, status.since(), message);
      }
    }
    if (changed) {
      LOG.warn("partner link: cannot connect to {}: {}", config.endpointUrl(), message);
    } else {
      LOG.debug("partner link: cannot connect to {}: {}", config.endpointUrl(), message);
    }
  }

  private void notify(Runnable call) {
    if (closed) {
      return;
    }
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.error("partner link listener failed", e);
    }
  }

  /**
   * Stops the link; waits at most about 2 s for the session to close (a dead partner would
   * otherwise block ~8 s, milo-notes). The listener is not called afterwards.
   */
  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> w = watchdog;
    if (w != null) {
      w.cancel(false);
    }
    supervisor.close();
    synchronized (lock) {
      status = new PartnerLinkStatus(LinkState.DOWN, clock.instant(), "closed");
    }
  }
}
