package io.twinua.server.sync.online;

import io.twinua.server.alarms.PartnerConditionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePath;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathResult;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePath;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePathElement;

/**
 * Reads the partner's current operator state of every condition of ours from its condition nodes
 * (TranslateBrowsePaths, then Read): the catch-up after the link was down. Unlike ConditionRefresh,
 * which replays retained conditions only, this also finds a condition the partner disabled, or
 * acknowledged after it went inactive, while the link was down. Blocking; not for Milo's threads.
 */
final class PartnerConditionReader {

  /** Conditions per request pair, so a large project stays within the server's operation limits. */
  static final int CONDITIONS_PER_REQUEST = 100;

  private PartnerConditionReader() {}

  static List<PartnerConditionState> read(OpcUaClient client, UShort partnerIndex, Map<String, NodeId> localIds,
      String origin) throws UaException {
    List<String> identifiers = List.copyOf(localIds.keySet());
    List<PartnerConditionState> states = new ArrayList<>();
    for (int from = 0; from < identifiers.size(); from += CONDITIONS_PER_REQUEST) {
      List<String> chunk = identifiers.subList(from, Math.min(identifiers.size(), from + CONDITIONS_PER_REQUEST));
      readChunk(client, partnerIndex, chunk, localIds, origin, states);
    }
    return states;
  }

  private static void readChunk(OpcUaClient client, UShort partnerIndex, List<String> identifiers,
      Map<String, NodeId> localIds, String origin, List<PartnerConditionState> states) throws UaException {
    int fields = ConditionFields.FIELDS.size();
    List<BrowsePath> paths = new ArrayList<>();
    for (String identifier : identifiers) {
      for (ConditionFields.Field f : ConditionFields.FIELDS) {
        paths.add(new BrowsePath(new NodeId(partnerIndex, identifier), relative(f.browseNames())));
      }
    }
    BrowsePathResult[] results = client.translateBrowsePaths(paths).getResults();
    List<NodeId> nodes = new ArrayList<>();
    for (BrowsePathResult r : results) {
      NodeId node = r.getStatusCode().isGood() && r.getTargets() != null && r.getTargets().length > 0
          ? r.getTargets()[0].getTargetId().toNodeId(client.getNamespaceTable()).orElse(NodeId.NULL_VALUE)
          : NodeId.NULL_VALUE; // reads as Bad_NodeIdUnknown: that condition is skipped
      nodes.add(node);
    }
    List<DataValue> values = client.readValues(0.0, TimestampsToReturn.Neither, nodes);
    for (int i = 0; i < identifiers.size(); i++) {
      Object[] v = new Object[fields];
      for (int k = 0; k < fields; k++) {
        v[k] = values.get(i * fields + k).getValue().getValue();
      }
      ConditionFields.state(localIds.get(identifiers.get(i)), v, origin).ifPresent(states::add);
    }
  }

  private static RelativePath relative(QualifiedName[] names) {
    RelativePathElement[] elements = new RelativePathElement[names.length];
    for (int i = 0; i < names.length; i++) {
      elements[i] = new RelativePathElement(NodeIds.HierarchicalReferences, false, true, names[i]);
    }
    return new RelativePath(elements);
  }
}
