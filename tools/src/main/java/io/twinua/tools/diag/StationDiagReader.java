package io.twinua.tools.diag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinua.server.diagnostics.DiagnosticsNodes;
import io.twinua.switcher.discovery.Connector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Reads one station's diagnostics: the value of {@code Objects/@Diagnostics/Json}, found by browsing
 * (the namespace index is the station's). Keeps its session between reads; a station that cannot
 * be read gives {@code {"endpoint":..,"error":..}} and is tried again at the next read.
 */
public final class StationDiagReader implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final Connector connector;
  private OpcUaClient client;
  private NodeId jsonNode;

  public StationDiagReader(String url, Connector connector) {
    this.url = url;
    this.connector = connector;
  }

  /** The station's object with {@code "endpoint"} added, or an error object. */
  public ObjectNode read() {
    try {
      if (client == null) {
        client = connector.connect(url).get(connector.settings().connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
      }
      if (jsonNode == null) {
        jsonNode = find(client);
      }
      DataValue v = client.readValue(0, TimestampsToReturn.Neither, jsonNode);
      if (!v.getStatusCode().isGood() || !(v.getValue().getValue() instanceof String text)) {
        throw new UaException(v.getStatusCode(), "@Diagnostics/Json reads " + v.getStatusCode());
      }
      JsonNode station = JSON.readTree(text);
      ObjectNode o = JSON.createObjectNode();
      o.put("endpoint", url);
      o.setAll((ObjectNode) station);
      return o;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error("interrupted");
    } catch (Exception e) {
      if (client != null && jsonNode == null) {
        drop(); // connected but not a diagnostics-capable station yet: start anew next time
      }
      return error(Connector.describe(e));
    }
  }

  private ObjectNode error(String problem) {
    ObjectNode o = JSON.createObjectNode();
    o.put("endpoint", url);
    o.put("error", problem);
    return o;
  }

  private static NodeId find(OpcUaClient client) throws UaException {
    var result = client.browse(new BrowseDescription(NodeIds.ObjectsFolder, BrowseDirection.Forward,
        NodeIds.HierarchicalReferences, true, uint(0), uint(BrowseResultMask.All.getValue())));
    List<ReferenceDescription> refs = result.getReferences() == null ? List.of() : List.of(result.getReferences());
    for (ReferenceDescription r : refs) {
      if (DiagnosticsNodes.OBJECT_ID.equals(r.getBrowseName().getName())) {
        NodeId object = r.getNodeId().toNodeId(client.getNamespaceTable())
            .orElseThrow(() -> new UaException(StatusCodes.Bad_NodeIdUnknown, "@Diagnostics in an unknown namespace"));
        return new NodeId(object.getNamespaceIndex(), DiagnosticsNodes.JSON_ID);
      }
    }
    throw new UaException(StatusCodes.Bad_NodeIdUnknown, url(client) + " has no Objects/" + DiagnosticsNodes.OBJECT_ID
        + " (not a TwinUA station, or an older one)");
  }

  private static String url(OpcUaClient client) {
    return client.getConfig().getEndpoint().getEndpointUrl();
  }

  private void drop() {
    OpcUaClient c = client;
    client = null;
    jsonNode = null;
    c.disconnectAsync();
  }

  @Override
  public void close() {
    if (client != null) {
      try {
        client.disconnectAsync().get(3, TimeUnit.SECONDS);
      } catch (Exception e) {
        // leaving anyway: the station drops the session after its timeout
      }
      client = null;
    }
  }
}
