package io.twinua.server.sync.online;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.FilterOperator;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilterElement;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.LiteralOperand;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;

/**
 * A subscription with one event item on the partner's Server object, on the partner link's
 * client: the events of one type (where-clause OfType), with the fields of a select whose last
 * field is EventType. It is never modified (ModifyMonitoredItems on an event item duplicates
 * events in Milo 1.1.2, milo-notes): a new one replaces it. Blocking, bounded by the client's
 * request timeout; not for Milo's threads.
 */
final class PartnerEventItem {

  static final double PUBLISHING_INTERVAL_MS = 100.0;
  /** Events the partner holds for this item between publishes, at most. */
  static final int QUEUE_SIZE = 1_000;

  private PartnerEventItem() {}

  /**
   * @param select the fields, EventType last (to tell the overflow event, which the where-clause
   *     does not hold back)
   * @param onEvent each event's fields, on Milo's delivery thread: hop off it
   * @param onLost told, on Milo's delivery thread, when the partner's queue of this item
   *     overflowed (Part 4 §5.12.1.5: it then sends an EventQueueOverflowEvent): events were lost there
   * @param onBroken told when the partner lost the subscription (transfer failed after it
   *     restarted): replace it
   */
  static OpcUaSubscription subscribe(OpcUaClient client, NodeId ofType,
      SimpleAttributeOperand[] select, Consumer<Variant[]> onEvent, Runnable onLost, Runnable onBroken)
      throws UaException {
    var subscription = new OpcUaSubscription(client, PUBLISHING_INTERVAL_MS);
    subscription.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
      @Override
      public void onTransferFailed(OpcUaSubscription sub, StatusCode code) {
        onBroken.run();
      }
    });
    subscription.create();
    var where = new ContentFilter(new ContentFilterElement[] {
        new ContentFilterElement(FilterOperator.OfType, new ExtensionObject[] {
            ExtensionObject.encode(client.getStaticEncodingContext(), new LiteralOperand(new Variant(ofType)))})});
    var item = OpcUaMonitoredItem.newEventItem(NodeIds.Server, new EventFilter(select, where));
    item.setQueueSize(uint(QUEUE_SIZE));
    item.setDiscardOldest(true); // a lost event is fetched again by the reconcile; keep the newest
    item.setEventValueListener((i, values) -> {
      if (NodeIds.EventQueueOverflowEventType.equals(values[values.length - 1].getValue())) {
        onLost.run();
      } else {
        onEvent.accept(values);
      }
    });
    subscription.addMonitoredItem(item);
    try {
      subscription.synchronizeMonitoredItems();
      StatusCode created = item.getCreateResult().orElse(StatusCode.GOOD);
      if (created.isBad()) {
        throw new UaException(created, "cannot monitor the partner's events of type " + ofType + ": " + created);
      }
    } catch (UaException | RuntimeException e) {
      subscription.deleteAsync();
      throw e;
    }
    return subscription;
  }
}
