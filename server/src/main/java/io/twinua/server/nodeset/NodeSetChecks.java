package io.twinua.server.nodeset;

import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * Checks that need the whole file: every node lives in one of the file's model namespaces, and
 * every NodeId in a model namespace that a reference, parent or type definition points to is
 * defined in the file (nodes of other namespaces, e.g. ns0, are checked when installing).
 */
final class NodeSetChecks {

  private NodeSetChecks() {}

  static void check(ParseContext context, Map<NodeId, NodeDefinition> nodes, Map<String, NodeId> aliases)
      throws NodeSetException {
    for (NodeDefinition node : nodes.values()) {
      String on = " on " + node.nodeId().toParseableString();
      if (!context.isModelNamespace(node.nodeId())) {
        throw context.error(
            node.position(),
            "node " + node.nodeId().toParseableString()
                + " is not in a namespace this file defines (see Models)");
      }
      Optional<NodeId> parent = parentOf(node);
      if (parent.isPresent() && context.isModelNamespace(parent.get()) && !nodes.containsKey(parent.get())) {
        throw context.error(
            node.position(),
            "ParentNodeId " + parent.get().toParseableString() + " is not defined in this file" + on);
      }
      int typeDefinitions = 0;
      for (ReferenceDefinition reference : node.references()) {
        String typeName = nameOf(reference.referenceType(), aliases);
        if (context.isModelNamespace(reference.referenceType())) {
          throw context.error(
              reference.position(),
              "unknown ReferenceType " + typeName + " (UAReferenceType is not supported)" + on);
        }
        if (context.isModelNamespace(reference.target()) && !nodes.containsKey(reference.target())) {
          throw context.error(
              reference.position(),
              "reference " + typeName + " to unknown node " + reference.target().toParseableString() + on);
        }
        if (reference.forward() && NodeIds.HasTypeDefinition.equals(reference.referenceType())) {
          typeDefinitions++;
          checkTypeDefinition(context, node, reference, nodes.get(reference.target()), on);
        }
      }
      if (typeDefinitions > 1) {
        throw context.error(node.position(), "more than one HasTypeDefinition" + on);
      }
    }
  }

  private static void checkTypeDefinition(
      ParseContext context, NodeDefinition node, ReferenceDefinition reference, NodeDefinition type, String on)
      throws NodeSetException {
    boolean instance = node instanceof ObjectDefinition || node instanceof VariableDefinition;
    if (!instance) {
      throw context.error(reference.position(), "only objects and variables have a HasTypeDefinition" + on);
    }
    if (type == null) {
      return; // a type outside this file (e.g. ns0 FolderType): checked when installing
    }
    boolean isObject = node instanceof ObjectDefinition;
    boolean fits = isObject ? type instanceof ObjectTypeDefinition : type instanceof VariableTypeDefinition;
    if (!fits) {
      throw context.error(
          reference.position(),
          "HasTypeDefinition must point to " + (isObject ? "an ObjectType" : "a VariableType") + ", but "
              + type.nodeId().toParseableString() + " is a node of class " + type.nodeClass() + on);
    }
  }

  private static Optional<NodeId> parentOf(NodeDefinition node) {
    if (node instanceof ObjectDefinition o) {
      return o.parentNodeId();
    } else if (node instanceof VariableDefinition v) {
      return v.parentNodeId();
    } else if (node instanceof MethodDefinition m) {
      return m.parentNodeId();
    }
    return Optional.empty();
  }

  /** The alias for a NodeId if the file has one (messages read better with "HasComponent"). */
  static String nameOf(NodeId nodeId, Map<String, NodeId> aliases) {
    return aliases.entrySet().stream()
        .filter(e -> e.getValue().equals(nodeId))
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst()
        .orElse(nodeId.toParseableString());
  }
}
