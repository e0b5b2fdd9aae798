package io.twinua.server.nodeset;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * The nodes a {@link NodeSetInstaller} created, by server NodeId, with the mapping from the
 * file's namespace indexes to the server's.
 */
public final class InstalledNodeSet {

  private final NodeSetModel model;
  private final int[] serverNamespaceOf;
  private final Map<NodeId, UaNode> nodes;

  InstalledNodeSet(NodeSetModel model, int[] serverNamespaceOf, Map<NodeId, UaNode> nodes) {
    this.model = model;
    this.serverNamespaceOf = serverNamespaceOf.clone();
    this.nodes = Collections.unmodifiableMap(nodes);
  }

  public NodeSetModel model() {
    return model;
  }

  /** The server NodeId of a NodeId written as in the file (file namespace index). */
  public NodeId toServerNodeId(NodeId fileNodeId) {
    return NodeSetInstaller.reindex(fileNodeId, serverNamespaceOf);
  }

  /** Server namespace index of the file's primary namespace (e.g. {@code urn:twinua:demo-plant}). */
  public int primaryNamespaceIndex() {
    return serverNamespaceOf[model.primaryNamespaceIndex()];
  }

  /**
   * The server NodeId of an installed node given file-style: either a full NodeId as written in
   * the file ({@code ns=1;s=Plant.X}) or just the string identifier in the primary namespace
   * ({@code Plant.Treatment.Tank1.Level}).
   */
  public Optional<NodeId> nodeId(String fileStyleId) {
    NodeId fileNodeId;
    if (fileStyleId.startsWith("ns=") || fileStyleId.startsWith("nsu=")) {
      try {
        fileNodeId =
            NodeIdSyntax.parse(fileStyleId, model.namespaceUris().size(), model.namespaceUris()::indexOf);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    } else {
      fileNodeId = new NodeId(model.primaryNamespaceIndex(), fileStyleId);
    }
    NodeId serverNodeId = toServerNodeId(fileNodeId);
    return nodes.containsKey(serverNodeId) ? Optional.of(serverNodeId) : Optional.empty();
  }

  public Optional<UaNode> node(NodeId serverNodeId) {
    return Optional.ofNullable(nodes.get(serverNodeId));
  }

  public Optional<UaVariableNode> findVariable(NodeId serverNodeId) {
    return node(serverNodeId).filter(UaVariableNode.class::isInstance).map(UaVariableNode.class::cast);
  }

  /** The installed variable with this server NodeId; fails if there is none. */
  public UaVariableNode variable(NodeId serverNodeId) {
    return findVariable(serverNodeId)
        .orElseThrow(
            () -> new IllegalArgumentException("no variable " + serverNodeId.toParseableString() + " in " + model.source()));
  }

  /** The installed variable with this file-style id (see {@link #nodeId(String)}). */
  public UaVariableNode variable(String fileStyleId) {
    return nodeId(fileStyleId)
        .flatMap(this::findVariable)
        .orElseThrow(() -> new IllegalArgumentException("no variable '" + fileStyleId + "' in " + model.source()));
  }

  /** All installed nodes in file order. */
  public List<UaNode> nodes() {
    return List.copyOf(nodes.values());
  }

  public List<UaVariableNode> variables() {
    return nodes.values().stream()
        .filter(UaVariableNode.class::isInstance)
        .map(UaVariableNode.class::cast)
        .toList();
  }

  public List<UaObjectNode> objects() {
    return nodes.values().stream()
        .filter(UaObjectNode.class::isInstance)
        .map(UaObjectNode.class::cast)
        .toList();
  }
}
