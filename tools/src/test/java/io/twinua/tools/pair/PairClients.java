package io.twinua.tools.pair;

import io.twinua.tools.testing.TestProject;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;

/** Reads a station's redundancy state as any HMI client would. */
final class PairClients {

  private PairClients() {}

  static NodeId tag(OpcUaClient client, String name) {
    return new NodeId(client.getNamespaceTable().getIndex(TestProject.PLANT_NS), name);
  }

  static Object read(OpcUaClient client, NodeId node) {
    try {
      DataValue v = client.readValue(0, TimestampsToReturn.Both, node);
      return v.value().value();
    } catch (Exception e) {
      return null;
    }
  }

  /** {@code @RedundantServerState}: 0 undefined, 1 master, 2 standby, 3 fault, 4 standalone. */
  static int state(OpcUaClient client) {
    Object v = read(client, tag(client, "@RedundantServerState"));
    return v instanceof Number n ? n.intValue() : -1;
  }
}
