package io.twinua.server.testing;

import java.util.List;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;

/** A test namespace nobody subscribes to: history and method tests only. */
public abstract class UnsampledNamespace extends ManagedNamespaceWithLifecycle {

  protected UnsampledNamespace(OpcUaServer server, String namespaceUri) {
    super(server, namespaceUri);
  }

  // AddressSpace has no defaults for these in Milo 1.1.2; no monitored item is ever created here
  @Override
  public void onDataItemsCreated(List<DataItem> dataItems) {}

  @Override
  public void onDataItemsModified(List<DataItem> dataItems) {}

  @Override
  public void onDataItemsDeleted(List<DataItem> dataItems) {}

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {}
}
