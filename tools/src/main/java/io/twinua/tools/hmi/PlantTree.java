package io.twinua.tools.hmi;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

/**
 * The plant as the HMI shows it: every variable below Objects outside namespace 0 (the project's
 * plant and system tags), browsed once from a server of the set. Both stations serve the same
 * project, so the tree of one is the tree of the pair.
 */
record PlantTree(List<Variable> variables) {

  /** Part 3 §5.6.2 AccessLevel bit 1. */
  private static final int CURRENT_WRITE = 0x02;
  private static final int MAX_DEPTH = 12;
  /** Objects worth walking into: folders, plain objects and the project's own types; not alarm conditions. */
  private static final Set<NodeId> PLAIN_TYPES = Set.of(NodeIds.FolderType, NodeIds.BaseObjectType);

  /**
   * @param node the node id as text with its namespace URI ({@code nsu=...;s=...}), valid on both servers
   * @param path browse names from below Objects, joined by {@code /}
   * @param dataType the DataType node id as text ({@code i=11} for Double)
   * @param writable the node's AccessLevel has CurrentWrite (whether this user may is the station's call)
   */
  record Variable(String node, String path, String dataType, boolean writable) {}

  /** Browses {@code client}'s address space: blocking, run it on a thread of the HMI's own. */
  static PlantTree browse(OpcUaClient client) throws UaException {
    List<ReferenceDescription> found = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    walk(client, NodeIds.ObjectsFolder, "", 0, found, paths);
    List<Variable> variables = new ArrayList<>();
    List<NodeId> ids = found.stream().map(r -> local(client, r.getNodeId())).toList();
    for (int from = 0; from < ids.size(); from += 500) {
      List<NodeId> batch = ids.subList(from, Math.min(ids.size(), from + 500));
      List<ReadValueId> reads = new ArrayList<>();
      for (NodeId id : batch) {
        reads.add(new ReadValueId(id, AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE));
        reads.add(new ReadValueId(id, AttributeId.AccessLevel.uid(), null, QualifiedName.NULL_VALUE));
      }
      DataValue[] values = client.read(0.0, TimestampsToReturn.Neither, reads).getResults();
      for (int i = 0; i < batch.size(); i++) {
        Object type = values[2 * i].getValue().getValue();
        Object access = values[2 * i + 1].getValue().getValue();
        boolean writable = access instanceof UByte b && (b.intValue() & CURRENT_WRITE) != 0;
        variables.add(new Variable(text(client, batch.get(i)), paths.get(from + i),
            type instanceof NodeId t ? t.toParseableString() : "", writable));
      }
    }
    return new PlantTree(List.copyOf(variables));
  }

  private static void walk(OpcUaClient client, NodeId parent, String path, int depth,
      List<ReferenceDescription> found, List<String> paths) throws UaException {
    if (depth > MAX_DEPTH) {
      return;
    }
    BrowseResult result = client.browse(new BrowseDescription(parent, BrowseDirection.Forward,
        NodeIds.HierarchicalReferences, true,
        uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()), uint(BrowseResultMask.All.getValue())));
    if (result.getReferences() == null) {
      return;
    }
    for (ReferenceDescription r : result.getReferences()) {
      NodeId id = local(client, r.getNodeId());
      if (id == null || id.getNamespaceIndex().intValue() == 0) {
        continue; // ns 0: the Server object and the like
      }
      String here = path.isEmpty() ? r.getBrowseName().getName() : path + "/" + r.getBrowseName().getName();
      if (r.getNodeClass() == NodeClass.Variable) {
        found.add(r);
        paths.add(here);
      } else if (walkInto(client, r)) {
        walk(client, id, here, depth + 1, found, paths);
      }
    }
  }

  private static boolean walkInto(OpcUaClient client, ReferenceDescription object) {
    NodeId type = local(client, object.getTypeDefinition());
    return type == null || type.getNamespaceIndex().intValue() != 0 || PLAIN_TYPES.contains(type);
  }

  private static NodeId local(OpcUaClient client, ExpandedNodeId id) {
    return id == null || id.isNull() ? null : id.toNodeId(client.getNamespaceTable()).orElse(null);
  }

  /** {@code nsu=<uri>;...}: namespace indexes may differ between servers, URIs do not. */
  private static String text(OpcUaClient client, NodeId id) {
    return id.expanded(client.getNamespaceTable()).toParseableString();
  }
}
