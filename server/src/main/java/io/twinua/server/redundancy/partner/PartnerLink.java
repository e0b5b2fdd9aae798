package io.twinua.server.redundancy.partner;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.HeartbeatCodec;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.security.StationPki;
import io.twinua.server.security.Thumbprints;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.core.util.ExecutionQueue;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransport;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal-bus link to the partner station: a Milo client of the partner that logs in as this
 * station (Basic256Sha256/SignAndEncrypt channel with the station certificate, X.509 user token
 * with the same certificate → the partner grants the PARTNER role), subscribes to the partner's
 * {@code ns=<plant namespace>;s=@RM_Heartbeat} and reports fresh heartbeats and UP/DOWN.
 *
 * <p>DOWN: no heartbeat with a new sequence for {@code timeout} (a watchdog on the scheduler, so a
 * hung or unplugged partner is noticed within about {@code timeout}, long before Milo's keep-alive
 * would), or the session went inactive (a stopped partner closes the socket: noticed at once). UP:
 * the next fresh heartbeat. The first value after start-up is only a baseline (see {@link
 * HeartbeatFreshness}), so UP comes with the second heartbeat, about 200 ms later.
 *
 * <p>Reconnection: Milo reconnects a session it had and transfers the subscription; a failed
 * transfer (the partner restarted) recreates the subscription; a client without a session for
 * {@code recreateClientAfter} (or one whose first connect failed) is replaced by a fresh one.
 *
 * <p>Threads: connect attempts run on the given scheduler and block it for at most about three
 * request timeouts; they only run while there is no session (the link is DOWN then, so the
 * watchdog has nothing to miss). Listener calls run on the given executor, one at a time, in order.
 */
public final class PartnerLink implements AutoCloseable {

  /** Identifier (string NodeId) of the heartbeat variable in the partner's plant namespace. */
  public static final String HEARTBEAT_NODE = "@RM_Heartbeat";

  static final double PUBLISHING_INTERVAL_MS = 100.0;
  static final double SAMPLING_INTERVAL_MS = 100.0;
  static final int QUEUE_SIZE = 10;

  private static final Logger LOG = LoggerFactory.getLogger(PartnerLink.class);
  private static final long SUPERVISION_PERIOD_MS = 500;
  private static final long CLOSE_WAIT_MS = 2_000;

  private final PartnerLinkConfig config;
  private final StationPki pki;
  private final PartnerLinkListener listener;
  private final ScheduledExecutorService scheduler;
  private final ExecutionQueue callbacks;
  private final Clock clock;
  private final String partnerHost;
  private final int partnerPort;
  private final long timeoutNanos;
  private final long recreateAfterNanos;

  private final Object lock = new Object();
  // guarded by lock
  private OpcUaClient client;
  private boolean sessionActive;
  private long sessionLostNanos;
  private final HeartbeatFreshness freshness = new HeartbeatFreshness();
  private PartnerLinkStatus status;
  private String lastProblem;
  private boolean warnedBadValue;

  private volatile boolean closed;
  private volatile ScheduledFuture<?> watchdog;
  private volatile ScheduledFuture<?> supervision;

  /**
   * @param pki this station's PKI: own certificate and key, trust list for the partner's certificate
   * @param scheduler runs the watchdog, supervision and connect attempts (not shut down by close)
   * @param callbackExecutor runs the listener's calls (serialised by the link)
   */
  public PartnerLink(
      PartnerLinkConfig config,
      StationPki pki,
      PartnerLinkListener listener,
      ScheduledExecutorService scheduler,
      Executor callbackExecutor) {
    this(config, pki, listener, scheduler, callbackExecutor, Clock.systemUTC());
  }

  /** As above, with the clock for the {@code receivedAt}/{@code since} instants. */
  public PartnerLink(
      PartnerLinkConfig config,
      StationPki pki,
      PartnerLinkListener listener,
      ScheduledExecutorService scheduler,
      Executor callbackExecutor,
      Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.pki = Objects.requireNonNull(pki, "pki");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.callbacks = new ExecutionQueue(Objects.requireNonNull(callbackExecutor, "callbackExecutor"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.partnerHost = EndpointUtil.getHost(config.endpointUrl());
    this.partnerPort = EndpointUtil.getPort(config.endpointUrl());
    this.timeoutNanos = config.timeout().toNanos();
    this.recreateAfterNanos = config.recreateClientAfter().toNanos();
    this.status = new PartnerLinkStatus(LinkState.DOWN, clock.instant(), "not connected yet");
  }

  /** Starts connecting (in the background) and the watchdog. */
  public void start() {
    if (closed) {
      throw new IllegalStateException("partner link is closed");
    }
    if (supervision != null) {
      return;
    }
    long checkMillis = Math.max(20, config.timeout().toMillis() / 10);
    watchdog = scheduler.scheduleAtFixedRate(this::checkHeartbeatAge, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    supervision = scheduler.scheduleWithFixedDelay(this::supervise, 0, SUPERVISION_PERIOD_MS, TimeUnit.MILLISECONDS);
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
    synchronized (lock) {
      return sessionActive ? Optional.ofNullable(client) : Optional.empty();
    }
  }

  // ---- supervision: connect, replace a client that lost its session for too long ----

  private void supervise() {
    if (closed) {
      return;
    }
    OpcUaClient retired = null;
    boolean connect;
    synchronized (lock) {
      if (client == null) {
        connect = true;
      } else if (!sessionActive && System.nanoTime() - sessionLostNanos > recreateAfterNanos) {
        // Milo's own reconnect backs off up to 16 s; a fresh client gets a restarted partner back sooner
        retired = client;
        client = null;
        connect = true;
      } else {
        connect = false;
      }
    }
    if (retired != null) {
      LOG.info("partner link: no session to {} for {} ms, replacing the client",
          config.endpointUrl(), config.recreateClientAfter().toMillis());
      retired.disconnectAsync();
    }
    if (connect) {
      connect();
    }
  }

  private void connect() {
    OpcUaClient c = null;
    try {
      c = newClient();
      synchronized (lock) {
        if (closed) {
          return;
        }
        client = c;
        sessionActive = false;
        sessionLostNanos = System.nanoTime();
      }
      c.connectAsync().get(2 * config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
      subscribe(c);
      synchronized (lock) {
        lastProblem = null;
      }
      LOG.info("partner link: logged in at {} as partner station, heartbeat subscribed", config.endpointUrl());
    } catch (Exception e) {
      synchronized (lock) {
        if (client == c) {
          client = null;
          sessionActive = false;
        }
      }
      if (c != null) {
        c.disconnectAsync();
      }
      problem(describe(e));
    } finally {
      if (closed && c != null) {
        c.disconnectAsync();
      }
    }
  }

  /** Discovers the partner's endpoints, checks who it is, and builds a client for it. */
  private OpcUaClient newClient() throws Exception {
    long requestMillis = config.requestTimeout().toMillis();
    List<EndpointDescription> endpoints =
        DiscoveryClient.getEndpoints(config.endpointUrl(), t -> t.setConnectTimeout(uint(requestMillis)))
            .get(2 * requestMillis, TimeUnit.MILLISECONDS);
    EndpointDescription endpoint =
        endpoints.stream()
            .filter(e -> SecurityPolicy.Basic256Sha256.getUri().equals(e.getSecurityPolicyUri())
                && e.getSecurityMode() == MessageSecurityMode.SignAndEncrypt)
            .findFirst()
            .orElseThrow(() -> new PartnerLinkException(
                config.endpointUrl() + " offers no Basic256Sha256/SignAndEncrypt endpoint"));
    String serverUri = endpoint.getServer().getApplicationUri();
    if (!config.partnerApplicationUri().equals(serverUri)) {
      throw new PartnerLinkException(
          "the server at " + config.endpointUrl() + " is '" + serverUri
              + "', not the configured partner '" + config.partnerApplicationUri() + "'");
    }
    if (!acceptsCertificateLogin(endpoint)) {
      throw new PartnerLinkException(
          "the partner's endpoint " + config.endpointUrl() + " offers no certificate login");
    }
    checkServerCertificate(endpoint);

    OpcUaClientConfigBuilder builder =
        OpcUaClientConfig.builder()
            // connect where configured, whatever host name the partner advertises
            .setEndpoint(EndpointUtil.updateUrl(endpoint, partnerHost, partnerPort))
            .setApplicationName(LocalizedText.english("TwinUA partner link"))
            .setProductUri("urn:twinua")
            .setSessionName(() -> "TwinUA partner link of " + pki.applicationUri())
            .setRequestTimeout(uint(requestMillis))
            // the heartbeat watchdog notices a silent partner; this only bounds a dead session
            .setKeepAliveInterval(uint(1_000))
            .setKeepAliveTimeout(uint(1_000))
            .setKeepAliveFailuresAllowed(uint(1))
            .setIdentityProvider(new X509IdentityProvider(pki.certificate(), pki.keyPair().getPrivate()));
    pki.configureClient(builder);
    builder.setCertificateValidator(
        new PartnerCertificateCheck(pki.clientCertificateValidator(), config.partnerApplicationUri(), partnerHost));
    OpcUaClient c =
        new OpcUaClient(
            builder.build(),
            new OpcTcpClientTransport(
                OpcTcpClientTransportConfig.newBuilder().setConnectTimeout(uint(requestMillis)).build()));
    c.addSessionActivityListener(
        new SessionActivityListener() {
          @Override
          public void onSessionActive(UaSession session) {
            sessionActivated(c);
          }

          @Override
          public void onSessionInactive(UaSession session) {
            sessionLost(c);
          }
        });
    return c;
  }

  private static boolean acceptsCertificateLogin(EndpointDescription endpoint) {
    UserTokenPolicy[] policies = endpoint.getUserIdentityTokens();
    if (policies == null) {
      return false;
    }
    for (UserTokenPolicy policy : policies) {
      if (policy.getTokenType() == UserTokenType.Certificate) {
        return true;
      }
    }
    return false;
  }

  /** Fails with an operator-readable message before Milo fails with a bare status code. */
  private void checkServerCertificate(EndpointDescription endpoint) throws PartnerLinkException {
    List<X509Certificate> chain;
    try {
      chain = CertificateUtil.decodeCertificates(endpoint.getServerCertificate().bytesOrEmpty());
    } catch (UaException e) {
      throw new PartnerLinkException(config.endpointUrl() + " sends an unreadable certificate");
    }
    if (chain.isEmpty()) {
      throw new PartnerLinkException(config.endpointUrl() + " sends no certificate");
    }
    X509Certificate certificate = chain.get(0);
    try {
      new PartnerCertificateCheck(pki.clientCertificateValidator(), config.partnerApplicationUri(), partnerHost)
          .validateCertificateChain(chain, null, null);
    } catch (UaException e) {
      LOG.debug("partner link: certificate check of {} failed", config.endpointUrl(), e);
      throw new PartnerLinkException(
          "partner certificate '" + certificate.getSubjectX500Principal().getName()
              + "' (sha256 " + Thumbprints.sha256(certificate) + ") of " + config.endpointUrl()
              + " is not accepted by this station: " + certificateProblem(e.getStatusCode())
              + "; if it is the partner's certificate, trust it (twinua certs trust --pki "
              + pki.layout().root() + " --cert <file in " + pki.layout().rejectedCertsDir() + ">)");
    }
  }

  private String certificateProblem(StatusCode code) {
    long value = code.getValue();
    String why;
    if (value == StatusCodes.Bad_SecurityChecksFailed || value == StatusCodes.Bad_CertificateUntrusted) {
      why = "not in its trust list";
    } else if (value == StatusCodes.Bad_CertificateTimeInvalid || value == StatusCodes.Bad_CertificateIssuerTimeInvalid) {
      why = "expired or not yet valid";
    } else if (value == StatusCodes.Bad_CertificateUriInvalid) {
      why = "its application URI is not '" + config.partnerApplicationUri() + "'";
    } else if (value == StatusCodes.Bad_CertificateHostNameInvalid) {
      why = "it is not issued for host '" + partnerHost + "'";
    } else if (value == StatusCodes.Bad_CertificateRevoked || value == StatusCodes.Bad_CertificateIssuerRevoked) {
      why = "revoked";
    } else {
      why = "invalid";
    }
    return why + " (" + statusName(code) + ")";
  }

  private void subscribe(OpcUaClient c) throws UaException, PartnerLinkException {
    UShort namespaceIndex = c.getNamespaceTable().getIndex(config.plantNamespaceUri());
    if (namespaceIndex == null) {
      throw new PartnerLinkException(
          "the partner has no namespace '" + config.plantNamespaceUri() + "' (another project?)");
    }
    NodeId heartbeatNode = new NodeId(namespaceIndex, HEARTBEAT_NODE);
    var subscription = new OpcUaSubscription(c, PUBLISHING_INTERVAL_MS);
    subscription.setSubscriptionListener(
        new OpcUaSubscription.SubscriptionListener() {
          @Override
          public void onTransferFailed(OpcUaSubscription sub, StatusCode code) {
            // a new session (the partner restarted): the subscription is gone there; rebuild it
            // off Milo's delivery thread, re-reading the namespace index
            scheduler.execute(() -> resubscribe(c, code));
          }
        });
    subscription.create();
    var item = OpcUaMonitoredItem.newDataItem(heartbeatNode);
    item.setSamplingInterval(SAMPLING_INTERVAL_MS);
    item.setQueueSize(uint(QUEUE_SIZE));
    item.setDiscardOldest(true);
    item.setDataValueListener((i, value) -> onValue(c, value));
    subscription.addMonitoredItem(item);
    try {
      subscription.synchronizeMonitoredItems();
    } catch (MonitoredItemSynchronizationException e) {
      subscription.deleteAsync();
      throw new PartnerLinkException(
          "cannot monitor the partner's heartbeat " + heartbeatNode.toParseableString() + ": "
              + item.getCreateResult().map(PartnerLink::statusName).orElse(e.getMessage()));
    }
    StatusCode created = item.getCreateResult().orElse(StatusCode.GOOD);
    if (created.isBad()) {
      subscription.deleteAsync();
      throw new PartnerLinkException(
          "cannot monitor the partner's heartbeat " + heartbeatNode.toParseableString() + ": " + statusName(created));
    }
  }

  private void resubscribe(OpcUaClient c, StatusCode transferStatus) {
    synchronized (lock) {
      if (closed || client != c) {
        return;
      }
    }
    try {
      subscribe(c);
      LOG.info("partner link: heartbeat subscription recreated ({})", statusName(transferStatus));
    } catch (Exception e) {
      problem("cannot recreate the heartbeat subscription: " + describe(e));
      synchronized (lock) {
        if (client != c) {
          return;
        }
        client = null; // supervision connects a fresh client
        sessionActive = false;
        setState(LinkState.DOWN, "heartbeat subscription lost");
      }
      c.disconnectAsync();
    }
  }

  // ---- events: session activity (Milo threads), heartbeat values (Milo delivery), watchdog ----

  private void sessionActivated(OpcUaClient c) {
    synchronized (lock) {
      if (client != c || closed) {
        return; // a retired client's late events say nothing about the partner now
      }
      sessionActive = true;
    }
    LOG.debug("partner link: session to {} active", config.endpointUrl());
  }

  private void sessionLost(OpcUaClient c) {
    synchronized (lock) {
      if (client != c || closed) {
        return;
      }
      sessionActive = false;
      sessionLostNanos = System.nanoTime();
      setState(LinkState.DOWN, "session to " + config.endpointUrl() + " lost");
    }
  }

  private void onValue(OpcUaClient c, DataValue value) {
    if (closed) {
      return;
    }
    Object raw = value.getValue().getValue();
    Optional<Heartbeat> decoded =
        raw instanceof ByteString bytes && !bytes.isNull() ? HeartbeatCodec.decode(bytes.bytesOrEmpty()) : Optional.empty();
    long now = System.nanoTime();
    Instant receivedAt = clock.instant();
    synchronized (lock) {
      if (client != c || closed) {
        return;
      }
      if (decoded.isEmpty()) {
        if (!warnedBadValue) {
          warnedBadValue = true;
          LOG.warn(
              "partner link: {} of {} is not a heartbeat frame (status {}); ignored",
              HEARTBEAT_NODE,
              config.endpointUrl(),
              statusName(value.getStatusCode()));
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

  private void checkHeartbeatAge() {
    if (closed) {
      return;
    }
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

  private static String describe(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof PartnerLinkException) {
      return cause.getMessage();
    }
    if (cause instanceof TimeoutException) {
      return "no answer within the request timeout";
    }
    if (cause instanceof UaException ua) {
      String status = statusName(ua.getStatusCode());
      String message = ua.getMessage();
      if (ua.getStatusCode().getValue() == StatusCodes.Bad_IdentityTokenRejected
          || ua.getStatusCode().getValue() == StatusCodes.Bad_IdentityTokenInvalid) {
        return status + ": the partner refused this station's certificate login"
            + " (is this station's certificate pinned as its partner certificate?)";
      }
      return message == null || message.isBlank() ? status : status + " " + message;
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static String statusName(StatusCode code) {
    return StatusCodes.lookup(code.getValue()).map(names -> names[0]).orElse(code.toString());
  }

  /**
   * Stops the link; waits at most about 2 s for the session to close (a dead partner would
   * otherwise block ~8 s, milo-notes). The listener is not called afterwards.
   */
  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> w = watchdog;
    ScheduledFuture<?> s = supervision;
    if (w != null) {
      w.cancel(false);
    }
    if (s != null) {
      s.cancel(false);
    }
    OpcUaClient c;
    synchronized (lock) {
      c = client;
      client = null;
      sessionActive = false;
      status = new PartnerLinkStatus(LinkState.DOWN, clock.instant(), "closed");
    }
    if (c != null) {
      try {
        c.disconnectAsync().get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.debug("partner link: disconnect from {} did not complete: {}", config.endpointUrl(), e.toString());
      }
    }
  }

  /** A connect step failed for a reason worth telling an operator in plain words. */
  static final class PartnerLinkException extends Exception {
    PartnerLinkException(String message) {
      super(message);
    }
  }
}
