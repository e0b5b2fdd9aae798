package io.twinua.server.plant;

import io.twinua.server.nodeset.InstalledNodeSet;
import io.twinua.server.nodeset.NodeSetException;
import io.twinua.server.nodeset.NodeSetInstaller;
import io.twinua.server.nodeset.NodeSetModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo plant (or any project's plant) as an OPC UA namespace: nodes come from the project's
 * NodeSet, current values from the process connection and from operator writes. It only shows:
 * access decisions come from {@link PlantAccess}, history from {@link PlantHistory}.
 */
public final class PlantNamespace extends SampledNamespace {

  private static final Logger LOG = LoggerFactory.getLogger(PlantNamespace.class);

  private final NodeSetModel model;
  private final PlantAccess access;
  private final PlantHistory history;
  private final InternalTagListener internalTags;
  private final Set<String> internalTagIds;
  private final Set<String> archivedTagIds;
  private final Set<String> readOnlyTagIds;
  private final Set<String> setpointIds;
  /** node → archive tag name, for every archived variable. */
  private final Map<NodeId, String> archivedTags = new ConcurrentHashMap<>();
  private volatile InstalledNodeSet installed;
  /** The NodeSet's variables: their values are only ever set (process, restore, client write), never computed on read. */
  private final Set<NodeId> nodeSetVariables = ConcurrentHashMap.newKeySet();

  public PlantNamespace(
      OpcUaServer server,
      String namespaceUri,
      NodeSetModel model,
      Set<String> archivedTagIds,
      Set<String> internalTagIds,
      ProcessTags processTags,
      PlantAccess access,
      PlantHistory history,
      InternalTagListener internalTags) {
    super(server, namespaceUri);
    this.model = model;
    this.archivedTagIds = Set.copyOf(archivedTagIds);
    this.internalTagIds = Set.copyOf(internalTagIds);
    this.readOnlyTagIds = processTags.readOnly();
    this.setpointIds = processTags.setpoints();
    this.access = access;
    this.history = history;
    this.internalTags = internalTags;
    getLifecycleManager().addStartupTask(this::installPlant);
  }

  private void installPlant() {
    InstalledNodeSet nodes;
    try {
      nodes = NodeSetInstaller.install(model, getNodeContext(), getNodeManager());
    } catch (NodeSetException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    List<String> servedReadOnly = new ArrayList<>();
    for (UaVariableNode variable : nodes.variables()) {
      String id = tagName(variable.getNodeId());
      if (readOnlyTagIds.contains(id) && AccessLevel.fromValue(variable.getAccessLevel()).contains(AccessLevel.CurrentWrite)) {
        variable.setAccessLevel(withoutCurrentWrite(variable.getAccessLevel()));
        variable.setUserAccessLevel(withoutCurrentWrite(variable.getUserAccessLevel()));
        servedReadOnly.add(id);
      }
      boolean archived = archivedTagIds.contains(id);
      if (archived) {
        archivedTags.put(variable.getNodeId(), id);
        variable.setHistorizing(true);
        variable.setAccessLevel(withHistoryRead(variable.getAccessLevel()));
      }
      // Filters that act on client writes come first: after a filter that does not override
      // writeAttribute, the rest of the chain only sees setAttribute.
      variable.getFilterChain().addLast(new WriteFitFilter());
      if (setpointIds.contains(id)) {
        variable.getFilterChain().addLast(SETPOINT_GUARD);
      }
      if (internalTagIds.contains(id) && archived) {
        variable.getFilterChain().addLast(operatorStamps);
      }
      if (internalTagIds.contains(id)) {
        variable.getFilterChain().addLast(new InternalTagWriteFilter(id));
      }
      variable.getFilterChain().addLast(new UserAccessFilter());
    }
    if (!servedReadOnly.isEmpty()) {
      LOG.info("plant namespace {}: {} process tag(s) writable in the NodeSet but not in the project (writable: true) "
          + "are served read-only: {}", getNamespaceUri(), servedReadOnly.size(), servedReadOnly);
    }
    nodes.variables().forEach(v -> nodeSetVariables.add(v.getNodeId()));
    installed = nodes;
    LOG.info("plant namespace {}: {} variables, {} archived", getNamespaceUri(), nodes.variables().size(), archivedTags.size());
  }

  private static UByte withHistoryRead(UByte accessLevel) {
    return edited(accessLevel, levels -> levels.add(AccessLevel.HistoryRead));
  }

  private static UByte withoutCurrentWrite(UByte accessLevel) {
    return edited(accessLevel, levels -> levels.remove(AccessLevel.CurrentWrite));
  }

  private static UByte edited(UByte accessLevel, Consumer<EnumSet<AccessLevel>> edit) {
    EnumSet<AccessLevel> levels = EnumSet.noneOf(AccessLevel.class);
    levels.addAll(AccessLevel.fromValue(accessLevel == null ? UByte.MIN : accessLevel));
    edit.accept(levels);
    return AccessLevel.toValue(levels);
  }

  /**
   * Whether a client may ask the AS to take {@code value} for the setpoint {@code identifier}: Good,
   * or Bad_TypeMismatch (data type, shape, ValueFit), Bad_OutOfRange (outside its EURange,
   * issue 12 item 6), Bad_NodeIdUnknown.
   */
  public StatusCode setpointCheck(String identifier, DataValue value) {
    Optional<UaVariableNode> node = variable(identifier);
    if (node.isEmpty() || !setpointIds.contains(identifier)) {
      return new StatusCode(StatusCodes.Bad_NodeIdUnknown);
    }
    if (value.value().isNull()) {
      return new StatusCode(StatusCodes.Bad_TypeMismatch);
    }
    Optional<String> problem = ValueFit.problem(node.get(), value);
    if (problem.isPresent()) {
      LOG.info("setpoint write of {} refused: {}", identifier, problem.get());
      return new StatusCode(StatusCodes.Bad_TypeMismatch);
    }
    Optional<String> outside = EuRange.of(node.get()).flatMap(range -> range.problem(value.value().value()));
    if (outside.isPresent()) {
      LOG.info("setpoint write of {} refused: {}", identifier, outside.get());
      return new StatusCode(StatusCodes.Bad_OutOfRange);
    }
    return StatusCode.GOOD;
  }

  /** Every process value reaches subscribers, not just samples of them (exactly-once delivery to HMIs). */
  @Override
  protected boolean reportsEveryChange(UaVariableNode variable) {
    return nodeSetVariables.contains(variable.getNodeId());
  }

  /** The plant-wide name of a node: its string identifier, identical on every station. */
  public static String tagName(NodeId nodeId) {
    return String.valueOf(nodeId.getIdentifier());
  }

  /** NodeId of a plant variable given its string identifier (e.g. "Plant.Treatment.Tank1.Level"). */
  public NodeId nodeId(String identifier) {
    return newNodeId(identifier);
  }

  public Optional<UaVariableNode> variable(String identifier) {
    return getNodeManager().getNode(newNodeId(identifier))
        .filter(UaVariableNode.class::isInstance)
        .map(UaVariableNode.class::cast);
  }

  public Collection<UaVariableNode> variables() {
    InstalledNodeSet nodes = installed;
    return nodes == null ? List.of() : nodes.variables();
  }

  /**
   * Shows a value received from an automation station. Returns what is wrong with it, or empty
   * when it was accepted: the caller archives only accepted values.
   */
  public Optional<String> showProcessValue(String identifier, DataValue value) {
    Optional<UaVariableNode> node = variable(identifier);
    if (node.isEmpty()) {
      return Optional.of("no plant variable " + identifier);
    }
    Optional<String> problem = ValueFit.problem(node.get(), value);
    if (problem.isEmpty()) {
      node.get().setValue(value);
    } else {
      // keep the last good value visible but say it is no longer trustworthy
      DataValue last = node.get().getValue();
      node.get().setValue(new DataValue(last.value(), new StatusCode(StatusCodes.Bad_TypeMismatch), last.sourceTime(), last.serverTime()));
    }
    return problem;
  }

  /** Restores a value without a client (start-up, sync): no access check, no listener. */
  public void restoreValue(String identifier, DataValue value) {
    variable(identifier).ifPresent(v -> v.setValue(value));
  }

  @Override
  public List<HistoryReadResult> historyRead(
      HistoryReadContext context,
      HistoryReadDetails details,
      TimestampsToReturn timestamps,
      List<HistoryReadValueId> ids) {
    Session session = context.getSession().orElse(null);
    PlantHistory request = history.forRequest(session);
    List<HistoryReadResult> results = new ArrayList<>(ids.size());
    for (HistoryReadValueId id : ids) {
      results.add(readOne(request, session, details, timestamps, id));
    }
    return results;
  }

  private HistoryReadResult readOne(PlantHistory history, Session session, HistoryReadDetails details,
      TimestampsToReturn timestamps, HistoryReadValueId id) {
    // Milo 1.1.2 does no access check on HistoryRead (milo-notes): it is ours to do.
    if (session == null || !access.mayReadHistory(session)) {
      return failed(StatusCodes.Bad_UserAccessDenied);
    }
    String tag = archivedTags.get(id.getNodeId());
    if (tag == null) {
      return failed(getNodeManager().containsNode(id.getNodeId())
          ? StatusCodes.Bad_HistoryOperationUnsupported
          : StatusCodes.Bad_NodeIdUnknown);
    }
    if (!(details instanceof ReadRawModifiedDetails raw)) {
      return failed(StatusCodes.Bad_HistoryOperationUnsupported);
    }
    return history.readRaw(session.getSessionId(), raw, timestamps, id, tag);
  }

  private static HistoryReadResult failed(long status) {
    return new HistoryReadResult(new StatusCode(status), null, null);
  }

  /**
   * Milo's access controller checks writes against UserAccessLevel (milo-notes), so computing it
   * per session here is what makes writes role-checked. No session means the station itself.
   */
  private final class UserAccessFilter implements AttributeFilter {
    @Override
    public Object getAttribute(AttributeFilterContext ctx, AttributeId attributeId) {
      if (attributeId != AttributeId.UserAccessLevel) {
        return ctx.getAttribute(attributeId);
      }
      UByte nodeAccess = (UByte) ctx.getAttribute(AttributeId.AccessLevel);
      Optional<Session> session = ctx.getSession();
      if (session.isEmpty()) {
        return nodeAccess;
      }
      return AccessLevel.toValue(access.userAccess(session.get(), AccessLevel.fromValue(nodeAccess)));
    }
  }

  /**
   * A setpoint's value is the AS's, never a client's: client writes of it go to the AS (the
   * station's setpoint write path). One that reached the node anyway is refused here.
   */
  private static final AttributeFilter SETPOINT_GUARD = new AttributeFilter() {
    @Override
    public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
        throws UaException {
      if (attributeId == AttributeId.Value && ctx.getSession().isPresent()) {
        throw new UaException(StatusCodes.Bad_NotConnected, "setpoints are written to the AS");
      }
      ctx.writeAttribute(attributeId, value);
    }
  };

  /**
   * Issue 12 item 6: what an operator writes into a historized internal tag is archived with the
   * server's time, and a non-Good status is refused; only a role that may write timestamps
   * ({@link PlantAccess#mayWriteTimestamps}) keeps its own source time and status.
   */
  private final AttributeFilter operatorStamps = new AttributeFilter() {
    @Override
    public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
        throws UaException {
      Optional<Session> session = ctx.getSession();
      if (attributeId == AttributeId.Value && value instanceof DataValue dv && session.isPresent()
          && !access.mayWriteTimestamps(session.get())) {
        if (dv.statusCode() != null && !dv.statusCode().isGood()) {
          throw new UaException(StatusCodes.Bad_WriteNotSupported, "only engineers may write a status");
        }
        DateTime now = DateTime.now();
        ctx.writeAttribute(attributeId, new DataValue(dv.value(), dv.statusCode(), now, now));
        return;
      }
      ctx.writeAttribute(attributeId, value);
    }
  };

  /** Refuses a client write whose value does not fit the variable (shape and array length). */
  private static final class WriteFitFilter implements AttributeFilter {
    @Override
    public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
        throws UaException {
      if (attributeId == AttributeId.Value && value instanceof DataValue dv
          && ctx.getNode() instanceof UaVariableNode node) {
        Optional<String> problem = ValueFit.problem(node, dv);
        if (problem.isPresent()) {
          LOG.info("write of {} refused: {}", node.getNodeId().toParseableString(), problem.get());
          throw new UaException(StatusCodes.Bad_TypeMismatch, problem.get());
        }
      }
      ctx.writeAttribute(attributeId, value);
    }
  }

  /** Hands every accepted client write of an internal tag to the station (archive, sync). */
  private final class InternalTagWriteFilter implements AttributeFilter {
    private final String tag;

    InternalTagWriteFilter(String tag) {
      this.tag = tag;
    }

    @Override
    public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
        throws UaException {
      ctx.writeAttribute(attributeId, value);
      if (attributeId == AttributeId.Value && value instanceof DataValue dv) {
        Optional<Session> session = ctx.getSession();
        if (session.isPresent()) {
          internalTags.onInternalTagWritten(tag, dv, session.get());
        }
      }
    }
  }
}
