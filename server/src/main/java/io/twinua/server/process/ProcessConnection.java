package io.twinua.server.process;

import io.twinua.server.config.AutomationStationConfig;
import io.twinua.server.config.TagMapping;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * This station's own connection to one automation station: a Milo client that subscribes to
 * every mapped AS tag and hands each value to the {@link ProcessValueSink}. It connects by
 * itself, notices a lost AS within a few seconds and reconnects (Milo reconnects a session it
 * once had; the first connect and a lost server are retried here).
 */
public final class ProcessConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessConnection.class);
  /** Queue deep enough for every value a fast AS produces within one publishing interval. */
  private static final int QUEUE_SIZE = 1000;
  private static final Duration RECREATE_AFTER = Duration.ofSeconds(5);

  private final AutomationStationConfig as;
  private final List<TagMapping> tags;
  private final ProcessValueSink sink;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final AtomicReference<AsConnectionStatus> status = new AtomicReference<>();

  private volatile OpcUaClient client;
  private volatile boolean subscribed;
  private volatile ScheduledFuture<?> supervision;
  private volatile boolean closed;

  public ProcessConnection(
      AutomationStationConfig as,
      List<TagMapping> tags,
      ProcessValueSink sink,
      ScheduledExecutorService scheduler,
      Clock clock) {
    this.as = as;
    this.tags = List.copyOf(tags);
    this.sink = sink;
    this.scheduler = scheduler;
    this.clock = clock;
    status.set(
        new AsConnectionStatus(as.name(), AsConnectionStatus.State.CONNECTING, clock.instant(), "starting"));
  }

  public String asName() {
    return as.name();
  }

  public AsConnectionStatus status() {
    return status.get();
  }

  public void start() {
    supervision = scheduler.scheduleWithFixedDelay(this::supervise, 0, 1, TimeUnit.SECONDS);
  }

  /** Connects when there is no client; Milo's own reconnect handles a client that had a session. */
  private void supervise() {
    if (closed) {
      return;
    }
    OpcUaClient current = client;
    if (current != null) {
      AsConnectionStatus st = status.get();
      // Milo's own reconnect backs off up to 16 s; a fresh client gets a restarted AS back sooner.
      if (st.state() != AsConnectionStatus.State.GOOD
          && st.since().plus(RECREATE_AFTER).isBefore(clock.instant())) {
        client = null;
        current.disconnectAsync();
      }
      return;
    }
    OpcUaClient c = null;
    try {
      c = createClient();
      subscribed = false;
      client = c;
      c.connect();
      subscribe(c);
      subscribed = true;
      // GOOD means values flow: the session must still be there once the items exist
      if (c.getSessionAsync().isDone() && !c.getSessionAsync().isCompletedExceptionally()) {
        setStatus(AsConnectionStatus.State.GOOD, "connected to " + as.endpointUrl());
      }
    } catch (Exception e) {
      client = null;
      setStatus(AsConnectionStatus.State.DEFECTIVE, "cannot connect to " + as.endpointUrl() + ": " + rootMessage(e));
      if (c != null) {
        c.disconnectAsync();
      }
    }
  }

  private OpcUaClient createClient() throws UaException {
    OpcUaClient c =
        OpcUaClient.create(
            as.endpointUrl(),
            endpoints ->
                endpoints.stream()
                    .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())
                        && e.getSecurityMode() == MessageSecurityMode.None)
                    .findFirst()
                    // connect where this station is configured to reach the AS (its own network
                    // card, a gateway), not where the AS says it is
                    .map(e -> EndpointUtil.updateUrl(e, EndpointUtil.getHost(as.endpointUrl()),
                        EndpointUtil.getPort(as.endpointUrl()))),
            transport -> {},
            config ->
                config
                    .setApplicationName(LocalizedText.english("TwinUA process connection " + as.name()))
                    .setApplicationUri("urn:twinua:process-connection:" + as.name())
                    .setRequestTimeout(uint(5_000))
                    // a silent AS is noticed in about 3 s (milo-notes: 1000/1000/1)
                    .setKeepAliveInterval(uint(1_000))
                    .setKeepAliveTimeout(uint(1_000))
                    .setKeepAliveFailuresAllowed(uint(1)));
    c.addSessionActivityListener(
        new SessionActivityListener() {
          @Override
          public void onSessionActive(UaSession session) {
            // a retired client's late events say nothing about the AS now; before the items
            // exist, the initial connect decides
            if (client == c && subscribed) {
              setStatus(AsConnectionStatus.State.GOOD, "session active");
            }
          }

          @Override
          public void onSessionInactive(UaSession session) {
            if (client == c) {
              setStatus(AsConnectionStatus.State.DEFECTIVE, "session to " + as.endpointUrl() + " lost");
            }
          }
        });
    return c;
  }

  private void subscribe(OpcUaClient c) throws UaException {
    var subscription = new OpcUaSubscription(c, (double) as.publishingIntervalMs());
    subscription.setSubscriptionListener(
        new OpcUaSubscription.SubscriptionListener() {
          @Override
          public void onTransferFailed(OpcUaSubscription sub, StatusCode code) {
            // The AS restarted (new server, new session): our subscription is gone there.
            recreate(sub);
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

  private void recreate(OpcUaSubscription sub) {
    try {
      sub.create();
      sub.synchronizeMonitoredItems();
      LOG.info("AS {}: subscription recreated after the AS restarted", as.name());
    } catch (Exception e) {
      LOG.warn("AS {}: cannot recreate subscription: {}", as.name(), rootMessage(e));
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

  private static String rootMessage(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return Optional.ofNullable(r.getMessage()).orElse(r.getClass().getSimpleName());
  }

  @Override
  public void close() {
    closed = true;
    if (supervision != null) {
      supervision.cancel(false);
    }
    OpcUaClient c = client;
    client = null;
    if (c != null) {
      // disconnect() on a dead server blocks ~8 s (milo-notes); do not wait for a dead AS
      try {
        c.disconnectAsync().toCompletableFuture().get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.debug("AS {}: disconnect did not complete: {}", as.name(), rootMessage(e));
      }
    }
  }
}
