package io.twinua.server.nodeset;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.AddressSpaceManager;
import org.eclipse.milo.opcua.sdk.server.NodeManager;
import org.eclipse.milo.opcua.sdk.server.UaNodeManager;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableTypeNode;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the nodes of a {@link NodeSetModel} in a Milo namespace (typically from the startup
 * task of a {@code ManagedNamespaceWithLifecycle}).
 *
 * <p>File namespace index i becomes the server index of the same URI (registered if the server
 * does not know it yet). Every reference is stored with its inverse in the namespace's node
 * manager, as Milo's own {@code UaNode.addReference} does: Milo's Browse gathers references for
 * a node from every address space, so the inverse of {@code Plant --Organizes(inverse)-->
 * ObjectsFolder} makes Plant appear under the Objects folder.
 *
 * <p>All nodes go into the context's node manager. A Milo {@code ManagedNamespace} serves only
 * its own namespace index, so a model with more than one namespace of its own needs an address
 * space whose filter covers all of them (the demo plant has one).
 */
public final class NodeSetInstaller {

  private static final Logger LOG = LoggerFactory.getLogger(NodeSetInstaller.class);

  private NodeSetInstaller() {}

  /**
   * @param nodeManager must be {@code context.getNodeManager()} (Milo nodes add their own
   *     references through the context, so the two must agree)
   * @throws NodeSetException if a node already exists in the server, or a reference, reference
   *     type or type definition points to a node outside the file that the server does not have
   */
  public static InstalledNodeSet install(
      NodeSetModel model, UaNodeContext context, UaNodeManager nodeManager) throws NodeSetException {
    if (context.getNodeManager() != nodeManager) {
      throw new IllegalArgumentException("nodeManager must be the context's node manager");
    }
    return install(model, context);
  }

  /** Installs into {@code context.getNodeManager()}. */
  public static InstalledNodeSet install(NodeSetModel model, UaNodeContext context)
      throws NodeSetException {
    NodeManager<UaNode> nodeManager = context.getNodeManager();
    NamespaceTable namespaceTable = context.getNamespaceTable();
    int[] serverNamespaceOf = namespaceMapping(model, namespaceTable);

    Map<NodeId, UaNode> created = new LinkedHashMap<>();
    for (NodeDefinition definition : model.nodes()) {
      UaNode node = create(definition, context, serverNamespaceOf);
      if (nodeManager.containsNode(node.getNodeId()) || created.containsKey(node.getNodeId())) {
        throw new NodeSetException(
            model.source(),
            definition.position(),
            "node " + node.getNodeId().toParseableString() + " already exists in the server");
      }
      created.put(node.getNodeId(), node);
    }

    Set<Reference> references = references(model, context, serverNamespaceOf, created);
    created.values().forEach(nodeManager::addNode);
    references.forEach(nodeManager::addReference);

    LOG.info(
        "Installed {} nodes ({} references) from {} into namespace {}",
        created.size(),
        references.size(),
        model.source(),
        serverNamespaceOf[model.primaryNamespaceIndex()]);
    return new InstalledNodeSet(model, serverNamespaceOf, created);
  }

  private static int[] namespaceMapping(NodeSetModel model, NamespaceTable namespaceTable) {
    List<String> uris = model.namespaceUris();
    int[] mapping = new int[uris.size()];
    for (int i = 1; i < uris.size(); i++) {
      UShort index = namespaceTable.getIndex(uris.get(i));
      mapping[i] = (index != null ? index : namespaceTable.add(uris.get(i))).intValue();
    }
    return mapping;
  }

  static NodeId reindex(NodeId fileNodeId, int[] serverNamespaceOf) {
    int fileIndex = fileNodeId.getNamespaceIndex().intValue();
    if (fileIndex == 0) {
      return fileNodeId;
    }
    return fileNodeId.withNamespaceIndex(ushort(serverNamespaceOf[fileIndex]));
  }

  private static UaNode create(NodeDefinition definition, UaNodeContext context, int[] ns) {
    CommonAttributes c = definition.common();
    NodeId nodeId = reindex(c.nodeId(), ns);
    QualifiedName browseName = reindex(c.browseName(), ns);
    LocalizedText displayName = c.displayName();
    LocalizedText description = c.description();
    UInteger writeMask = c.writeMask();
    UInteger userWriteMask = c.userWriteMask();

    if (definition instanceof ObjectDefinition o) {
      return new UaObjectNode(
          context, nodeId, browseName, displayName, description, writeMask, userWriteMask,
          ubyte(o.eventNotifier()));
    } else if (definition instanceof VariableDefinition v) {
      return new UaVariableNode(
          context, nodeId, browseName, displayName, description, writeMask, userWriteMask,
          initialValue(v.value().map(value -> value.toVariant(id -> reindex(id, ns))).orElse(null)),
          reindex(v.dataType(), ns),
          v.valueRank(),
          dimensions(v.arrayDimensions()),
          ubyte(v.accessLevel()),
          ubyte(v.userAccessLevel()),
          v.minimumSamplingInterval(),
          v.historizing());
    } else if (definition instanceof MethodDefinition m) {
      return new UaMethodNode(
          context, nodeId, browseName, displayName, description, writeMask, userWriteMask,
          m.executable(), m.userExecutable());
    } else if (definition instanceof ObjectTypeDefinition t) {
      return new UaObjectTypeNode(
          context, nodeId, browseName, displayName, description, writeMask, userWriteMask,
          t.isAbstract());
    } else if (definition instanceof VariableTypeDefinition t) {
      return new UaVariableTypeNode(
          context, nodeId, browseName, displayName, description, writeMask, userWriteMask,
          initialValue(t.value().map(value -> value.toVariant(id -> reindex(id, ns))).orElse(null)),
          reindex(t.dataType(), ns),
          t.valueRank(),
          dimensions(t.arrayDimensions()),
          t.isAbstract());
    }
    throw new IllegalStateException("unhandled node definition " + definition);
  }

  /**
   * A value from the file is Good as of now; a variable without one (e.g. fed by a PLC later)
   * starts as Bad_WaitingForInitialData rather than a made-up value.
   */
  private static DataValue initialValue(Variant value) {
    DateTime now = DateTime.now();
    return value == null
        ? new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_WaitingForInitialData), null, now)
        : new DataValue(value, StatusCode.GOOD, now, now);
  }

  private static UInteger[] dimensions(List<UInteger> dimensions) {
    return dimensions.isEmpty() ? null : dimensions.toArray(UInteger[]::new);
  }

  private static QualifiedName reindex(QualifiedName name, int[] ns) {
    int fileIndex = name.getNamespaceIndex().intValue();
    return fileIndex == 0 ? name : new QualifiedName(ns[fileIndex], name.getName());
  }

  /**
   * All references with their inverses, de-duplicated (files often state both directions), plus
   * the HasTypeDefinition Milo's builders would add when the file gives none.
   */
  private static Set<Reference> references(
      NodeSetModel model, UaNodeContext context, int[] ns, Map<NodeId, UaNode> created)
      throws NodeSetException {
    NamespaceTable namespaceTable = context.getNamespaceTable();
    AddressSpaceManager server = context.getServer().getAddressSpaceManager();
    Set<Reference> references = new LinkedHashSet<>();
    for (NodeDefinition definition : model.nodes()) {
      NodeId source = reindex(definition.nodeId(), ns);
      for (ReferenceDefinition r : definition.references()) {
        NodeId type = reindex(r.referenceType(), ns);
        NodeId target = reindex(r.target(), ns);
        requireKnown(model, r, type, "ReferenceType", created, server);
        requireKnown(model, r, target, "target", created, server);
        add(references, new Reference(source, type, target.expanded(), r.forward()), namespaceTable);
      }
      if (definition.typeDefinition().isEmpty()) {
        if (definition instanceof VariableDefinition) {
          add(references, new Reference(source, NodeIds.HasTypeDefinition, NodeIds.BaseDataVariableType.expanded(), true), namespaceTable);
        } else if (definition instanceof ObjectDefinition) {
          add(references, new Reference(source, NodeIds.HasTypeDefinition, NodeIds.BaseObjectType.expanded(), true), namespaceTable);
        }
      }
    }
    return references;
  }

  private static void add(Set<Reference> references, Reference reference, NamespaceTable namespaceTable) {
    references.add(reference);
    reference.invert(namespaceTable).ifPresent(references::add);
  }

  private static void requireKnown(
      NodeSetModel model,
      ReferenceDefinition reference,
      NodeId nodeId,
      String what,
      Map<NodeId, UaNode> created,
      AddressSpaceManager server)
      throws NodeSetException {
    if (!created.containsKey(nodeId) && server.getManagedNode(nodeId).isEmpty()) {
      throw new NodeSetException(
          model.source(),
          reference.position(),
          "reference " + what + " " + nodeId.toParseableString() + " is not a node of this server");
    }
  }
}
