package io.twinua.server.nodeset;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * An immutable, checked NodeSet file: its namespace table, aliases and node definitions, with
 * NodeIds exactly as in the file (file-relative namespace indexes; index 0 is always the OPC UA
 * namespace). Made by {@link NodeSetLoader#load(Path)}.
 */
public final class NodeSetModel {

  /** URI of namespace 0, implicit in every NodeSet file. */
  public static final String OPC_UA_NAMESPACE = "http://opcfoundation.org/UA/";

  private final Path source;
  private final List<String> namespaceUris;
  private final List<Integer> modelNamespaces;
  private final Map<String, NodeId> aliases;
  private final List<NodeDefinition> nodes;
  private final Map<NodeId, NodeDefinition> byId;

  NodeSetModel(
      Path source,
      List<String> namespaceUris,
      List<Integer> modelNamespaces,
      Map<String, NodeId> aliases,
      List<NodeDefinition> nodes) {
    this.source = source;
    this.namespaceUris = List.copyOf(namespaceUris);
    this.modelNamespaces = List.copyOf(modelNamespaces);
    this.aliases = Map.copyOf(aliases);
    this.nodes = List.copyOf(nodes);
    Map<NodeId, NodeDefinition> map = new LinkedHashMap<>();
    nodes.forEach(n -> map.put(n.nodeId(), n));
    this.byId = Map.copyOf(map);
  }

  /** The file this model was read from. */
  public Path source() {
    return source;
  }

  /** Namespace URIs by file index: element 0 is {@link #OPC_UA_NAMESPACE}, then the file's Uris. */
  public List<String> namespaceUris() {
    return namespaceUris;
  }

  /**
   * File namespace indexes of the models this file defines (its {@code Models}, or all its
   * namespaces if it has none), in file order; the first is the primary namespace.
   */
  public List<Integer> modelNamespaces() {
    return modelNamespaces;
  }

  /** File index of the first model namespace (where "Plant.X" style identifiers live). */
  public int primaryNamespaceIndex() {
    return modelNamespaces.get(0);
  }

  public Map<String, NodeId> aliases() {
    return aliases;
  }

  /** All nodes in file order. */
  public List<NodeDefinition> nodes() {
    return nodes;
  }

  public Optional<NodeDefinition> node(NodeId fileNodeId) {
    return Optional.ofNullable(byId.get(fileNodeId));
  }

  /** The node with string identifier {@code identifier} in the namespace {@code namespaceUri}. */
  public Optional<NodeDefinition> node(String namespaceUri, String identifier) {
    OptionalInt index = namespaceIndex(namespaceUri);
    return index.isPresent() ? node(new NodeId(index.getAsInt(), identifier)) : Optional.empty();
  }

  public Optional<VariableDefinition> variable(NodeId fileNodeId) {
    return node(fileNodeId)
        .filter(VariableDefinition.class::isInstance)
        .map(VariableDefinition.class::cast);
  }

  public List<VariableDefinition> variables() {
    return nodes.stream()
        .filter(VariableDefinition.class::isInstance)
        .map(VariableDefinition.class::cast)
        .toList();
  }

  public List<ObjectDefinition> objects() {
    return nodes.stream()
        .filter(ObjectDefinition.class::isInstance)
        .map(ObjectDefinition.class::cast)
        .toList();
  }

  /** File index of {@code namespaceUri}, if the file declares it. */
  public OptionalInt namespaceIndex(String namespaceUri) {
    int index = namespaceUris.indexOf(namespaceUri);
    return index < 0 ? OptionalInt.empty() : OptionalInt.of(index);
  }

  @Override
  public String toString() {
    return "NodeSetModel[" + source + ", " + nodes.size() + " nodes, namespaces " + namespaceUris + "]";
  }
}
