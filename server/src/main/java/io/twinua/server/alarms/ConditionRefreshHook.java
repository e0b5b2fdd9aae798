package io.twinua.server.alarms;

import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler.InvocationContext;
import org.eclipse.milo.opcua.sdk.server.methods.MethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.model.objects.ConditionType;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

/**
 * Takes over ConditionRefresh (i=3875) and ConditionRefresh2 (i=12912).
 *
 * <p>Clients call them with ObjectId = ConditionType (i=2782), so the call is routed to the ns0
 * namespace, which runs the handler installed on the ns0 method node. Milo 1.1.2 installs one that
 * only fires RefreshStart/RefreshEnd to every event item of the server and replays nothing; we
 * replace it (and the missing ConditionRefresh2 one) and put the old handlers back on uninstall.
 */
final class ConditionRefreshHook {

  private final UaMethodNode refresh;
  private final UaMethodNode refresh2;
  private final MethodInvocationHandler previousRefresh;
  private final MethodInvocationHandler previousRefresh2;

  private ConditionRefreshHook(UaMethodNode refresh, UaMethodNode refresh2) {
    this.refresh = refresh;
    this.refresh2 = refresh2;
    this.previousRefresh = refresh.getInvocationHandler();
    this.previousRefresh2 = refresh2.getInvocationHandler();
  }

  /** Must run after the server started: the ns0 nodes (and Milo's own handler) exist only then. */
  static ConditionRefreshHook install(OpcUaServer server, AlarmService service) {
    var hook =
        new ConditionRefreshHook(
            methodNode(server, NodeIds.ConditionType_ConditionRefresh),
            methodNode(server, NodeIds.ConditionType_ConditionRefresh2));
    hook.refresh.setInvocationHandler(new Refresh(hook.refresh, service));
    hook.refresh2.setInvocationHandler(new Refresh2(hook.refresh2, service));
    return hook;
  }

  void uninstall() {
    refresh.setInvocationHandler(previousRefresh);
    refresh2.setInvocationHandler(previousRefresh2);
  }

  private static UaMethodNode methodNode(OpcUaServer server, NodeId id) {
    return server
        .getAddressSpaceManager()
        .getManagedNode(id)
        .filter(UaMethodNode.class::isInstance)
        .map(UaMethodNode.class::cast)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "ns0 method "
                        + id
                        + " not found: start the OPC UA server before the alarm service"));
  }

  private static final class Refresh extends ConditionType.ConditionRefreshMethod {
    private final AlarmService service;

    Refresh(UaMethodNode node, AlarmService service) {
      super(node);
      this.service = service;
    }

    @Override
    protected void invoke(InvocationContext context, UInteger subscriptionId) throws UaException {
      service.refresh(context.getSession().orElse(null), subscriptionId, null);
    }
  }

  private static final class Refresh2 extends ConditionType.ConditionRefresh2Method {
    private final AlarmService service;

    Refresh2(UaMethodNode node, AlarmService service) {
      super(node);
      this.service = service;
    }

    @Override
    protected void invoke(
        InvocationContext context, UInteger subscriptionId, UInteger monitoredItemId)
        throws UaException {
      service.refresh(context.getSession().orElse(null), subscriptionId, monitoredItemId);
    }
  }
}
