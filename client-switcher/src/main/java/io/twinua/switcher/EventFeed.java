package io.twinua.switcher;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event subscription the application made once, kept across switches: on each switch the
 * event item is created on the new server's notifier and ConditionRefresh is called there
 * (Part 9 §5.5.7), so the application gets the current state of every retained condition of the
 * new server, flagged {@link Event#refresh()}.
 *
 * <p>Always Cold, whatever the {@link FailoverMode}: events are not historized here and a
 * backup's queued events would be its own, not a continuation of the old server's, so the refresh
 * is what makes the state whole. Plain (non-condition) events raised between the loss and the
 * switch are not recovered.
 *
 * <p>Runs on the delivery thread, like {@link DataFeed}.
 */
final class EventFeed {

  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
  /** Appended to the application's select clauses to tell refresh markers from events. */
  private static final SimpleAttributeOperand EVENT_TYPE = new SimpleAttributeOperand(
      NodeIds.BaseEventType, new QualifiedName[] {new QualifiedName(0, "EventType")}, AttributeId.Value.uid(), null);

  private final String notifier;
  private final EventFilter filter;
  private final EventListener listener;
  private final SwitcherConfig config;
  private final Executor delivery;
  private final Clock clock;
  private final BiConsumer<String, String> serverFault;
  private final AtomicLong requested = new AtomicLong();

  // delivery-thread state
  private OpcUaSubscription subscription;
  private String active;
  private boolean refreshing;
  private boolean closed;

  EventFeed(String notifier, EventFilter filter, EventListener listener, SwitcherConfig config, Executor delivery,
      Clock clock, BiConsumer<String, String> serverFault) {
    ExpandedNodeId.parse(notifier); // reject a bad node id at subscribe time, not at a switch
    this.notifier = notifier;
    this.filter = withEventType(filter);
    this.listener = listener;
    this.config = config;
    this.delivery = delivery;
    this.clock = clock;
    this.serverFault = serverFault;
  }

  /** Makes {@code client}'s server the one events come from; only the last of queued moves runs. */
  void moveTo(String uri, OpcUaClient client) {
    long move = requested.incrementAndGet();
    delivery.execute(() -> {
      if (move == requested.get() && !closed) {
        move(uri, client);
      }
    });
  }

  void close() {
    delivery.execute(() -> {
      closed = true;
      drop();
    });
  }

  private void move(String uri, OpcUaClient client) {
    drop();
    active = uri;
    refreshing = false;
    try {
      client.readNamespaceTable();
      NodeId source = ExpandedNodeId.parse(notifier).toNodeId(client.getNamespaceTable())
          .orElseThrow(() -> new UaException(StatusCodes.Bad_NodeIdUnknown, "namespace of " + notifier + " unknown"));
      var sub = new OpcUaSubscription(client, config.publishingInterval().toMillis());
      sub.setTargetKeepAliveInterval(config.subscriptionKeepAlive().toMillis());
      sub.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
        @Override
        public void onEventReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<Variant[]> fields) {
          List<Variant[]> copy = List.copyOf(fields);
          delivery.execute(() -> received(uri, s, copy));
        }
      });
      sub.create();
      subscription = sub;
      var item = OpcUaMonitoredItem.newEventItem(source, filter);
      item.setQueueSize(uint(config.queueSize()));
      sub.addMonitoredItem(item);
      sub.synchronizeMonitoredItems();
      refresh(client, sub.getSubscriptionId().orElseThrow());
    } catch (MonitoredItemSynchronizationException e) {
      // the server refused the item (a bad notifier or filter): switching would not help
      e.getCreateResults().forEach(r -> LOG.warn("{}: event item not created: {}", uri, r.operationResult()));
    } catch (UaException e) {
      LOG.warn("{}: could not move the event subscription there ({})", uri, e.toString());
      serverFault.accept(uri, "event subscription failed: " + e.getMessage());
    }
  }

  /** Part 9 §5.5.7: the server resends every retained condition between RefreshStart and RefreshEnd. */
  private static void refresh(OpcUaClient client, UInteger subscriptionId) throws UaException {
    CallMethodResult result = client.call(List.of(new CallMethodRequest(NodeIds.ConditionType,
        NodeIds.ConditionType_ConditionRefresh, new Variant[] {new Variant(subscriptionId)}))).getResults()[0];
    if (result.getStatusCode().isBad()) {
      // a server without Alarms & Conditions: plain events still flow
      LOG.info("ConditionRefresh: {}", result.getStatusCode());
    }
  }

  private void received(String uri, OpcUaSubscription from, List<Variant[]> events) {
    if (closed || from != subscription || !uri.equals(active)) {
      return;
    }
    for (Variant[] fields : events) {
      Object type = fields[fields.length - 1].getValue();
      if (NodeIds.RefreshStartEventType.equals(type)) {
        refreshing = true;
      } else if (NodeIds.RefreshEndEventType.equals(type)) {
        refreshing = false;
      } else {
        deliver(new Event(Collections.unmodifiableList(Arrays.asList(Arrays.copyOf(fields, fields.length - 1))), clock.instant(), uri, refreshing));
      }
    }
  }

  private void deliver(Event event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("event listener failed", e);
    }
  }

  private void drop() {
    OpcUaSubscription s = subscription;
    subscription = null;
    if (s != null) {
      s.deleteAsync().exceptionally(ex -> null); // the server may be dead: never waited for
    }
  }

  private static EventFilter withEventType(EventFilter filter) {
    List<SimpleAttributeOperand> select = new ArrayList<>(
        filter.getSelectClauses() == null ? List.of() : Arrays.asList(filter.getSelectClauses()));
    select.add(EVENT_TYPE);
    // a null where clause cannot be encoded: an empty filter passes every event
    ContentFilter where = filter.getWhereClause() != null ? filter.getWhereClause() : new ContentFilter(null);
    return new EventFilter(select.toArray(SimpleAttributeOperand[]::new), where);
  }
}
