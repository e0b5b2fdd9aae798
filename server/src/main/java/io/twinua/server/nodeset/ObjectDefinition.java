package io.twinua.server.nodeset;

import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/** A {@code UAObject}. */
public record ObjectDefinition(
    CommonAttributes common, Optional<NodeId> parentNodeId, int eventNotifier)
    implements NodeDefinition {

  @Override
  public NodeClass nodeClass() {
    return NodeClass.Object;
  }
}
