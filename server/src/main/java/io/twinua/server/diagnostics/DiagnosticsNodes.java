package io.twinua.server.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.UaNodeManager;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.sdk.core.Reference;

/**
 * The snapshot as OPC UA nodes under one object, {@code Objects/@Diagnostics} (NodeId
 * {@code s=@Diagnostics} in the plant namespace), read-only for every client: one variable per
 * field of the JSON (NodeId {@code s=@Diagnostics/partner/linkToPartner}), objects as folders,
 * lists as one JSON text each, and {@code @Diagnostics/Json} with the whole snapshot (what
 * {@code twinua diag} reads). Nodes appear as their fields first do; {@link #show} runs on one
 * thread at a time.
 */
public final class DiagnosticsNodes {

  public static final String OBJECT_ID = "@Diagnostics";
  public static final String JSON_ID = OBJECT_ID + "/Json";

  private final UaNodeContext context;
  private final UaNodeManager nodeManager;
  private final int namespaceIndex;
  private final Map<String, UaVariableNode> variables = new HashMap<>();
  private final Map<String, UaFolderNode> folders = new HashMap<>();
  private UaObjectNode root;

  public DiagnosticsNodes(UaNodeContext context, UaNodeManager nodeManager, int namespaceIndex) {
    this.context = context;
    this.nodeManager = nodeManager;
    this.namespaceIndex = namespaceIndex;
  }

  /** Adds the object and its Json variable under Objects. */
  public synchronized void install() {
    root = UaObjectNode.builder(context)
        .setNodeId(nodeId(OBJECT_ID))
        .setBrowseName(new QualifiedName(namespaceIndex, OBJECT_ID))
        .setDisplayName(LocalizedText.english(OBJECT_ID))
        .setTypeDefinition(NodeIds.BaseObjectType)
        .build();
    nodeManager.addNode(root);
    root.addReference(new Reference(root.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
    variable(root, JSON_ID, "Json");
  }

  /** Shows {@code snapshot} in the nodes. */
  public synchronized void show(StationSnapshot snapshot) {
    JsonNode tree = SnapshotJson.tree(snapshot);
    set(variables.get(JSON_ID), new Variant(tree.toString()));
    fields(root, OBJECT_ID, tree);
  }

  public synchronized void uninstall() {
    variables.values().forEach(UaNode::delete);
    folders.values().forEach(UaNode::delete);
    if (root != null) {
      root.delete();
    }
    variables.clear();
    folders.clear();
  }

  private void fields(UaNode parent, String path, JsonNode object) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String id = path + "/" + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        fields(folders.computeIfAbsent(id, k -> folder(parent, k, field.getKey())), id, value);
      } else {
        UaVariableNode node = variables.get(id);
        if (node == null) {
          node = variable(parent, id, field.getKey());
        }
        set(node, variant(value));
      }
    }
  }

  private static Variant variant(JsonNode v) {
    if (v.isNull()) {
      return Variant.NULL_VALUE;
    }
    if (v.isBoolean()) {
      return new Variant(v.booleanValue());
    }
    if (v.isInt()) {
      return new Variant(v.intValue());
    }
    if (v.isIntegralNumber()) {
      return new Variant(v.longValue());
    }
    if (v.isNumber()) {
      return new Variant(v.doubleValue());
    }
    return new Variant(v.isTextual() ? v.textValue() : v.toString()); // lists as JSON text
  }

  private static void set(UaVariableNode node, Variant value) {
    node.setValue(new DataValue(value, StatusCode.GOOD, DateTime.now()));
  }

  private UaFolderNode folder(UaNode parent, String id, String name) {
    UaFolderNode folder = new UaFolderNode(context, nodeId(id), new QualifiedName(namespaceIndex, name),
        LocalizedText.english(name));
    nodeManager.addNode(folder);
    organize(parent, folder);
    return folder;
  }

  private UaVariableNode variable(UaNode parent, String id, String name) {
    UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(context)
        .setNodeId(nodeId(id))
        .setBrowseName(new QualifiedName(namespaceIndex, name))
        .setDisplayName(LocalizedText.english(name))
        .setDataType(NodeIds.BaseDataType)
        .setTypeDefinition(NodeIds.BaseDataVariableType)
        .setAccessLevel(AccessLevel.READ_ONLY)
        .setUserAccessLevel(AccessLevel.READ_ONLY)
        .build();
    node.setAllowNulls(true);
    nodeManager.addNode(node);
    organize(parent, node);
    variables.put(id, node);
    return node;
  }

  private static void organize(UaNode parent, UaNode child) {
    parent.addReference(new Reference(parent.getNodeId(), NodeIds.Organizes, child.getNodeId().expanded(), true));
  }

  private NodeId nodeId(String id) {
    return new NodeId(namespaceIndex, id);
  }
}
