package io.twinua.server.health.restart;

import io.twinua.server.health.restart.RestartPolicy.Decision;
import io.twinua.server.security.LogText;
import io.twinua.server.security.Role;
import io.twinua.server.security.StationRoles;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.UaNodeManager;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Objects/@Station} in the plant namespace: {@code ProjectDigest} (the digest of the project
 * this station runs, readable by anyone, so a rolling change can see that a restarted station runs
 * the new project) and {@code Restart(Reason) -> (Accepted, Message)}, engineers only: asks for a
 * whole-station restart under the same bounds as an automatic one, and answers with the decision
 * that was raised as a system message.
 */
public final class RestartMethod {

  public static final String OBJECT = "@Station";
  public static final String RESTART = OBJECT + ".Restart";
  public static final String PROJECT_DIGEST = OBJECT + ".ProjectDigest";

  private static final Logger LOG = LoggerFactory.getLogger(RestartMethod.class);

  private static final Argument REASON = new Argument("Reason", NodeIds.String, ValueRanks.Scalar, null,
      LocalizedText.english("why the station should restart (logged)"));
  private static final Argument ACCEPTED = new Argument("Accepted", NodeIds.Boolean, ValueRanks.Scalar, null,
      LocalizedText.english("true: the station restarts after the announced delay"));
  private static final Argument MESSAGE = new Argument("Message", NodeIds.String, ValueRanks.Scalar, null,
      LocalizedText.english("the system message of the decision"));

  private RestartMethod() {}

  public static void install(UaNodeContext context, UaNodeManager nodes, int namespaceIndex, String projectDigest,
      StationRestart restart) {
    UaFolderNode station = new UaFolderNode(context, new NodeId(namespaceIndex, OBJECT),
        new QualifiedName(namespaceIndex, OBJECT), LocalizedText.english(OBJECT));
    nodes.addNode(station);
    station.addReference(new Reference(station.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));

    UaVariableNode digest = new UaVariableNode.UaVariableNodeBuilder(context)
        .setNodeId(new NodeId(namespaceIndex, PROJECT_DIGEST))
        .setBrowseName(new QualifiedName(namespaceIndex, "ProjectDigest"))
        .setDisplayName(LocalizedText.english("ProjectDigest"))
        .setDataType(NodeIds.String)
        .setTypeDefinition(NodeIds.BaseDataVariableType)
        .setAccessLevel(AccessLevel.READ_ONLY)
        .setUserAccessLevel(AccessLevel.READ_ONLY)
        .setValue(new DataValue(new Variant(projectDigest), StatusCode.GOOD, DateTime.now()))
        .build();
    nodes.addNode(digest);
    station.addComponent(digest);

    UaMethodNode method = UaMethodNode.builder(context)
        .setNodeId(new NodeId(namespaceIndex, RESTART))
        .setBrowseName(new QualifiedName(namespaceIndex, "Restart"))
        .setDisplayName(LocalizedText.english("Restart"))
        .build();
    method.setInputArguments(new Argument[] {REASON});
    method.setOutputArguments(new Argument[] {ACCEPTED, MESSAGE});
    method.setInvocationHandler(new AbstractMethodInvocationHandler(method) {
      @Override
      public Argument[] getInputArguments() {
        return new Argument[] {REASON};
      }

      @Override
      public Argument[] getOutputArguments() {
        return new Argument[] {ACCEPTED, MESSAGE};
      }

      @Override
      protected Variant[] invoke(InvocationContext ctx, Variant[] in) throws UaException {
        Session session = ctx.getSession().orElse(null);
        if (!StationRoles.permits(session, Role::canControlRedundancy)) {
          LOG.warn("@Station.Restart refused for {}: engineers only", session == null ? "(no session)" : LogText.of(session.getClientUserId()));
          throw new UaException(StatusCodes.Bad_UserAccessDenied, "Restart is for engineers only");
        }
        String reason = in.length > 0 && in[0].value() instanceof String s && !s.isBlank() ? s : "no reason given";
        String who = session.getClientUserId();
        Decision d = restart.onRequest("requested by " + who + ": " + reason);
        LOG.info("@Station.Restart by {} ({}): {}", LogText.of(who), LogText.of(reason), LogText.of(d.text(), LogText.MAX_LINE_CHARS));
        return new Variant[] {new Variant(d.restart()), new Variant(d.text())};
      }
    });
    nodes.addNode(method);
    station.addComponent(method);
  }
}
