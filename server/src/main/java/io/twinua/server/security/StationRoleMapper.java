package io.twinua.server.security;

import java.util.List;
import org.eclipse.milo.opcua.sdk.server.RoleMapper;
import org.eclipse.milo.opcua.sdk.server.identity.Identity;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.jspecify.annotations.Nullable;

/**
 * Tells Milo the roles of each session ({@code OpcUaServerConfigBuilder.setRoleMapper}), as OPC
 * UA well-known role NodeIds (Part 3 §4.9.2): VIEWER → Observer, OPERATOR → Observer+Operator,
 * ENGINEER → Observer+Operator+Engineer, PARTNER → Observer + {@link #PARTNER_ROLE_ID}. Logged-in
 * users also get AuthenticatedUser, anonymous sessions Anonymous. Identities not made by {@link
 * StationIdentityValidator} get no roles. Same channel rule as {@link StationRoles}: on a channel
 * without security every role is limited to VIEWER.
 */
public final class StationRoleMapper implements RoleMapper {

  /**
   * TwinUA's own role for the partner station; there is no standard one. Namespace 1 is the
   * server's own namespace (its application URI) in Milo.
   */
  public static final NodeId PARTNER_ROLE_ID = new NodeId(1, "TwinUA.Role.Partner");

  @Override
  public List<NodeId> getRoleIds(@Nullable Identity identity) {
    // without the endpoint the channel security is unknown: assume the weakest
    return roleIds(identity, null);
  }

  @Override
  public List<NodeId> getRoleIds(
      @Nullable Identity identity, String applicationUri, @Nullable EndpointDescription endpoint) {
    return roleIds(identity, endpoint);
  }

  private static List<NodeId> roleIds(@Nullable Identity identity, @Nullable EndpointDescription endpoint) {
    if (!(identity instanceof StationIdentity stationIdentity)) {
      return List.of();
    }
    Role role =
        StationRoles.limit(stationIdentity.role(), endpoint == null ? null : endpoint.getSecurityMode());
    NodeId who =
        identity instanceof StationIdentity.Anonymous
            ? NodeIds.WellKnownRole_Anonymous
            : NodeIds.WellKnownRole_AuthenticatedUser;
    return switch (role) {
      case VIEWER -> List.of(who, NodeIds.WellKnownRole_Observer);
      case OPERATOR -> List.of(who, NodeIds.WellKnownRole_Observer, NodeIds.WellKnownRole_Operator);
      case ENGINEER -> List.of(
          who,
          NodeIds.WellKnownRole_Observer,
          NodeIds.WellKnownRole_Operator,
          NodeIds.WellKnownRole_Engineer);
      case PARTNER -> List.of(who, NodeIds.WellKnownRole_Observer, PARTNER_ROLE_ID);
    };
  }
}
