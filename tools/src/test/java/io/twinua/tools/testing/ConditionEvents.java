package io.twinua.tools.testing;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilterElement;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;

/**
 * Events of one alarm on one subscription of a real client, as an HMI sees them, and the condition
 * methods it calls. The indexes below select the fields of an event.
 */
public record ConditionEvents(OpcUaClient client, String alarm, OpcUaSubscription subscription,
    BlockingQueue<Variant[]> queue) {

  public static final Duration WAIT = Duration.ofSeconds(30);

  public static final int EVENT_ID = 0;
  public static final int EVENT_TYPE = 1;
  public static final int CONDITION_NAME = 2;
  public static final int ACTIVE = 3;
  public static final int ACKED = 4;
  public static final int ENABLED = 5;
  public static final int CONDITION_ID = 6;
  public static final int LIMIT = 7;

  public static ConditionEvents subscribe(OpcUaClient client, String alarm) throws Exception {
    var subscription = new OpcUaSubscription(client, 100.0);
    subscription.create();
    var item = OpcUaMonitoredItem.newEventItem(NodeIds.Server, filter());
    item.setQueueSize(uint(1000));
    BlockingQueue<Variant[]> queue = new LinkedBlockingQueue<>();
    item.setEventValueListener((i, values) -> queue.add(values));
    subscription.addMonitoredItem(item);
    subscription.synchronizeMonitoredItems();
    return new ConditionEvents(client, alarm, subscription, queue);
  }

  /** Selects the fields at the indexes above, no where clause. */
  public static EventFilter filter() {
    SimpleAttributeOperand[] select = {
        field(NodeIds.BaseEventType, "EventId"),
        field(NodeIds.BaseEventType, "EventType"),
        field(NodeIds.ConditionType, "ConditionName"),
        field(NodeIds.AlarmConditionType, "ActiveState", "Id"),
        field(NodeIds.AcknowledgeableConditionType, "AckedState", "Id"),
        field(NodeIds.ConditionType, "EnabledState", "Id"),
        new SimpleAttributeOperand(NodeIds.ConditionType, new QualifiedName[0], AttributeId.NodeId.uid(), null),
        field(NodeIds.ExclusiveLimitAlarmType, "LimitState", "CurrentState", "Id")};
    return new EventFilter(select, new ContentFilter(new ContentFilterElement[0]));
  }

  /**
   * ConditionRefresh until the replay between RefreshStart and RefreshEnd holds a matching event
   * of the alarm (the station may still be connecting to its PLC).
   */
  public Variant[] refreshUntil(Predicate<Variant[]> wanted) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      StatusCode refreshed = call(client, NodeIds.ConditionType, NodeIds.ConditionType_ConditionRefresh,
          new Variant(subscription.getSubscriptionId().orElseThrow()));
      assertEquals(StatusCode.GOOD, refreshed);
      next(e -> NodeIds.RefreshStartEventType.equals(e[EVENT_TYPE].getValue()));
      Variant[] found = null;
      for (Variant[] e = poll(); !NodeIds.RefreshEndEventType.equals(e[EVENT_TYPE].getValue()); e = poll()) {
        if (alarm.equals(e[CONDITION_NAME].getValue()) && found == null && wanted.test(e)) {
          found = e;
        }
      }
      if (found != null) {
        return found;
      }
    }
    throw new AssertionError("ConditionRefresh never replayed the wanted " + alarm + " state");
  }

  /** The next event of the alarm (or refresh marker) that matches, polled every 100 ms. */
  public Variant[] next(Predicate<Variant[]> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Variant[] e = queue.poll(100, TimeUnit.MILLISECONDS);
      if (e != null && (alarm.equals(e[CONDITION_NAME].getValue()) || e[CONDITION_NAME].isNull()) && wanted.test(e)) {
        return e;
      }
    }
    throw new AssertionError("no matching event of " + alarm + " within " + WAIT);
  }

  private Variant[] poll() throws InterruptedException {
    Variant[] e = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("ConditionRefresh did not end within " + WAIT);
    }
    return e;
  }

  public static StatusCode acknowledge(OpcUaClient client, NodeId condition, Variant[] event, String comment)
      throws Exception {
    return call(client, condition, NodeIds.AcknowledgeableConditionType_Acknowledge,
        event[EVENT_ID], new Variant(LocalizedText.english(comment)));
  }

  public static StatusCode disable(OpcUaClient client, NodeId condition) throws Exception {
    return call(client, condition, NodeIds.ConditionType_Disable);
  }

  public static StatusCode enable(OpcUaClient client, NodeId condition) throws Exception {
    return call(client, condition, NodeIds.ConditionType_Enable);
  }

  public static StatusCode call(OpcUaClient client, NodeId object, NodeId method, Variant... args) throws Exception {
    return client.call(List.of(new CallMethodRequest(object, method, args))).getResults()[0].getStatusCode();
  }

  public static boolean isTrue(Variant v) {
    return Boolean.TRUE.equals(v.getValue());
  }

  public static boolean isFalse(Variant v) {
    return Boolean.FALSE.equals(v.getValue());
  }

  /** The field at {@code path} below events of {@code type}. */
  public static SimpleAttributeOperand field(NodeId type, String... path) {
    QualifiedName[] names = new QualifiedName[path.length];
    for (int i = 0; i < path.length; i++) {
      names[i] = new QualifiedName(0, path[i]);
    }
    return new SimpleAttributeOperand(type, names, AttributeId.Value.uid(), null);
  }
}
