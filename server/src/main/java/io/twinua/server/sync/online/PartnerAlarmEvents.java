package io.twinua.server.sync.online;

import io.twinua.server.alarms.PartnerConditionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;

/**
 * One subscription to the condition events of the partner station ({@link PartnerEventItem} of
 * ConditionType), selecting the operator state. Blocking calls, bounded by the client's request
 * timeout; not for Milo's threads.
 */
final class PartnerAlarmEvents {

  private static final SimpleAttributeOperand[] SELECT = select();

  private final OpcUaClient client;
  private final UShort partnerIndex;
  private volatile OpcUaSubscription subscription;
  private volatile boolean broken;

  private PartnerAlarmEvents(OpcUaClient client, UShort partnerIndex) {
    this.client = client;
    this.partnerIndex = partnerIndex;
  }

  /**
   * Subscribes at the partner.
   *
   * @param localIds this station's condition NodeIds by their string identifier (the same on both
   *     stations of a pair: same project); conditions of the partner not in it are ignored
   * @param origin the partner's name, for the states handed on
   * @param onState each partner condition state, on Milo's delivery thread: hop off it
   * @param onLost told, on Milo's delivery thread, when the partner's queue of this item overflowed
   *     (Part 4 §5.12.1.5: it then sends an EventQueueOverflowEvent): some states were lost there
   */
  static PartnerAlarmEvents subscribe(OpcUaClient client, String plantNamespaceUri, Map<String, NodeId> localIds,
      String origin, Consumer<PartnerConditionState> onState, Runnable onLost) throws UaException {
    UShort partnerIndex = client.getNamespaceTable().getIndex(plantNamespaceUri);
    if (partnerIndex == null) {
      throw new UaException(StatusCode.BAD, "the partner has no namespace " + plantNamespaceUri);
    }
    var events = new PartnerAlarmEvents(client, partnerIndex);
    events.subscription = PartnerEventItem.subscribe(client, NodeIds.ConditionType, SELECT,
        values -> parse(values, partnerIndex, localIds, origin).ifPresent(onState),
        onLost,
        () -> events.broken = true); // the partner restarted: a new subscription, then a read
    return events;
  }

  OpcUaClient client() {
    return client;
  }

  /** The partner's index of the plant namespace, as it was when subscribed. */
  UShort partnerIndex() {
    return partnerIndex;
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
    if (!(v[0].getValue() instanceof NodeId partnerId)
        || !partnerId.getNamespaceIndex().equals(partnerIndex)
        || !(partnerId.getIdentifier() instanceof String identifier)
        || !localIds.containsKey(identifier)) {
      return Optional.empty();
    }
    Object[] fields = new Object[ConditionFields.FIELDS.size()];
    for (int i = 1; i <= fields.length; i++) {
      fields[i - 1] = v[i].getValue();
    }
    return ConditionFields.state(localIds.get(identifier), fields, origin);
  }

  /**
   * ConditionId (the NodeId attribute of ConditionType, empty path), then the operator state, then
   * EventType (to tell the overflow event, which the where-clause does not hold back).
   */
  private static SimpleAttributeOperand[] select() {
    List<SimpleAttributeOperand> select = new ArrayList<>();
    select.add(new SimpleAttributeOperand(NodeIds.ConditionType, new QualifiedName[0], AttributeId.NodeId.uid(), null));
    for (ConditionFields.Field f : ConditionFields.FIELDS) {
      select.add(new SimpleAttributeOperand(f.declaringType(), f.browseNames(), AttributeId.Value.uid(), null));
    }
    select.add(new SimpleAttributeOperand(NodeIds.BaseEventType, new QualifiedName[] {new QualifiedName(0, "EventType")},
        AttributeId.Value.uid(), null));
    return select.toArray(SimpleAttributeOperand[]::new);
  }
}
