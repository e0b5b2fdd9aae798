package io.twinua.server.redundancy.uanodes;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.UaNodeManager;
import org.eclipse.milo.opcua.sdk.server.model.objects.NonTransparentRedundancyTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.ServerRedundancyTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.ServerTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.enumerated.RedundancySupport;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ServerState;
import org.eclipse.milo.opcua.stack.core.types.structured.RedundantServerDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard redundancy view of a station (Part 4 §6.6.2, Part 5 §6.3.7): {@code
 * Server/ServerRedundancy} as a NonTransparentRedundancyType with RedundancySupport Hot and the
 * ServerUriArray of both stations, its RedundantServerArray, {@code Server/ServiceLevel} and
 * {@code Server/EstimatedReturnTime}. Clients of a non-transparent pair read these to choose a
 * server; the station sets them whenever its role or health changes.
 *
 * <p>Milo 1.1.2 builds i=2296 as the base ServerRedundancyType (RedundancySupport None) and
 * leaves ServerUriArray (i=11314) unreferenced; {@link #install} replaces the node in place.
 * Values set here reach subscribers through ns0's own sampling (100 ms).
 */
public final class ServerRedundancyNodes {

  private static final Logger LOG = LoggerFactory.getLogger(ServerRedundancyNodes.class);

  private final OpcUaServer server;
  private final NonTransparentRedundancyTypeNode redundancy;
  private final List<String> serverUris;

  private ServerRedundancyNodes(
      OpcUaServer server, NonTransparentRedundancyTypeNode redundancy, List<String> serverUris) {
    this.server = server;
    this.redundancy = redundancy;
    this.serverUris = serverUris;
  }

  /**
   * Replaces {@code Server/ServerRedundancy} with a NonTransparentRedundancyType node (Hot,
   * ServerUriArray = {@code serverUris}) and fills RedundantServerArray with every server in
   * state Unknown, level 0 until the station says otherwise. Call once per server, before or
   * after {@code startup()}.
   *
   * @param serverUris both stations' application URIs, in the same order on both stations; must
   *     contain this server's own application URI
   * @throws IllegalArgumentException naming the problem (blank, duplicate, own URI missing)
   * @throws IllegalStateException if ns0 does not have the nodes Milo 1.1.2 builds
   */
  public static ServerRedundancyNodes install(OpcUaServer server, List<String> serverUris) {
    Objects.requireNonNull(server, "server");
    List<String> uris = validUris(serverUris, server.getConfig().getApplicationUri());

    UaNodeManager nodes = server.getOpcUaNamespace().getNodeManager();
    UaNodeContext context = server.getOpcUaNamespace().getNodeContext();
    UaNode old = nodes.get(NodeIds.Server_ServerRedundancy);
    if (!(old instanceof ServerRedundancyTypeNode base)) {
      throw new IllegalStateException("ns0 has no ServerRedundancyType node " + NodeIds.Server_ServerRedundancy);
    }
    NonTransparentRedundancyTypeNode node;
    if (old instanceof NonTransparentRedundancyTypeNode already) {
      node = already;
    } else {
      node =
          new NonTransparentRedundancyTypeNode(
              context,
              base.getNodeId(),
              base.getBrowseName(),
              base.getDisplayName(),
              base.getDescription(),
              base.getWriteMask(),
              base.getUserWriteMask(),
              base.getRolePermissions(),
              base.getUserRolePermissions(),
              base.getAccessRestrictions(),
              base.getEventNotifier());
      // references live in the node manager, keyed by NodeId: the new node inherits them all
      nodes.addNode(node);
      retype(node);
    }
    UaNode uriArray = nodes.get(NodeIds.Server_ServerRedundancy_ServerUriArray);
    if (!(uriArray instanceof UaVariableNode)) {
      throw new IllegalStateException("ns0 has no ServerUriArray node " + NodeIds.Server_ServerRedundancy_ServerUriArray);
    }
    Reference hasUriArray =
        new Reference(
            node.getNodeId(),
            NodeIds.HasProperty,
            NodeIds.Server_ServerRedundancy_ServerUriArray.expanded(),
            true);
    if (!node.getReferences().contains(hasUriArray)) {
      node.addReference(hasUriArray);
    }
    if (node.getRedundantServerArrayNode() == null) {
      throw new IllegalStateException("ns0 has no RedundantServerArray node " + NodeIds.Server_ServerRedundancy_RedundantServerArray);
    }

    node.setRedundancySupport(RedundancySupport.Hot);
    node.setServerUriArray(uris.toArray(String[]::new));
    var installed = new ServerRedundancyNodes(server, node, uris);
    installed.setRedundantServers(
        uris.stream().map(uri -> new RedundantServer(uri, 0, ServerState.Unknown)).toList());
    LOG.info("ServerRedundancy: NonTransparent, Hot, servers {}", uris);
    return installed;
  }

  private static void retype(NonTransparentRedundancyTypeNode node) {
    for (Reference r : node.getReferences()) {
      if (r.isForward() && r.getReferenceTypeId().equals(NodeIds.HasTypeDefinition)) {
        node.removeReference(r);
      }
    }
    node.addReference(
        new Reference(
            node.getNodeId(),
            NodeIds.HasTypeDefinition,
            NodeIds.NonTransparentRedundancyType.expanded(),
            true));
  }

  private static List<String> validUris(List<String> serverUris, String ownUri) {
    Objects.requireNonNull(serverUris, "serverUris");
    if (serverUris.isEmpty()) {
      throw new IllegalArgumentException("ServerUriArray: no server URIs given");
    }
    var seen = new HashSet<String>();
    for (String uri : serverUris) {
      if (uri == null || uri.isBlank()) {
        throw new IllegalArgumentException("ServerUriArray: blank server URI in " + serverUris);
      }
      if (!seen.add(uri)) {
        throw new IllegalArgumentException("ServerUriArray: duplicate server URI " + uri);
      }
    }
    if (!seen.contains(ownUri)) {
      throw new IllegalArgumentException(
          "ServerUriArray " + serverUris + " does not contain this server's application URI " + ownUri);
    }
    return List.copyOf(serverUris);
  }

  static int requireServiceLevel(int level) {
    if (level < 0 || level > 255) {
      throw new IllegalArgumentException("ServiceLevel must be 0..255, got " + level);
    }
    return level;
  }

  /** The URIs in ServerUriArray order. */
  public List<String> serverUris() {
    return serverUris;
  }

  /** {@code Server/ServiceLevel} (i=2267), 0..255 (see the design's ServiceLevel algorithm). */
  public void setServiceLevel(int level) {
    serverNode().setServiceLevel(ubyte(requireServiceLevel(level)));
  }

  public int serviceLevel() {
    return serverNode().getServiceLevel().intValue();
  }

  /**
   * {@code ServerRedundancy/RedundantServerArray}: one entry per server of ServerUriArray, written
   * in ServerUriArray order whatever order they come in.
   *
   * @throws IllegalArgumentException if a server is missing, unknown or given twice
   */
  public void setRedundantServers(List<RedundantServer> servers) {
    Objects.requireNonNull(servers, "servers");
    Map<String, RedundantServer> byUri = new HashMap<>();
    for (RedundantServer s : servers) {
      if (!serverUris.contains(s.serverUri())) {
        throw new IllegalArgumentException("RedundantServerArray: " + s.serverUri() + " is not in ServerUriArray " + serverUris);
      }
      if (byUri.put(s.serverUri(), s) != null) {
        throw new IllegalArgumentException("RedundantServerArray: " + s.serverUri() + " given twice");
      }
    }
    var array = new ArrayList<RedundantServerDataType>(serverUris.size());
    for (String uri : serverUris) {
      RedundantServer s = byUri.get(uri);
      if (s == null) {
        throw new IllegalArgumentException("RedundantServerArray: no entry for " + uri);
      }
      array.add(new RedundantServerDataType(s.serverUri(), ubyte(s.serviceLevel()), s.state()));
    }
    redundancy.setRedundantServerArray(array.toArray(RedundantServerDataType[]::new));
  }

  /**
   * {@code Server/EstimatedReturnTime} (Part 5 §6.3.1): when a planned maintenance shutdown is
   * expected to end. {@link DateTime#NULL_VALUE} means "no estimate".
   */
  public void setEstimatedReturnTime(DateTime time) {
    Objects.requireNonNull(time, "time");
    serverNode().setEstimatedReturnTime(time);
  }

  private ServerTypeNode serverNode() {
    return (ServerTypeNode) server.getOpcUaNamespace().getNodeManager().get(NodeIds.Server);
  }
}
