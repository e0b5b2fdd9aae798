package io.twinua.server.alarms;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.typetree.ReferenceTypeTree;
import org.eclipse.milo.opcua.sdk.server.model.objects.ExclusiveLimitAlarmTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.variables.FiniteStateVariableTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.variables.TwoStateVariableTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext;
import org.eclipse.milo.opcua.sdk.server.nodes.factories.NodeFactory;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.util.Tree;

/**
 * One limit alarm at run time: its state machine and its ExclusiveLimitAlarmType node.
 *
 * <p>The node is the condition instance clients browse and read, and it is also the event that is
 * fired: every select clause then reads the condition's current fields, and the ConditionId (the
 * NodeId attribute selected with an empty browse path on ConditionType) is the real condition
 * NodeId, which a separate event node from the EventFactory would not give. It is also far cheaper:
 * the EventFactory instantiates every optional child of ExclusiveLimitAlarmType (hundreds of nodes;
 * ~300 ms per event on the shared build machine) where firing this node costs well under 1 ms. All
 * access is serialised by {@link AlarmService}.
 */
final class AlarmCondition {

  /** The condition methods we implement; other (optional) method instances are removed. */
  static final Set<String> METHODS = Set.of("Acknowledge", "AddComment", "Enable", "Disable");

  private final LimitAlarmDefinition definition;
  private final NodeId conditionId;
  private final LimitAlarmState state;
  private ExclusiveLimitAlarmTypeNode node;
  private ByteString latestEventId = ByteString.NULL_VALUE;

  AlarmCondition(LimitAlarmDefinition definition, NodeId conditionId, LimitAlarmState state) {
    this.definition = definition;
    this.conditionId = conditionId;
    this.state = state;
  }

  LimitAlarmDefinition definition() {
    return definition;
  }

  NodeId conditionId() {
    return conditionId;
  }

  LimitAlarmState state() {
    return state;
  }

  ExclusiveLimitAlarmTypeNode node() {
    return node;
  }

  ByteString latestEventId() {
    return latestEventId;
  }

  /** Instantiates the condition node (and its children) in {@code context}'s node manager. */
  void createNode(UaNodeContext context) throws UaException {
    Set<String> optional = new HashSet<>();
    optional.add("TransitionTime");
    for (Limit limit : Limit.values()) {
      if (definition.limitValue(limit) != null) {
        optional.add(limit.browseName() + "Limit");
      }
    }

    Tree<UaNode> tree =
        new NodeFactory(context)
            .createNodeTree(
                conditionId,
                NodeIds.ExclusiveLimitAlarmType,
                new NodeFactory.InstantiationCallback() {
                  @Override
                  public boolean includeOptionalNode(NodeId typeId, QualifiedName browseName) {
                    return browseName.namespaceIndex().intValue() == 0
                        && optional.contains(browseName.name());
                  }
                });

    if (!(tree.getValue() instanceof ExclusiveLimitAlarmTypeNode created)) {
      throw new UaException(
          StatusCodes.Bad_InternalError,
          "condition " + conditionId + " was not instantiated as ExclusiveLimitAlarmType");
    }
    node = created;
    removeOrphans(tree, created);
    resolveSubStates(tree, context);
    tree.traverse(n -> dropReferencesIntoTypes(n, context));
    for (UaMethodNode method : created.getMethodNodes()) {
      if (!METHODS.contains(method.getBrowseName().name())) {
        method.delete();
      }
    }

    node.setBrowseName(new QualifiedName(conditionId.getNamespaceIndex(), definition.name()));
    node.setDisplayName(LocalizedText.english(definition.name()));
    node.setEventType(NodeIds.ExclusiveLimitAlarmType);
    node.setSourceNode(definition.source());
    node.setSourceName(definition.sourceBrowseName());
    node.setConditionName(definition.name());
    node.setConditionClassId(NodeIds.ProcessConditionClassType);
    node.setConditionClassName(LocalizedText.english("Process"));
    // Part 9 §5.5.2: BranchId is Null for events about the condition's current state.
    node.setBranchId(NodeId.NULL_VALUE);
    node.setInputNode(definition.source());
    node.setSuppressedOrShelved(false);
    node.setQuality(StatusCode.GOOD);
    node.setLastSeverity(ushort(definition.severity()));
    if (definition.highHigh() != null) node.setHighHighLimit(definition.highHigh());
    if (definition.high() != null) node.setHighLimit(definition.high());
    if (definition.low() != null) node.setLowLimit(definition.low());
    if (definition.lowLow() != null) node.setLowLowLimit(definition.lowLow());
  }

  /** Deletes the condition node and everything below it. */
  void deleteNode() {
    if (node != null) {
      node.delete();
      node = null;
    }
  }

  /**
   * Writes a new event's fields and the condition state onto the node, ready to be fired.
   *
   * @param eventId the new event's EventId, which Acknowledge and AddComment must quote
   */
  void write(ConditionState s, String message, ByteString eventId, Instant receiveTime) {
    latestEventId = eventId;
    node.setEventId(eventId);
    node.setTime(new DateTime(s.time()));
    node.setReceiveTime(new DateTime(receiveTime));
    node.setMessage(LocalizedText.english(message));
    node.setLastSeverity(node.getSeverity() != null ? node.getSeverity() : ushort(s.severity()));
    node.setSeverity(ushort(s.severity()));
    node.setRetain(s.retain());
    writeTwoState(node.getEnabledStateNode(), s.enabled(), "Enabled", "Disabled", s.enabledTime());
    writeTwoState(node.getActiveStateNode(), s.active(), "Active", "Inactive", s.activeTime());
    writeTwoState(
        node.getAckedStateNode(), s.acked(), "Acknowledged", "Unacknowledged", s.ackedTime());
    writeLimitState(s.active() ? s.limit() : null);
    node.setComment(
        s.comment() == null ? LocalizedText.NULL_VALUE : LocalizedText.english(s.comment()));
    node.setClientUserId(s.clientUserId());
  }

  private void writeLimitState(Limit limit) {
    FiniteStateVariableTypeNode current = node.getLimitStateNode().getCurrentStateNode();
    if (limit == null) {
      current.setValue(new DataValue(new Variant(LocalizedText.NULL_VALUE)));
      current.setId(NodeId.NULL_VALUE);
    } else {
      current.setValue(new DataValue(new Variant(LocalizedText.english(limit.browseName()))));
      current.setId(stateNodeId(limit));
    }
  }

  /** The state node of ExclusiveLimitStateMachineType that LimitState/CurrentState/Id refers to. */
  static NodeId stateNodeId(Limit limit) {
    return switch (limit) {
      case HIGH_HIGH -> NodeIds.ExclusiveLimitStateMachineType_HighHigh;
      case HIGH -> NodeIds.ExclusiveLimitStateMachineType_High;
      case LOW -> NodeIds.ExclusiveLimitStateMachineType_Low;
      case LOW_LOW -> NodeIds.ExclusiveLimitStateMachineType_LowLow;
    };
  }

  private static void writeTwoState(
      TwoStateVariableTypeNode v, boolean id, String trueName, String falseName, Instant since) {
    v.setValue(new DataValue(new Variant(LocalizedText.english(id ? trueName : falseName))));
    v.setId(id);
    // never changed (ConditionState#initial): no TransitionTime rather than a made-up 1970; a
    // null value is what a client gets for an optional field the server does not have (Part 4
    // §7.22.3), and a creation time would read as a change newer than the partner's (online sync)
    v.setTransitionTime(since.equals(ConditionState.NEVER) ? null : new DateTime(since));
  }

  /**
   * The type's HasTrueSubState references (EnabledState to ActiveState and AckedState, ActiveState
   * to LimitState) are followed by NodeFactory 1.1.2 like components, giving second copies such as
   * {@code EnabledState/ActiveState} that nobody updates and that {@link UaNode#delete()} does not
   * reach. Point such references at the real sibling ({@code ActiveState}) and drop the copies.
   * Children first, so copies nested in copies are handled before their parent goes.
   */
  private static void resolveSubStates(Tree<UaNode> tree, UaNodeContext context) {
    for (Tree<UaNode> child : List.copyOf(tree.getChildren())) {
      resolveSubStates(child, context);
    }
    UaNode copy = tree.getValue();
    Tree<UaNode> parentTree = tree.getParent();
    UaNode parent = parentTree == null ? null : parentTree.getValue();
    if (copy == null || parent == null || isHierarchicalChild(parent, copy, context)) {
      return;
    }
    UaNode real = null;
    if (parentTree.getParent() != null) {
      for (Tree<UaNode> sibling : parentTree.getParent().getChildren()) {
        UaNode candidate = sibling.getValue();
        if (candidate != null
            && candidate != copy
            && candidate.getBrowseName().equals(copy.getBrowseName())
            && isHierarchicalChild(parentTree.getParent().getValue(), candidate, context)) {
          real = candidate;
        }
      }
    }
    for (Reference r : List.copyOf(parent.getReferences())) {
      if (r.isForward() && r.getTargetNodeId().equals(copy.getNodeId().expanded())) {
        parent.removeReference(r);
        if (real != null) {
          parent.addReference(
              new Reference(
                  parent.getNodeId(), r.getReferenceTypeId(), real.getNodeId().expanded(), true));
        }
      }
    }
    copy.delete();
  }

  /**
   * NodeFactory also copies references that point from a declaration to another declaration of the
   * type it did not instantiate (e.g. EnabledState HasTrueSubState the type's ConfirmedState). An
   * instance must not point into a type definition; drop those.
   */
  private static void dropReferencesIntoTypes(UaNode n, UaNodeContext context) {
    if (n == null) {
      return;
    }
    for (Reference r : List.copyOf(n.getReferences())) {
      if (r.isForward()
          && !NodeIds.HasTypeDefinition.equals(r.getReferenceTypeId())
          && isInstanceDeclaration(context, r.getTargetNodeId())) {
        n.removeReference(r);
      }
    }
  }

  private static boolean isInstanceDeclaration(UaNodeContext context, ExpandedNodeId id) {
    return context
        .getServer()
        .getAddressSpaceManager()
        .getManagedNode(id)
        .filter(t -> t.getNodeContext() != context)
        .map(
            t ->
                t.getReferences().stream()
                    .anyMatch(ref -> NodeIds.HasModellingRule.equals(ref.getReferenceTypeId())))
        .orElse(false);
  }

  private static boolean isHierarchicalChild(UaNode parent, UaNode child, UaNodeContext context) {
    ReferenceTypeTree types = context.getServer().getReferenceTypeTree();
    return parent.getReferences().stream()
        .anyMatch(
            r ->
                r.isForward()
                    && r.getTargetNodeId().equals(child.getNodeId().expanded())
                    && types.isSubtypeOf(r.getReferenceTypeId(), NodeIds.HierarchicalReferences));
  }

  /**
   * NodeFactory 1.1.2 still creates the mandatory children of optional children it left out (e.g.
   * ShelvingState/CurrentState): they end up in the node manager with no parent. Remove them.
   */
  private static void removeOrphans(Tree<UaNode> tree, UaNode root) {
    Set<UaNode> orphans = new HashSet<>();
    tree.traverseWithParent(
        (n, parent) -> {
          if (n != null && n != root && (parent == null || orphans.contains(parent))) {
            orphans.add(n);
          }
        });
    orphans.forEach(UaNode::delete);
  }
}
