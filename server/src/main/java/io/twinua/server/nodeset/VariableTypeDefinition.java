package io.twinua.server.nodeset;

import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;

/** A {@code UAVariableType}. */
public record VariableTypeDefinition(
    CommonAttributes common,
    NodeId dataType,
    int valueRank,
    List<UInteger> arrayDimensions,
    boolean isAbstract,
    Optional<NodeValue> value)
    implements NodeDefinition {

  public VariableTypeDefinition {
    arrayDimensions = List.copyOf(arrayDimensions);
  }

  @Override
  public NodeClass nodeClass() {
    return NodeClass.VariableType;
  }
}
