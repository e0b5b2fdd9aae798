package io.twinua.server.nodeset;

import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;

/** A {@code UAMethod}: the definition only; whoever implements it attaches a handler. */
public record MethodDefinition(
    CommonAttributes common,
    Optional<NodeId> parentNodeId,
    Optional<NodeId> methodDeclarationId,
    boolean executable,
    boolean userExecutable)
    implements NodeDefinition {

  @Override
  public NodeClass nodeClass() {
    return NodeClass.Method;
  }
}
