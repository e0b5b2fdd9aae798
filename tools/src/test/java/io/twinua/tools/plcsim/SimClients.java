package io.twinua.tools.plcsim;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;

/** Small client-side helpers for the simulator tests. */
final class SimClients {

  private SimClients() {}

  static OpcUaClient connect(String endpointUrl) throws UaException {
    OpcUaClient client = OpcUaClient.create(endpointUrl);
    client.connect();
    return client;
  }

  /** True if a fresh client can connect and read a Good value of {@code tag}. */
  static boolean canRead(String endpointUrl, String tag) {
    OpcUaClient client;
    try {
      client = OpcUaClient.create(endpointUrl);
    } catch (UaException e) {
      return false; // endpoint discovery failed: nobody listening
    }
    try {
      client.connect();
      return readsGood(client, tag);
    } catch (UaException e) {
      return false;
    } finally {
      client.disconnectAsync();
    }
  }

  static boolean readsGood(OpcUaClient client, String tag) {
    try {
      DataValue value = client.readValue(0, TimestampsToReturn.Both, new NodeId(2, tag));
      return value.statusCode().isGood();
    } catch (UaException e) {
      return false;
    }
  }
}
