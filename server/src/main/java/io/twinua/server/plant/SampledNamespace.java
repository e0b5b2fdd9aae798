package io.twinua.server.plant;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;

/**
 * A namespace whose monitored items are served by Milo's {@link SubscriptionModel}: a
 * ManagedNamespace that does not forward its item calls delivers no values to subscribers
 * (milo-notes), so every namespace of ours that shows plain variables starts from here. Items on
 * the Value of a variable {@link #reportsEveryChange} names get every value set instead ({@link
 * ChangeReporting}).
 */
public abstract class SampledNamespace extends ManagedNamespaceWithLifecycle {

  private final SubscriptionModel subscriptionModel;
  private final ChangeReporting changes = new ChangeReporting();

  protected SampledNamespace(OpcUaServer server, String namespaceUri) {
    super(server, namespaceUri);
    this.subscriptionModel = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(subscriptionModel);
  }

  /**
   * Whether monitored items on this variable's Value get every value set on it (process values
   * written with setValue) rather than samples. Not for variables whose value is computed on read.
   */
  protected boolean reportsEveryChange(UaVariableNode variable) {
    return false;
  }

  @Override
  public void onDataItemsCreated(List<DataItem> dataItems) {
    List<DataItem> sampled = new ArrayList<>();
    for (DataItem item : dataItems) {
      Optional<UaVariableNode> changing = changeReported(item);
      if (changing.isPresent()) {
        changes.add(changing.get(), item);
      } else {
        sampled.add(item);
      }
    }
    subscriptionModel.onDataItemsCreated(sampled);
  }

  @Override
  public void onDataItemsModified(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsModified(dataItems.stream().filter(i -> !changes.contains(i)).toList());
  }

  @Override
  public void onDataItemsDeleted(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsDeleted(dataItems.stream().filter(i -> !changes.remove(i)).toList());
  }

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
    for (MonitoredItem item : monitoredItems) {
      if (item instanceof DataItem d && changes.contains(d)) {
        changes.modeChanged(d);
      }
    }
    subscriptionModel.onMonitoringModeChanged(monitoredItems);
  }

  private Optional<UaVariableNode> changeReported(DataItem item) {
    if (!AttributeId.Value.isEqual(item.getReadValueId().getAttributeId())) {
      return Optional.empty();
    }
    return getNodeManager().getNode(item.getReadValueId().getNodeId())
        .filter(UaVariableNode.class::isInstance)
        .map(UaVariableNode.class::cast)
        .filter(this::reportsEveryChange);
  }
}
