package io.twinua.server.health;

import io.twinua.server.security.Role;
import io.twinua.server.security.StationRoles;
import java.util.Locale;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.UaNodeManager;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;

/**
 * {@code Objects/@FaultInjection/@RM_InjectFault(Part, Fault)} in the plant namespace: hangs or
 * kills a named monitored part of this station for real ({@link FaultInjection}). Only installed
 * when the station file says {@code diagnostics: {faultInjection: true}}; Milo 1.1.2 does no access
 * check on method calls, so the handler does: engineers only, everyone else gets
 * Bad_UserAccessDenied. An unknown part is Bad_InvalidArgument naming the known ones.
 */
public final class FaultInjectionMethod {

  public static final String OBJECT_ID = "@FaultInjection";
  public static final String METHOD_ID = "@RM_InjectFault";

  private static final Argument[] INPUTS = {
    new Argument("Part", NodeIds.String, ValueRanks.Scalar, null,
        LocalizedText.english("a monitored part, e.g. 'alarm service', 'process connection AS1', 'alarm sync'")),
    new Argument("Fault", NodeIds.String, ValueRanks.Scalar, null,
        LocalizedText.english("'hang' (block its thread) or 'kill' (its worker dies with an exception)"))
  };

  private final UaNodeContext context;
  private final UaNodeManager nodes;
  private final int namespaceIndex;
  private final FaultInjection faults;

  public FaultInjectionMethod(UaNodeContext context, UaNodeManager nodes, int namespaceIndex, FaultInjection faults) {
    this.context = context;
    this.nodes = nodes;
    this.namespaceIndex = namespaceIndex;
    this.faults = faults;
  }

  /** Adds the object and its method to the plant namespace. */
  public void install() {
    UaFolderNode object = new UaFolderNode(context, new NodeId(namespaceIndex, OBJECT_ID),
        new QualifiedName(namespaceIndex, OBJECT_ID), LocalizedText.english("FaultInjection"));
    nodes.addNode(object);
    object.addReference(new Reference(object.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
    UaMethodNode method = UaMethodNode.builder(context)
        .setNodeId(new NodeId(namespaceIndex, METHOD_ID))
        .setBrowseName(new QualifiedName(namespaceIndex, METHOD_ID))
        .setDisplayName(LocalizedText.english("InjectFault"))
        .build();
    method.setInputArguments(INPUTS);
    method.setOutputArguments(new Argument[0]);
    method.setInvocationHandler(new Handler(method));
    nodes.addNode(method);
    object.addComponent(method);
  }

  private final class Handler extends AbstractMethodInvocationHandler {
    Handler(UaMethodNode node) {
      super(node);
    }

    @Override
    public Argument[] getInputArguments() {
      return INPUTS;
    }

    @Override
    public Argument[] getOutputArguments() {
      return new Argument[0];
    }

    @Override
    protected Variant[] invoke(InvocationContext ctx, Variant[] in) throws UaException {
      if (!StationRoles.permits(ctx.getSession().orElse(null), Role::canInjectFaults)) {
        throw new UaException(StatusCodes.Bad_UserAccessDenied, METHOD_ID + " is for engineers only");
      }
      String part = text(in[0], "Part");
      String fault = text(in[1], "Fault").toLowerCase(Locale.ROOT);
      boolean done = switch (fault) {
        case "hang" -> faults.hang(part);
        case "kill" -> faults.kill(part);
        default -> throw new UaException(StatusCodes.Bad_InvalidArgument, "Fault must be 'hang' or 'kill'");
      };
      if (!done) {
        throw new UaException(StatusCodes.Bad_InvalidArgument, "no part '" + part + "'; known: " + faults.parts());
      }
      return new Variant[0];
    }
  }

  private static String text(Variant v, String name) throws UaException {
    if (!(v.getValue() instanceof String s) || s.isBlank()) {
      throw new UaException(StatusCodes.Bad_InvalidArgument, name + " must be a non-empty String");
    }
    return s.trim();
  }
}
