package io.twinua.server.nodeset;

import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;

/** One node of a NodeSet file, as defined there (NodeIds file-relative). */
public sealed interface NodeDefinition
    permits ObjectDefinition,
        VariableDefinition,
        MethodDefinition,
        ObjectTypeDefinition,
        VariableTypeDefinition {

  CommonAttributes common();

  NodeClass nodeClass();

  default NodeId nodeId() {
    return common().nodeId();
  }

  default QualifiedName browseName() {
    return common().browseName();
  }

  default List<ReferenceDefinition> references() {
    return common().references();
  }

  default SourcePosition position() {
    return common().position();
  }

  /** Target of the forward HasTypeDefinition reference, if the file gives one. */
  default Optional<NodeId> typeDefinition() {
    return references().stream()
        .filter(r -> r.forward() && NodeIds.HasTypeDefinition.equals(r.referenceType()))
        .map(ReferenceDefinition::target)
        .findFirst();
  }
}
