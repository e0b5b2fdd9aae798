package io.twinua.server.sync.online;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.twinua.server.alarms.PartnerConditionState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.FilterOperator;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ContentFilterElement;
import org.eclipse.milo.opcua.stack.core.types.structured.EventFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.LiteralOperand;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;

/**
 * One subscription to the condition events of the partner station, on the partner link's client:
 * an event item on the Server object with a where-clause OfType ConditionType, selecting the
 * operator state. It is never modified (ModifyMonitoredItems on an event item duplicates events in
 * Milo 1.1.2, milo-notes): a new one replaces it. Blocking calls, bounded by the client's request
 * timeout; not for Milo's threads.
 */
final class PartnerAlarmEvents {

  static final double PUBLISHING_INTERVAL_MS = 100.0;
  static final int QUEUE_SIZE = 1_000;

  private static final int CONDITION_ID = 0;
  private static final int ENABLED = 1;
  private static final int ENABLED_TIME = 2;
  private static final int ACKED = 3;
  private static final int ACKED_TIME = 4;
  private static final int COMMENT = 5;
  private static final int USER = 6;

  private static final SimpleAttributeOperand[] SELECT = {
      new SimpleAttributeOperand(NodeIds.ConditionType, new QualifiedName[0], AttributeId.NodeId.uid(), null),
      field(NodeIds.ConditionType, "EnabledState", "Id"),
      field(NodeIds.ConditionType, "EnabledState", "TransitionTime"),
      field(NodeIds.AcknowledgeableConditionType, "AckedState", "Id"),
      field(NodeIds.AcknowledgeableConditionType, "AckedState", "TransitionTime"),
      field(NodeIds.ConditionType, "Comment"),
      field(NodeIds.ConditionType, "ClientUserId")};

  private final OpcUaClient client;
  private final OpcUaSubscription subscription;
  private volatile boolean broken;

  private PartnerAlarmEvents(OpcUaClient client, OpcUaSubscription subscription) {
    this.client = client;
    this.subscription = subscription;
  }

  /**
   * Subscribes at the partner.
   *
   * @param localIds this station's condition NodeIds by their string identifier (the same on both
   *     stations of a pair: same project); conditions of the partner not in it are ignored
   * @param origin the partner's name, for the states handed on
   * @param onState each partner condition state, on Milo's delivery thread: hop off it
   */
  static PartnerAlarmEvents subscribe(OpcUaClient client, String plantNamespaceUri, Map<String, NodeId> localIds,
      String origin, Consumer<PartnerConditionState> onState) throws UaException {
    UShort partnerIndex = client.getNamespaceTable().getIndex(plantNamespaceUri);
    if (partnerIndex == null) {
      throw new UaException(StatusCode.BAD, "the partner has no namespace " + plantNamespaceUri);
    }
    var subscription = new OpcUaSubscription(client, PUBLISHING_INTERVAL_MS);
    var events = new PartnerAlarmEvents(client, subscription);
    subscription.setSubscriptionListener(new OpcUaSubscription.SubscriptionListener() {
      @Override
      public void onTransferFailed(OpcUaSubscription sub, StatusCode code) {
        events.broken = true; // the partner restarted: a new subscription, then a refresh
      }
    });
    subscription.create();
    var ofConditionType = new ContentFilter(new ContentFilterElement[] {
        new ContentFilterElement(FilterOperator.OfType, new ExtensionObject[] {
            ExtensionObject.encode(client.getStaticEncodingContext(), new LiteralOperand(new Variant(NodeIds.ConditionType)))})});
    var item = OpcUaMonitoredItem.newEventItem(NodeIds.Server, new EventFilter(SELECT, ofConditionType));
    item.setQueueSize(uint(QUEUE_SIZE));
    item.setDiscardOldest(false); // keep the oldest: a refresh after the overflow catches up anyway
    item.setEventValueListener((i, values) -> parse(values, partnerIndex, localIds, origin).ifPresent(onState));
    subscription.addMonitoredItem(item);
    try {
      subscription.synchronizeMonitoredItems();
      StatusCode created = item.getCreateResult().orElse(StatusCode.GOOD);
      if (created.isBad()) {
        throw new UaException(created, "cannot monitor the partner's condition events: " + created);
      }
    } catch (UaException | RuntimeException e) {
      subscription.deleteAsync();
      throw e;
    }
    return events;
  }

  /**
   * ConditionRefresh on this subscription: the partner replays its retained conditions (active or
   * unacknowledged), which catches up with changes made there while the link was down.
   */
  void refresh() throws UaException {
    StatusCode status = client.call(List.of(new CallMethodRequest(NodeIds.ConditionType,
        NodeIds.ConditionType_ConditionRefresh, new Variant[] {
            new Variant(subscription.getSubscriptionId().orElseThrow())}))).getResults()[0].getStatusCode();
    if (status.isBad()) {
      throw new UaException(status, "ConditionRefresh at the partner failed: " + status);
    }
  }

  OpcUaClient client() {
    return client;
  }

  /** The partner lost this subscription (transfer failed): replace it. */
  boolean broken() {
    return broken;
  }

  /** Deletes the subscription without waiting (the partner may be gone). */
  void close() {
    subscription.deleteAsync();
  }

  private static Optional<PartnerConditionState> parse(Variant[] v, UShort partnerIndex, Map<String, NodeId> localIds,
      String origin) {
    if (!(v[CONDITION_ID].getValue() instanceof NodeId partnerId)
        || !partnerId.getNamespaceIndex().equals(partnerIndex)
        || !(partnerId.getIdentifier() instanceof String identifier)
        || !localIds.containsKey(identifier)
        || !(v[ENABLED].getValue() instanceof Boolean enabled)
        || !(v[ACKED].getValue() instanceof Boolean acked)) {
      return Optional.empty();
    }
    Instant enabledTime = instant(v[ENABLED_TIME]);
    Instant ackedTime = instant(v[ACKED_TIME]);
    if (enabledTime == null || ackedTime == null) {
      return Optional.empty();
    }
    String comment = v[COMMENT].getValue() instanceof LocalizedText t ? t.getText() : null;
    String user = v[USER].getValue() instanceof String s ? s : null;
    return Optional.of(new PartnerConditionState(localIds.get(identifier), enabled, enabledTime, acked, ackedTime,
        comment, user, origin));
  }

  private static Instant instant(Variant v) {
    return v.getValue() instanceof DateTime t && !t.isNull() ? t.getJavaInstant() : null;
  }

  private static SimpleAttributeOperand field(NodeId type, String... path) {
    QualifiedName[] names = new QualifiedName[path.length];
    for (int i = 0; i < path.length; i++) {
      names[i] = new QualifiedName(0, path[i]);
    }
    return new SimpleAttributeOperand(type, names, AttributeId.Value.uid(), null);
  }
}
