package io.twinua.server.plant;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.server.AddressSpaceFilter;
import org.eclipse.milo.opcua.sdk.server.AddressSpaceFragment;
import org.eclipse.milo.opcua.sdk.server.ManagedAddressSpace;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.SimpleAddressSpaceFilter;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.model.objects.ServerTypeNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadEventDetails;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;

/**
 * Event history of the Server object (ns0, i=2253). The Server node belongs to Milo's own
 * namespace, so this fragment is registered in front of it and claims nothing but HistoryRead
 * on that one node.
 */
public final class ServerEventHistoryFragment extends ManagedAddressSpace implements AddressSpaceFragment {

  /** EventNotifier bits: SubscribeToEvents (1) | HistoryRead (4). */
  private static final int SUBSCRIBE_AND_HISTORY = 0x05;

  private final PlantAccess access;
  private final EventHistory events;

  public ServerEventHistoryFragment(OpcUaServer server, PlantAccess access, EventHistory events) {
    super(server);
    this.access = access;
    this.events = events;
  }

  public void register() {
    getServer().getAddressSpaceManager().registerFirst(this);
    getServer().getAddressSpaceManager().getManagedNode(NodeIds.Server)
        .filter(ServerTypeNode.class::isInstance)
        .map(ServerTypeNode.class::cast)
        .ifPresent(n -> n.setEventNotifier(ubyte(SUBSCRIBE_AND_HISTORY)));
  }

  public void unregister() {
    getServer().getAddressSpaceManager().unregister(this);
  }

  @Override
  public AddressSpaceFilter getFilter() {
    return new SimpleAddressSpaceFilter() {
      @Override
      protected boolean filterNode(NodeId nodeId) {
        return false;
      }

      @Override
      protected boolean filterMonitoredItem(NodeId nodeId) {
        return false;
      }

      @Override
      public boolean filterHistoryRead(OpcUaServer server, HistoryReadValueId id) {
        return NodeIds.Server.equals(id.getNodeId());
      }
    };
  }

  @Override
  public List<HistoryReadResult> historyRead(
      HistoryReadContext context,
      HistoryReadDetails details,
      TimestampsToReturn timestamps,
      List<HistoryReadValueId> ids) {
    Session session = context.getSession().orElse(null);
    EventHistory events = this.events.forRequest(session);
    List<HistoryReadResult> results = new ArrayList<>(ids.size());
    for (HistoryReadValueId id : ids) {
      if (session == null || !access.mayReadHistory(session)) {
        results.add(new HistoryReadResult(new StatusCode(StatusCodes.Bad_UserAccessDenied), null, null));
      } else if (details instanceof ReadEventDetails eventDetails) {
        results.add(events.readEvents(session.getSessionId(), eventDetails, id));
      } else {
        results.add(new HistoryReadResult(new StatusCode(StatusCodes.Bad_HistoryOperationUnsupported), null, null));
      }
    }
    return results;
  }

  // AddressSpace has no defaults for these in Milo 1.1.2; the filter routes no monitored items here
  @Override
  public void onDataItemsCreated(List<DataItem> dataItems) {}

  @Override
  public void onDataItemsModified(List<DataItem> dataItems) {}

  @Override
  public void onDataItemsDeleted(List<DataItem> dataItems) {}

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {}
}
