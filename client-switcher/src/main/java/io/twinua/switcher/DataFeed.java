package io.twinua.switcher;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the application subscribed once (data items), kept alive across switches in the
 * configured {@link FailoverMode}: on each switch the items report from the new server (created
 * there, or turned from Disabled/Sampling to Reporting), and the switch's gap is read from the
 * new server's history first.
 *
 * <p>Runs on the delivery thread, a serial queue: a switch task (create or promote, backfill)
 * runs to its end before any live value of the new server is looked at, so samples leave in
 * source-time order. {@link SampleGate} drops what was already delivered (a Hot backup's queue
 * flush repeats what the backfill just read).
 */
final class DataFeed {

  private static final Logger LOG = LoggerFactory.getLogger(DataFeed.class);

  /** The subscription on one server and the client it lives in. */
  private record Standing(OpcUaClient client, OpcUaSubscription subscription) {}

  private final List<String> nodes;
  private final SampleListener listener;
  private final SwitcherConfig config;
  private final Executor delivery;
  private final Clock clock;
  /** (server URI, reason): a subscription saw its server fail. */
  private final BiConsumer<String, String> serverFault;
  private final SampleGate gate = new SampleGate();
  private final Backfill backfill;
  private final AtomicLong requested = new AtomicLong();

  // delivery-thread state
  private final Map<String, Standing> standings = new HashMap<>();
  /** Warm/Hot: the demotion to standby last sent to each server, maybe not yet answered. */
  private final Map<String, CompletableFuture<?>> demoting = new HashMap<>();
  /** Subscriptions left in sessions the client lost, by server: taken over and deleted on return. */
  private final Map<String, Set<UInteger>> abandoned = new HashMap<>();
  private String active;
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
   * Makes {@code client}'s server the one that reports; may be called from any thread. Only the
   * last of several queued moves is carried out.
   */
  void moveTo(String uri, OpcUaClient client) {
    long move = requested.incrementAndGet();
    delivery.execute(() -> {
      if (move == requested.get() && !closed) {
        move(uri, client);
      }
    });
  }

  /** Warm/Hot: a backup server (re)connected; its standby subscription is set up. */
  void prepare(String uri, OpcUaClient client) {
    if (config.mode().standbyMode() == null) {
      return;
    }
    delivery.execute(() -> {
      if (closed || uri.equals(active)) {
        return;
      }
      Standing s = standings.get(uri);
      if (s != null && s.client == client) {
        return;
      }
      drop(uri);
      try {
        standings.put(uri, new Standing(client, subscribe(uri, client, config.mode().standbyMode())));
      } catch (UaException | RuntimeException e) {
        LOG.info("{}: no standby subscription ({})", uri, e.getMessage());
      }
    });
  }

  /** A server was lost: its subscription died with its session. */
  void forget(String uri) {
    delivery.execute(() -> drop(uri));
  }

  void close() {
    delivery.execute(() -> {
      closed = true;
      active = null;
      List.copyOf(standings.keySet()).forEach(this::drop);
    });
  }

  private void move(String uri, OpcUaClient client) {
    String old = active;
    active = uri;
    try {
      Standing s = standings.get(uri);
      if (s != null && s.client == client && config.mode().standbyMode() != null && demoted(uri) && promote(s)) {
        LOG.debug("{}: standby items now Reporting", uri);
      } else {
        drop(uri);
        standings.put(uri, new Standing(client, subscribe(uri, client, MonitoringMode.Reporting)));
      }
      demote(old, uri);
      for (var entry : resolve(uri, client).entrySet()) {
        String node = entry.getKey();
        gate.last(node).ifPresent(from -> backfill.read(client, entry.getValue(), from)
            .forEach(v -> offer(uri, node, v, true)));
      }
    } catch (UaException | RuntimeException e) {
      LOG.warn("{}: could not move the subscription there ({})", uri, e.toString());
      serverFault.accept(uri, "subscription failed: " + e.getMessage());
    }
  }

  /**
   * Waits (bounded) for this server's last demotion to be answered: the server may run requests
   * of one session in any order, so a late demotion could otherwise turn the just promoted items
   * back to standby (seen after rapid back-and-forth switches). False if it did not answer.
   */
  private boolean demoted(String uri) {
    CompletableFuture<?> pending = demoting.remove(uri);
    if (pending == null) {
      return true;
    }
    try {
      pending.get(config.connection().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** Part 4 Table 111, Warm/Hot at failover: the prepared items turn to Reporting. False if any did not. */
  private static boolean promote(Standing s) {
    try {
      return s.subscription.setMonitoringMode(MonitoringMode.Reporting, s.subscription.getMonitoredItems()).stream()
          .allMatch(MonitoredItemServiceOperationResult::isGood);
    } catch (RuntimeException e) {
      // e.g. the standby items were never created (server just restarted): subscribe afresh instead
      LOG.info("standby subscription not promotable ({}); subscribing afresh", e.getMessage());
      return false;
    }
  }

  /** The server left stops reporting: Cold deletes its subscription, Warm/Hot keep it on standby. */
  private void demote(String old, String now) {
    if (old == null || old.equals(now)) {
      return;
    }
    MonitoringMode standby = config.mode().standbyMode();
    Standing s = standings.get(old);
    if (standby == null || s == null) {
      drop(old);
      return;
    }
    // the old server may be dead: asynchronous, never waited for
    var ids = s.subscription.getMonitoredItems().stream().map(i -> i.getMonitoredItemId().orElseThrow()).toList();
    s.subscription.getSubscriptionId().ifPresent(id ->
        demoting.put(old, s.client.setMonitoringModeAsync(id, standby, ids).exceptionally(ex -> null)));
  }

  private OpcUaSubscription subscribe(String uri, OpcUaClient client, MonitoringMode mode) throws UaException {
    client.readNamespaceTable(); // nsu= node ids resolve per server: indexes may differ
    reclaim(uri, client);
    var sub = new OpcUaSubscription(client, config.publishingInterval().toMillis());
    // Milo's default keep-alive is 10 s (watchdog 15 s, lifetime 50 s): far too slow for failover
    sub.setTargetKeepAliveInterval(config.subscriptionKeepAlive().toMillis());
    sub.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
      @Override
      public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
        List<String> keys = items.stream().map(i -> (String) i.getUserObject().orElseThrow()).toList();
        List<DataValue> copy = List.copyOf(values);
        delivery.execute(() -> live(uri, s, keys, copy));
      }

      @Override
      public void onWatchdogTimerElapsed(OpcUaSubscription s) {
        serverFault.accept(uri, "subscription keep-alive missed");
      }
    });
    sub.create();
    try {
      addItems(uri, client, sub, mode);
    } catch (RuntimeException e) {
      sub.getSubscriptionId().ifPresent(id -> abandoned.computeIfAbsent(uri, k -> new HashSet<>()).add(id));
      throw e;
    }
    return sub;
  }

  private void addItems(String uri, OpcUaClient client, OpcUaSubscription sub, MonitoringMode mode) {
    for (var entry : resolve(uri, client).entrySet()) {
      var item = OpcUaMonitoredItem.newDataItem(entry.getValue(), mode);
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
  }

  private Map<String, NodeId> resolve(String uri, OpcUaClient client) {
    Map<String, NodeId> ids = new LinkedHashMap<>();
    for (String node : nodes) {
      ExpandedNodeId.parse(node).toNodeId(client.getNamespaceTable()).ifPresentOrElse(
          id -> ids.put(node, id),
          () -> LOG.warn("{}: namespace of {} unknown there; not subscribed", uri, node));
    }
    return ids;
  }

  private void live(String uri, OpcUaSubscription from, List<String> keys, List<DataValue> values) {
    Standing s = standings.get(uri);
    if (!uri.equals(active) || s == null || s.subscription != from) {
      return; // a server the client left, or a subscription already replaced
    }
    for (int i = 0; i < keys.size(); i++) {
      offer(uri, keys.get(i), values.get(i), false);
    }
  }

  private void offer(String uri, String node, DataValue value, boolean fromHistory) {
    DateTime time = value.getSourceTime() != null && value.getSourceTime().isValid() ? value.getSourceTime() : value.getServerTime();
    if (time == null || !gate.pass(node, time.getUtcTime())) {
      return;
    }
    Instant received = clock.instant();
    try {
      listener.onSample(new Sample(node, value, time.getJavaInstant(), received, uri, fromHistory));
    } catch (RuntimeException e) {
      LOG.warn("sample listener failed on {}", node, e);
    }
  }

  private void drop(String uri) {
    demoting.remove(uri);
    Standing s = standings.remove(uri);
    if (s == null) {
      return;
    }
    // the server may be dead or cut off: fire and forget. Until the delete is confirmed the
    // subscription counts as abandoned, to be reclaimed from the next session there.
    UInteger id = s.subscription.getSubscriptionId().orElse(null);
    if (id != null) {
      abandoned.computeIfAbsent(uri, k -> new HashSet<>()).add(id);
    }
    s.subscription.deleteAsync().whenCompleteAsync((done, ex) -> {
      if (ex == null && id != null && abandoned.containsKey(uri)) {
        abandoned.get(uri).remove(id);
      }
    }, delivery);
  }

  /**
   * A server whose session was lost keeps that session until its timeout, with our subscription
   * in it; Milo 1.1.2 servers keep such subscriptions forever. Take them over into the new
   * session (same user: TransferSubscriptions) and delete them.
   */
  private void reclaim(String uri, OpcUaClient client) {
    Set<UInteger> ids = abandoned.remove(uri);
    if (ids == null || ids.isEmpty()) {
      return;
    }
    List<UInteger> list = List.copyOf(ids);
    client.transferSubscriptionsAsync(list, false)
        .thenCompose(t -> client.deleteSubscriptionsAsync(list).thenApply(d -> java.util.Arrays.toString(t.getResults())
            + " / delete " + java.util.Arrays.toString(d.getResults())))
        .whenComplete((r, ex) -> LOG.info("{}: abandoned subscriptions {}: transfer {}", uri, list,
            ex == null ? r : ex.getMessage()));
  }
}
