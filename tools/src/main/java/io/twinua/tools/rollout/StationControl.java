package io.twinua.tools.rollout;

import io.twinua.server.health.restart.RestartMethod;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;

/** A client's view of a station's {@code @Station} object: its project digest and its Restart method. */
public final class StationControl {

  /** The station's answer to a restart request: its system message, 1012362 when it restarts. */
  public record RestartAnswer(boolean accepted, String message) {}

  private final OpcUaClient client;
  private final int ns;

  /** @param plantNamespaceUri the project's namespace URI ({@code @Station} lives in the plant namespace) */
  public StationControl(OpcUaClient client, String plantNamespaceUri) throws UaException {
    this.client = client;
    var index = client.getNamespaceTable().getIndex(plantNamespaceUri);
    if (index == null) {
      throw new UaException(org.eclipse.milo.opcua.stack.core.StatusCodes.Bad_NotFound,
          "the station has no namespace " + plantNamespaceUri);
    }
    this.ns = index.intValue();
  }

  public RestartAnswer restart(String reason) throws UaException {
    CallMethodResult r = client.call(List.of(new CallMethodRequest(new NodeId(ns, RestartMethod.OBJECT),
        new NodeId(ns, RestartMethod.RESTART), new Variant[] {new Variant(reason)}))).getResults()[0];
    if (!r.getStatusCode().isGood()) {
      throw new UaException(r.getStatusCode(), "Restart: " + r.getStatusCode());
    }
    Variant[] out = r.getOutputArguments();
    return new RestartAnswer(Boolean.TRUE.equals(out[0].value()), String.valueOf(out[1].value()));
  }

  public String projectDigest() throws UaException {
    DataValue v = client.readValue(0, TimestampsToReturn.Neither, new NodeId(ns, RestartMethod.PROJECT_DIGEST));
    if (!v.statusCode().isGood()) {
      throw new UaException(v.statusCode(), "ProjectDigest: " + v.statusCode());
    }
    return String.valueOf(v.value().value());
  }
}
