package io.twinua.tools.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinua.server.diagnostics.DiagnosticsNodes;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;

/** Reads of a station's diagnostics that tests of single stations and of pairs share. */
public final class DiagnosticsReads {

  private DiagnosticsReads() {}

  /**
   * {@code @Diagnostics/role}, {@code @Diagnostics/Json} and one nested field read Good for
   * {@code client}; returns the role.
   */
  public static String assertDiagnosticsNodesReadable(OpcUaClient client, String station) throws Exception {
    DataValue role = client.readValue(0, TimestampsToReturn.Neither, diagnosticsNode(client, DiagnosticsNodes.OBJECT_ID + "/role"));
    assertTrue(role.getStatusCode().isGood(), station + " @Diagnostics/role: " + role);
    DataValue text = client.readValue(0, TimestampsToReturn.Neither, diagnosticsNode(client, DiagnosticsNodes.JSON_ID));
    assertTrue(text.getStatusCode().isGood(), station + " @Diagnostics/Json: " + text);
    assertEquals(station, new ObjectMapper().readTree((String) text.getValue().getValue()).get("name").asText());
    DataValue sessions = client.readValue(0, TimestampsToReturn.Neither, diagnosticsNode(client, DiagnosticsNodes.OBJECT_ID + "/clients/sessions"));
    // a number, not yet necessarily counting this session: the nodes follow the station once a second
    assertTrue(sessions.getStatusCode().isGood() && sessions.getValue().getValue() instanceof Number,
        station + " @Diagnostics/clients/sessions: " + sessions);
    return (String) role.getValue().getValue();
  }

  /** The standard Server/ServerDiagnostics read Good for {@code engineer} (UaExpert's view of sessions and subscriptions). */
  public static void assertStandardServerDiagnosticsGood(OpcUaClient engineer, String station) throws Exception {
    List<NodeId> nodes = List.of(NodeIds.Server_ServerDiagnostics_EnabledFlag,
        NodeIds.Server_ServerDiagnostics_ServerDiagnosticsSummary,
        NodeIds.Server_ServerDiagnostics_ServerDiagnosticsSummary_CurrentSessionCount,
        NodeIds.Server_ServerDiagnostics_SessionsDiagnosticsSummary_SessionDiagnosticsArray,
        NodeIds.Server_ServerDiagnostics_SessionsDiagnosticsSummary_SessionSecurityDiagnosticsArray,
        NodeIds.Server_ServerDiagnostics_SubscriptionDiagnosticsArray);
    List<DataValue> values = engineer.readValues(0, TimestampsToReturn.Neither, nodes);
    for (int i = 0; i < nodes.size(); i++) {
      assertTrue(values.get(i).getStatusCode().isGood(), station + " " + nodes.get(i) + " reads " + values.get(i));
    }
    assertEquals(Boolean.TRUE, values.get(0).getValue().getValue(), "EnabledFlag");
    assertTrue(((Number) values.get(2).getValue().getValue()).intValue() >= 1, "CurrentSessionCount " + values.get(2));
  }

  private static NodeId diagnosticsNode(OpcUaClient c, String id) {
    return new NodeId(c.getNamespaceTable().getIndex(TestProject.PLANT_NS), id);
  }
}
