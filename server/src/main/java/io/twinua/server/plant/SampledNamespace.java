package io.twinua.server.plant;

import java.util.List;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;

/**
 * A namespace whose monitored items are served by Milo's {@link SubscriptionModel}: a
 * ManagedNamespace that does not forward its item calls delivers no values to subscribers
 * (milo-notes), so every namespace of ours that shows plain variables starts from here.
 */
public abstract class SampledNamespace extends ManagedNamespaceWithLifecycle {

  private final SubscriptionModel subscriptionModel;

  protected SampledNamespace(OpcUaServer server, String namespaceUri) {
    super(server, namespaceUri);
    this.subscriptionModel = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(subscriptionModel);
  }

  @Override
  public void onDataItemsCreated(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsCreated(dataItems);
  }

  @Override
  public void onDataItemsModified(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsModified(dataItems);
  }

  @Override
  public void onDataItemsDeleted(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsDeleted(dataItems);
  }

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
    subscriptionModel.onMonitoringModeChanged(monitoredItems);
  }
}
