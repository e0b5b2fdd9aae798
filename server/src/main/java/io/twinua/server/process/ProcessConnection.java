package io.twinua.server.process;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.twinua.server.config.AutomationStationConfig;
import io.twinua.server.config.TagMapping;
import io.twinua.server.health.Pulse;
import io.twinua.server.uaclient.ClientExecutors;
import io.twinua.server.uaclient.ClientSupervisor;
import io.twinua.server.uaclient.EndpointDiscovery;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransport;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This station's own connection to one automation station: a Milo client that subscribes to
 * every mapped AS tag and hands each value to the {@link ProcessValueSink}. A {@link
 * ClientSupervisor} connects it, notices a lost AS within a few seconds and reconnects; a hung AS
 * holds no thread of the station (connecting is asynchronous and bounded).
 */
public final class ProcessConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessConnection.class);
  /** Queue deep enough for every value a fast AS produces within one publishing interval. */
  private static final int QUEUE_SIZE = 1000;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** Discovery plus session: two request timeouts. */
  private static final Duration CONNECT_TIMEOUT = REQUEST_TIMEOUT.multipliedBy(2);
  private static final Duration RECREATE_AFTER = Duration.ofSeconds(5);
  private static final Duration CHECK_PERIOD = Duration.ofSeconds(1);

  private final AutomationStationConfig as;
  private final List<TagMapping> tags;
  private final ProcessValueSink sink;
  private final ClientExecutors executors;
  private final Clock clock;
  private final AtomicReference<AsConnectionStatus> status = new AtomicReference<>();
  private final ClientSupervisor supervisor;

  /**
   * @param scheduler runs the periodic connection check (never blocked by it)
   * @param executors the station's Milo client threads
   */
  public ProcessConnection(
      AutomationStationConfig as,
      List<TagMapping> tags,
      ProcessValueSink sink,
      ScheduledExecutorService scheduler,
      ClientExecutors executors,
      Clock clock) {
    this.as = as;
    this.tags = List.copyOf(tags);
    this.sink = sink;
    this.executors = executors;
    this.clock = clock;
    status.set(
        new AsConnectionStatus(as.name(), AsConnectionStatus.State.CONNECTING, clock.instant(), "starting"));
    supervisor = new ClientSupervisor("AS " + as.name(), new Plan(), scheduler, executors,
        CONNECT_TIMEOUT, RECREATE_AFTER, CHECK_PERIOD);
  }

  public String asName() {
    return as.name();
  }

  public AsConnectionStatus status() {
    return status.get();
  }

  public void start() {
    supervisor.start();
  }

  /**
   * Writes {@code value} to the AS tag of {@code tag} (a setpoint) on the current session. The
   * result is the AS's own status, or Bad_NotConnected without a session, or Bad_Timeout when the
   * AS does not answer in time; it never fails exceptionally and never blocks the caller. The
   * station does not show the value: the AS's value comes back through the subscription.
   */
  public CompletableFuture<StatusCode> write(TagMapping tag, Variant value) {
    Optional<OpcUaClient> client = supervisor.activeClient();
    if (client.isEmpty()) {
      return CompletableFuture.completedFuture(new StatusCode(StatusCodes.Bad_NotConnected));
    }
    CompletableFuture<List<StatusCode>> written;
    try {
      written = client.get().writeValuesAsync(List.of(NodeId.parse(tag.address())), List.of(DataValue.valueOnly(value)));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new StatusCode(StatusCodes.Bad_NotConnected));
    }
    return written
        .thenApply(results -> results.isEmpty() ? new StatusCode(StatusCodes.Bad_UnexpectedError) : results.get(0))
        .completeOnTimeout(new StatusCode(StatusCodes.Bad_Timeout), REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(e -> UaException.extractStatusCode(e).orElse(new StatusCode(StatusCodes.Bad_NotConnected)));
  }

  /**
   * The sign of life of this connection's worker (the periodic check that connects, notices a lost
   * AS and reconnects): a worker that stopped or hangs leaves the AS unattended, which a merely
   * disconnected PLC never does (that is a defective connection, see {@link #status()}).
   */
  public Pulse pulse() {
    return supervisor.pulse();
  }

  /** Starts the worker again after it died; false if it is still running (e.g. stuck). */
  public boolean restartWorker() {
    return supervisor.restartChecks();
  }

  private final class Plan implements ClientSupervisor.Plan {
    @Override
    public CompletableFuture<OpcUaClient> newClient() {
      return EndpointDiscovery.endpoints(as.endpointUrl(), executors, REQUEST_TIMEOUT)
          .thenApplyAsync(ProcessConnection.this::newClient, executors.connectSteps());
    }

    @Override
    public void subscribe(OpcUaClient client) throws UaException {
      ProcessConnection.this.subscribe(client);
    }

    @Override
    public void onReady(OpcUaClient client) {
      setStatus(AsConnectionStatus.State.GOOD, "connected to " + as.endpointUrl());
    }

    @Override
    public void onLost(String reason) {
      setStatus(AsConnectionStatus.State.DEFECTIVE, "session to " + as.endpointUrl() + " lost");
    }

    @Override
    public void onFailed(Throwable cause) {
      setStatus(AsConnectionStatus.State.DEFECTIVE,
          "cannot connect to " + as.endpointUrl() + ": " + ClientSupervisor.rootMessage(cause));
    }
  }

  private OpcUaClient newClient(List<EndpointDescription> endpoints) {
    EndpointDescription endpoint = endpoints.stream()
        .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())
            && e.getSecurityMode() == MessageSecurityMode.None)
        .findFirst()
        // connect where this station is configured to reach the AS (its own network card, a
        // gateway), not where the AS says it is
        .map(e -> EndpointUtil.updateUrl(e, EndpointUtil.getHost(as.endpointUrl()), EndpointUtil.getPort(as.endpointUrl())))
        .orElseThrow(() -> new CompletionException(new UaException(StatusCodes.Bad_ConfigurationError,
            "the AS offers no endpoint without security")));
    OpcUaClientConfig config = OpcUaClientConfig.builder()
        .setEndpoint(endpoint)
        .setDiscoveryEndpoints(endpoints)
        .setApplicationName(LocalizedText.english("TwinUA process connection " + as.name()))
        .setApplicationUri("urn:twinua:process-connection:" + as.name())
        .setRequestTimeout(uint(REQUEST_TIMEOUT.toMillis()))
        // a silent AS is noticed in about 3 s (milo-notes: 1000/1000/1)
        .setKeepAliveInterval(uint(1_000))
        .setKeepAliveTimeout(uint(1_000))
        .setKeepAliveFailuresAllowed(uint(1))
        .build();
    return new OpcUaClient(config, new OpcTcpClientTransport(executors.configure(OpcTcpClientTransportConfig.newBuilder())
        .setConnectTimeout(uint(REQUEST_TIMEOUT.toMillis()))
        .setAcknowledgeTimeout(uint(REQUEST_TIMEOUT.toMillis()))
        .build()));
  }

  private void subscribe(OpcUaClient c) throws UaException {
    var subscription = new OpcUaSubscription(c, (double) as.publishingIntervalMs());
    subscription.setSubscriptionListener(
        new OpcUaSubscription.SubscriptionListener() {
          @Override
          public void onTransferFailed(OpcUaSubscription sub, StatusCode code) {
            // The AS restarted (new server, new session): our subscription is gone there.
            supervisor.resubscribe(c);
          }
        });
    subscription.create();
    List<OpcUaMonitoredItem> items = new ArrayList<>(tags.size());
    for (TagMapping tag : tags) {
      var item = OpcUaMonitoredItem.newDataItem(NodeId.parse(tag.address()));
      item.setSamplingInterval(0.0);
      item.setQueueSize(uint(QUEUE_SIZE));
      item.setDiscardOldest(false);
      item.setDataValueListener((i, value) -> sink.onValue(tag, value));
      items.add(item);
    }
    subscription.addMonitoredItems(items);
    try {
      subscription.synchronizeMonitoredItems();
    } catch (MonitoredItemSynchronizationException e) {
      if (e.getCreateResults().stream().anyMatch(r -> r.serviceResult().isBad())) {
        // the request itself failed (connection lost while subscribing): try the whole connect again
        throw new UaException(e.getCreateResults().get(0).serviceResult(), "monitored items not created");
      }
      e.getCreateResults().stream()
          .filter(r -> r.operationResult().map(StatusCode::isBad).orElse(true))
          .forEach(
              r ->
                  LOG.error(
                      "AS {}: tag {} cannot be monitored: {}",
                      as.name(),
                      r.monitoredItem().getReadValueId().getNodeId().toParseableString(),
                      r.operationResult().map(StatusCode::toString).orElse(r.serviceResult().toString())));
    }
  }

  private void setStatus(AsConnectionStatus.State state, String reason) {
    AsConnectionStatus previous = status.get();
    if (previous.state() == state) {
      return;
    }
    AsConnectionStatus next = new AsConnectionStatus(as.name(), state, clock.instant(), reason);
    if (status.compareAndSet(previous, next)) {
      if (state == AsConnectionStatus.State.GOOD) {
        LOG.info("AS {}: connection good ({})", as.name(), reason);
      } else {
        LOG.warn("AS {}: connection defective ({})", as.name(), reason);
      }
      sink.onConnectionStatus(next);
    }
  }

  @Override
  public void close() {
    supervisor.close();
  }
}
