package io.twinua.server.redundancy.partner;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * The subscription to the partner's {@code ns=<plant namespace>;s=@RM_Heartbeat}. The namespace
 * index is looked up each time: a restarted partner may number its namespaces differently.
 */
final class HeartbeatSubscription {

  static final double PUBLISHING_INTERVAL_MS = 100.0;
  static final double SAMPLING_INTERVAL_MS = 100.0;
  static final int QUEUE_SIZE = 10;

  private HeartbeatSubscription() {}

  /**
   * Subscribes (blocking, bounded by the client's request timeout).
   *
   * @param onValue each heartbeat value, on Milo's delivery thread
   * @param onTransferFailed the partner has a new session without our subscription (it restarted)
   */
  static void create(OpcUaClient c, String plantNamespaceUri, Consumer<DataValue> onValue, Runnable onTransferFailed)
      throws UaException, PartnerLinkException {
    UShort namespaceIndex = c.getNamespaceTable().getIndex(plantNamespaceUri);
    if (namespaceIndex == null) {
      throw new PartnerLinkException(
          "the partner has no namespace '" + plantNamespaceUri + "' (another project?)");
    }
    NodeId heartbeatNode = new NodeId(namespaceIndex, PartnerLink.HEARTBEAT_NODE);
    var subscription = new OpcUaSubscription(c, PUBLISHING_INTERVAL_MS);
    subscription.setSubscriptionListener(
        new OpcUaSubscription.SubscriptionListener() {
          @Override
          public void onTransferFailed(OpcUaSubscription sub, StatusCode code) {
            onTransferFailed.run();
          }
        });
    subscription.create();
    var item = OpcUaMonitoredItem.newDataItem(heartbeatNode);
    item.setSamplingInterval(SAMPLING_INTERVAL_MS);
    item.setQueueSize(uint(QUEUE_SIZE));
    item.setDiscardOldest(true);
    item.setDataValueListener((i, value) -> onValue.accept(value));
    subscription.addMonitoredItem(item);
    try {
      subscription.synchronizeMonitoredItems();
    } catch (MonitoredItemSynchronizationException e) {
      subscription.deleteAsync();
      throw new PartnerLinkException(
          "cannot monitor the partner's heartbeat " + heartbeatNode.toParseableString() + ": "
              + item.getCreateResult().map(PartnerLinkException::statusName).orElse(e.getMessage()));
    }
    StatusCode created = item.getCreateResult().orElse(StatusCode.GOOD);
    if (created.isBad()) {
      subscription.deleteAsync();
      throw new PartnerLinkException("cannot monitor the partner's heartbeat "
          + heartbeatNode.toParseableString() + ": " + PartnerLinkException.statusName(created));
    }
  }
}
