package io.twinua.switcher;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the application subscribed once (data items), re-created on each server the client
 * switches to (Part 4 §6.6.2.4.5.2 Cold failover), with the switch's gap read from the new
 * server's history first.
 *
 * <p>Runs on the delivery thread, a serial queue: a switch task (create, backfill) runs to its
 * end before any live value of the new subscription is looked at, so samples leave in source-time
 * order. {@link SampleGate} drops what was already delivered.
 */
final class DataFeed {

  private static final Logger LOG = LoggerFactory.getLogger(DataFeed.class);

  private final List<String> nodes;
  private final SampleListener listener;
  private final SwitcherConfig config;
  private final Executor delivery;
  private final Clock clock;
  /** (server URI, reason): the subscription saw its server fail. */
  private final BiConsumer<String, String> serverFault;
  private final SampleGate gate = new SampleGate();
  private final Backfill backfill;
  private final AtomicLong requested = new AtomicLong();

  // delivery-thread state
  private OpcUaSubscription subscription;
  private String serverUri;
  private long epoch;
  private boolean closed;

  DataFeed(List<String> nodes, SampleListener listener, SwitcherConfig config, Executor delivery, Clock clock,
      BiConsumer<String, String> serverFault) {
    this.nodes = List.copyOf(nodes);
    nodes.forEach(ExpandedNodeId::parse); // reject a bad node id at subscribe time, not at a switch
    this.listener = listener;
    this.config = config;
    this.delivery = delivery;
    this.clock = clock;
    this.serverFault = serverFault;
    this.backfill = new Backfill(clock);
  }

  /**
   * Moves the items to {@code client}'s server; may be called from any thread. Only the last of
   * several queued moves is carried out.
   */
  void moveTo(String uri, OpcUaClient client) {
    long move = requested.incrementAndGet();
    delivery.execute(() -> {
      if (move == requested.get()) {
        move(uri, client);
      }
    });
  }

  void close() {
    delivery.execute(() -> {
      closed = true;
      epoch++;
      dropSubscription();
    });
  }

  private void move(String uri, OpcUaClient client) {
    if (closed) {
      return;
    }
    long myEpoch = ++epoch;
    dropSubscription();
    serverUri = uri;
    try {
      client.readNamespaceTable(); // nsu= node ids resolve per server: indexes may differ
      subscription = subscribe(client, uri, myEpoch);
      for (var entry : resolve(client).entrySet()) {
        String node = entry.getKey();
        gate.last(node).ifPresent(from -> backfill.read(client, entry.getValue(), from)
            .forEach(v -> offer(node, v, true)));
      }
    } catch (UaException | RuntimeException e) {
      LOG.warn("{}: could not move the subscription there ({})", uri, e.toString());
      serverFault.accept(uri, "subscription failed: " + e.getMessage());
    }
  }

  private OpcUaSubscription subscribe(OpcUaClient client, String uri, long myEpoch) throws UaException {
    var sub = new OpcUaSubscription(client, config.publishingInterval().toMillis());
    sub.setWatchdogMultiplier(1.5);
    sub.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
      @Override
      public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
        List<String> keys = items.stream().map(i -> (String) i.getUserObject().orElseThrow()).toList();
        List<DataValue> copy = List.copyOf(values);
        delivery.execute(() -> live(myEpoch, keys, copy));
      }

      @Override
      public void onWatchdogTimerElapsed(OpcUaSubscription s) {
        serverFault.accept(uri, "subscription keep-alive missed");
      }
    });
    sub.create();
    for (var entry : resolve(client).entrySet()) {
      var item = OpcUaMonitoredItem.newDataItem(entry.getValue());
      item.setUserObject(entry.getKey());
      item.setSamplingInterval(config.samplingInterval().toMillis());
      item.setQueueSize(uint(config.queueSize()));
      // every new source timestamp is a sample, even with an unchanged value
      item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValueTimestamp, uint(0), 0.0));
      sub.addMonitoredItem(item);
    }
    try {
      sub.synchronizeMonitoredItems();
    } catch (MonitoredItemSynchronizationException e) {
      e.getCreateResults().forEach(r -> LOG.warn("{}: item {} not created: {}",
          uri, r.monitoredItem().getUserObject().orElse("?"), r.operationResult()));
    }
    return sub;
  }

  private Map<String, NodeId> resolve(OpcUaClient client) {
    Map<String, NodeId> ids = new HashMap<>();
    for (String node : nodes) {
      ExpandedNodeId.parse(node).toNodeId(client.getNamespaceTable()).ifPresentOrElse(
          id -> ids.put(node, id),
          () -> LOG.warn("{}: namespace of {} unknown there; not subscribed", serverUri, node));
    }
    return ids;
  }

  private void live(long ofEpoch, List<String> keys, List<DataValue> values) {
    if (ofEpoch != epoch) {
      return; // a subscription the client already left
    }
    for (int i = 0; i < keys.size(); i++) {
      offer(keys.get(i), values.get(i), false);
    }
  }

  private void offer(String node, DataValue value, boolean fromHistory) {
    DateTime time = value.getSourceTime() != null && value.getSourceTime().isValid() ? value.getSourceTime() : value.getServerTime();
    if (time == null || !gate.pass(node, time.getUtcTime())) {
      return;
    }
    Instant received = clock.instant();
    try {
      listener.onSample(new Sample(node, value, time.getJavaInstant(), received, serverUri, fromHistory));
    } catch (RuntimeException e) {
      LOG.warn("sample listener failed on {}", node, e);
    }
  }

  private void dropSubscription() {
    OpcUaSubscription old = subscription;
    subscription = null;
    if (old != null) {
      // the old server may be dead: fire and forget, bounded by the request timeout
      old.deleteAsync().exceptionally(ex -> null);
    }
  }

  /** Nodes in subscription order (for tests and printing). */
  List<String> nodes() {
    return new ArrayList<>(nodes);
  }
}
