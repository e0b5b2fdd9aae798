package io.twinua.server.station;

import io.twinua.server.config.TagMapping;
import io.twinua.server.plant.PlantNamespace;
import io.twinua.server.process.ProcessConnection;
import io.twinua.server.security.LogText;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.servicesets.impl.AccessController.AccessResult;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.structured.ResponseHeader;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.eclipse.milo.opcua.stack.core.util.Lists;
import org.eclipse.milo.opcua.stack.transport.server.ServiceRequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client writes of setpoints (process tags with {@code writable: true}), written through to the AS
 * (issue 10): the checks Milo makes for any write come first (session, the node's UserAccessLevel
 * for the session's role, value type and shape, EURange), then the AS gets the value on this
 * station's own connection, and the write is answered with the AS's status once the AS answered.
 * The node itself is never set here: the AS's value comes back through the subscription and is
 * what is shown and archived. Every other write item goes to Milo's own handler as before.
 */
final class SetpointWrites {

  private static final Logger LOG = LoggerFactory.getLogger(SetpointWrites.class);

  private final OpcUaServer server;
  private final PlantNamespace plant;
  private final Map<NodeId, TagMapping> setpoints;
  private final Function<String, Optional<ProcessConnection>> connections;

  /** @param connections this station's AS connection by AS name (empty while not started) */
  SetpointWrites(
      OpcUaServer server,
      PlantNamespace plant,
      Collection<TagMapping> tags,
      Function<String, Optional<ProcessConnection>> connections) {
    this.server = server;
    this.plant = plant;
    this.setpoints = tags.stream().filter(TagMapping::writable)
        .collect(Collectors.toUnmodifiableMap(t -> plant.nodeId(t.node()), t -> t));
    this.connections = connections;
  }

  /** Whether the request writes the value of a setpoint (else Milo handles all of it). */
  boolean concerns(WriteRequest request) {
    return !setpoints.isEmpty() && Lists.ofNullable(request.getNodesToWrite()).stream().anyMatch(this::isSetpoint);
  }

  private boolean isSetpoint(WriteValue v) {
    return AttributeId.Value.uid().equals(v.getAttributeId()) && setpoints.containsKey(v.getNodeId());
  }

  /**
   * Answers {@code request}: the setpoint items when the AS answered, the rest by Milo's handler
   * (on the calling thread, as Milo would). Never waits for the AS.
   *
   * @param others Milo's handling of a request with the remaining items
   */
  CompletableFuture<WriteResponse> write(
      ServiceRequestContext context, WriteRequest request, Function<WriteRequest, WriteResponse> others)
      throws UaException {
    List<WriteValue> items = Lists.ofNullable(request.getNodesToWrite());
    if (items.size() > server.getConfig().getLimits().getMaxNodesPerWrite().intValue()) {
      throw new UaException(StatusCodes.Bad_TooManyOperations);
    }
    Session session = server.getSessionManager().getSession(context, request.getRequestHeader());
    StatusCode[] results = new StatusCode[items.size()];
    List<Integer> mine = new ArrayList<>();
    List<Integer> theirs = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      (isSetpoint(items.get(i)) ? mine : theirs).add(i);
    }
    ResponseHeader header = new ResponseHeader(DateTime.now(), request.getRequestHeader().getRequestHandle(),
        StatusCode.GOOD, null, null, null);
    if (!theirs.isEmpty()) {
      WriteResponse milo = others.apply(new WriteRequest(request.getRequestHeader(),
          theirs.stream().map(items::get).toArray(WriteValue[]::new)));
      StatusCode[] miloResults = milo.getResults();
      for (int j = 0; j < theirs.size(); j++) {
        results[theirs.get(j)] = miloResults[j];
      }
      header = milo.getResponseHeader();
    } else {
      // what Milo's AttributeServiceSet counts for a write it handles
      session.getSessionDiagnostics().getWriteCount().incrementTotalCount();
      session.getSessionDiagnostics().getTotalRequestCount().incrementTotalCount();
    }
    // the decision Milo makes for every write: the node's UserAccessLevel for this session
    // (PlantNamespace computes it from the role), attribute id, security mode
    Map<WriteValue, AccessResult> access = server.getAccessController()
        .checkWriteAccess(session, mine.stream().map(items::get).toList());
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (int i : mine) {
      WriteValue item = items.get(i);
      TagMapping tag = setpoints.get(item.getNodeId());
      StatusCode refused = refusal(access.get(item), tag, item);
      if (refused != null) {
        results[i] = refused;
        log(session, tag, item, refused);
        continue;
      }
      CompletableFuture<StatusCode> written = connections.apply(tag.as())
          .map(c -> c.write(tag, item.getValue().value()))
          .orElseGet(() -> CompletableFuture.completedFuture(new StatusCode(StatusCodes.Bad_NotConnected)));
      pending.add(written.thenAccept(status -> {
        results[i] = status;
        log(session, tag, item, status);
      }));
    }
    ResponseHeader responseHeader = header;
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .thenApply(done -> new WriteResponse(responseHeader, results, null));
  }

  /** Null when the AS may get the value; else why not (it never reaches the AS). */
  private StatusCode refusal(AccessResult access, TagMapping tag, WriteValue item) {
    if (access instanceof AccessResult.Denied denied) {
      return denied.statusCode();
    }
    if (item.getIndexRange() != null && !item.getIndexRange().isEmpty()) {
      return new StatusCode(StatusCodes.Bad_WriteNotSupported); // a setpoint is written whole
    }
    if (item.getValue().statusCode() != null && !item.getValue().statusCode().isGood()) {
      // only the value goes to the AS, which stamps its own status and time: a client's Bad
      // status would be lost silently (its timestamps are ignored, the AS's are archived)
      return new StatusCode(StatusCodes.Bad_WriteNotSupported);
    }
    StatusCode fit = plant.setpointCheck(tag.node(), item.getValue());
    return fit.isGood() ? null : fit;
  }

  private static void log(Session session, TagMapping tag, WriteValue item, StatusCode result) {
    String user = session.getClientUserId() == null ? "anonymous" : session.getClientUserId();
    LOG.info("setpoint {} := {} by {} -> AS {} {}: {}", tag.node(), LogText.of(text(item.getValue().value().value())),
        LogText.of(user), tag.as(), tag.address(), result);
  }

  private static String text(Object value) {
    if (value == null || !value.getClass().isArray()) {
      return String.valueOf(value);
    }
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < Array.getLength(value) && out.length() < 80; i++) {
      out.append(i == 0 ? "" : ", ").append(Array.get(value, i));
    }
    return out.append(']').toString();
  }
}
